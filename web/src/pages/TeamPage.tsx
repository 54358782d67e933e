import {
  Badge,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useEmployees, useLocations } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { PageState } from './PageState';
import { TeamAccess } from './TeamAccess';

/** Staff: who works where, who has a kiosk PIN, and adding someone. */
export function TeamPage() {
  const employees = useEmployees();
  const locations = useLocations();
  const locationName = new Map(locations.data?.map((l) => [l.id, l.name]));
  return (
    <Stack>
      <Title order={2}>Team</Title>
      <PageState
        pending={employees.isPending}
        error={employees.error}
        empty={employees.data?.length === 0}
        emptyText="No staff yet. Add the first person below."
      >
        <Table striped aria-label="Employees">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Locations</Table.Th>
              <Table.Th>Kiosk PIN</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {employees.data?.map((employee) => (
              <Table.Tr key={employee.id}>
                <Table.Td>{employee.name}</Table.Td>
                <Table.Td>{employee.email}</Table.Td>
                <Table.Td>{employee.jobRole}</Table.Td>
                <Table.Td>{employee.locationIds.map((id) => locationName.get(id) ?? id).join(', ')}</Table.Td>
                <Table.Td>
                  {employee.hasPin ? <Badge color="teal">Set</Badge> : <Badge color="gray">None</Badge>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <AddEmployeeForm locations={locations.data?.map((l) => ({ value: l.id, label: l.name })) ?? []} />
      <TeamAccess />
    </Stack>
  );
}

/** Today in the browser's time zone, YYYY-MM-DD. */
const today = () => new Date().toLocaleDateString('en-CA');

function AddEmployeeForm({ locations }: { locations: { value: string; label: string }[] }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: '',
      email: '',
      jobRole: '',
      locationIds: [] as string[],
      hourlyRate: '' as number | string,
      rateEffectiveFrom: today(),
      pin: '',
    },
  });
  const create = useMutation({
    mutationFn: ({ hourlyRate, ...values }: typeof form.values) =>
      unwrap(
        api.POST('/api/v1/employees', {
          body: {
            name: values.name,
            email: values.email || null,
            jobRole: values.jobRole || null,
            locationIds: values.locationIds,
            ...(hourlyRate === ''
              ? {}
              : {
                  hourlyRateMinor: Math.round(Number(hourlyRate) * 100),
                  rateEffectiveFrom: values.rateEffectiveFrom,
                }),
            ...(values.pin ? { pin: values.pin } : {}),
          },
        }),
      ),
    onSuccess: () => {
      form.reset();
      return queryClient.invalidateQueries({ queryKey: ['employees'] });
    },
    onError: (error) => {
      showFieldErrors(form, error);
      // The API names the rate `hourlyRateMinor`; the form asks for it in currency units.
      const rateError = form.errors.hourlyRateMinor;
      if (rateError) form.setFieldError('hourlyRate', rateError);
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} aria-label="Add an employee">
      <Stack maw={480}>
        <Title order={3}>Add an employee</Title>
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" description="Optional" {...form.getInputProps('email')} />
        <TextInput label="Job role" description="Barista, cook…" {...form.getInputProps('jobRole')} />
        <MultiSelect label="Locations" data={locations} searchable {...form.getInputProps('locationIds')} />
        <Group grow>
          <NumberInput label="Hourly rate" decimalScale={2} min={0} {...form.getInputProps('hourlyRate')} />
          <TextInput label="Rate from" type="date" {...form.getInputProps('rateEffectiveFrom')} />
        </Group>
        <TextInput
          label="Kiosk PIN"
          description="4 to 6 digits, for clocking in at a kiosk"
          inputMode="numeric"
          autoComplete="off"
          {...form.getInputProps('pin')}
        />
        <ProblemAlert error={create.error} shownFields={Object.keys(form.values)} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add employee
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
