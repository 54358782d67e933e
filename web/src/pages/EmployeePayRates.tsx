import { Badge, Button, Group, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { payRateInput } from '../../../shared/timekeeping/employee-input';
import { api, unwrap } from '../api/client';
import { usePayRates, useSettings } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatMoney } from '../lib/format';
import { showBodyErrors, shownBodyFields, validateBody } from '../lib/schema-forms';
import { PageState } from './PageState';
import { readRate, today, withRateCheck } from './team-forms';

interface Values {
  hourlyRate: number | string;
  effectiveFrom: string;
}

const RENAME = { hourlyRateMinor: 'hourlyRate' };
const toBody = (currency: string | undefined) => (values: Values) => ({
  hourlyRateMinor: readRate(values.hourlyRate, currency).minor,
  effectiveFrom: values.effectiveFrom,
});

/** An employee's hourly rates over time (payroll uses the one in force on each day) and a new one. */
export function EmployeePayRates({ employeeId }: { employeeId: string }) {
  const queryClient = useQueryClient();
  const rates = usePayRates(employeeId);
  const settings = useSettings();
  const currency = settings.data?.currency;
  const now = today();
  const current = rates.data?.filter((rate) => rate.effectiveFrom <= now).at(-1);
  const form = useForm<Values>({
    initialValues: { hourlyRate: '', effectiveFrom: now },
    validate: withRateCheck(validateBody(payRateInput, toBody(currency), RENAME), 'hourlyRate', currency),
  });
  const add = useMutation({
    mutationFn: (values: Values) =>
      unwrap(
        api.POST('/api/v1/employees/{id}/pay-rates', {
          params: { path: { id: employeeId } },
          body: payRateInput.parse(toBody(currency)(values)),
        }),
      ),
    onSuccess: (result) => {
      queryClient.setQueryData(['pay-rates', employeeId], result.data);
      form.reset();
    },
    onError: (error) => showBodyErrors(form, error, RENAME),
  });
  return (
    <Stack>
      <Title order={4}>Pay rates</Title>
      {/* The amounts need the currency's decimals: the table waits for the settings too. */}
      <PageState
        pending={rates.isPending || !currency}
        error={rates.error ?? settings.error}
        empty={rates.data?.length === 0}
        emptyText="No pay rate yet."
      >
        <Table aria-label="Pay rates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Effective from</Table.Th>
              <Table.Th>Hourly rate</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rates.data?.map((rate) => (
              <Table.Tr key={rate.effectiveFrom}>
                <Table.Td>
                  <Group gap="xs">
                    {rate.effectiveFrom === '1970-01-01' ? 'From the start' : rate.effectiveFrom}
                    {rate === current && <Badge size="sm">Current</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{currency && formatMoney(rate.hourlyRateMinor, currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <form onSubmit={form.onSubmit((values) => add.mutate(values))} aria-label="Add a rate" noValidate>
        <Stack gap="xs">
          <Group grow align="flex-start">
            <NumberInput label="Hourly rate" min={0} {...form.getInputProps('hourlyRate')} />
            <TextInput label="Effective from" type="date" {...form.getInputProps('effectiveFrom')} />
          </Group>
          <Text size="xs" c="dimmed">
            A rate starting on the same day as another replaces it.
          </Text>
          <ProblemAlert error={add.error} shownFields={shownBodyFields(form.values, RENAME)} />
          <Group>
            <Button type="submit" variant="light" loading={add.isPending}>
              Add rate
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
