import { Button, Group, MultiSelect, NumberInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createEmployeeInput } from '../../../shared/timekeeping/employee-input';
import { api, unwrap } from '../api/client';
import { useSettings } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { showBodyErrors, shownBodyFields, validateBody } from '../lib/schema-forms';
import { readRate, today, withRateCheck } from './team-forms';

interface Values {
  name: string;
  email: string;
  jobRole: string;
  locationIds: string[];
  hourlyRate: number | string;
  rateEffectiveFrom: string;
  pin: string;
}

/** The API names the rate `hourlyRateMinor`; the form asks for it in major units of the currency. */
const RENAME = { hourlyRateMinor: 'hourlyRate' };

const toBody =
  (currency: string | undefined) =>
  ({ hourlyRate, ...values }: Values) => {
    const hourlyRateMinor = readRate(hourlyRate, currency).minor;
    return {
      name: values.name,
      email: values.email || null,
      jobRole: values.jobRole || null,
      locationIds: values.locationIds,
      ...(hourlyRateMinor === undefined
        ? {}
        : { hourlyRateMinor, rateEffectiveFrom: values.rateEffectiveFrom }),
      ...(values.pin ? { pin: values.pin } : {}),
    };
  };

/** Adds one employee, checked with the API's own schema before it is sent. */
export function AddEmployeeForm({ locations }: { locations: { value: string; label: string }[] }) {
  const queryClient = useQueryClient();
  const currency = useSettings().data?.currency;
  const form = useForm<Values>({
    initialValues: {
      name: '',
      email: '',
      jobRole: '',
      locationIds: [],
      hourlyRate: '',
      rateEffectiveFrom: today(),
      pin: '',
    },
    validate: withRateCheck(
      validateBody(createEmployeeInput, toBody(currency), RENAME),
      'hourlyRate',
      currency,
    ),
  });
  const create = useMutation({
    mutationFn: (values: Values) => unwrap(api.POST('/api/v1/employees', { body: toBody(currency)(values) })),
    onSuccess: () => {
      form.reset();
      return queryClient.invalidateQueries({ queryKey: ['employees'] });
    },
    onError: (error) => showBodyErrors(form, error, RENAME),
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} aria-label="Add an employee" noValidate>
      <Stack maw={480}>
        <Title order={3}>Add an employee</Title>
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" description="Optional" {...form.getInputProps('email')} />
        <TextInput label="Job role" description="Barista, cook…" {...form.getInputProps('jobRole')} />
        <MultiSelect label="Locations" data={locations} searchable {...form.getInputProps('locationIds')} />
        <Group grow>
          <NumberInput label="Hourly rate" min={0} {...form.getInputProps('hourlyRate')} />
          <TextInput label="Rate from" type="date" {...form.getInputProps('rateEffectiveFrom')} />
        </Group>
        <TextInput
          label="Kiosk PIN"
          description="4 to 6 digits, for clocking in at a kiosk"
          inputMode="numeric"
          autoComplete="off"
          {...form.getInputProps('pin')}
        />
        <ProblemAlert error={create.error} shownFields={shownBodyFields(form.values, RENAME)} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add employee
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
