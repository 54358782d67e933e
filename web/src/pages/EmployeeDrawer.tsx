import {
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  MultiSelect,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { pinInput, updateEmployeeInput } from '../../../shared/timekeeping/employee-input';
import { api, unwrap } from '../api/client';
import type { Employee } from '../api/queries';
import { SaveButton } from '../components/FormActions';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { validateBody } from '../lib/schema-forms';
import { EmployeePayRates } from './EmployeePayRates';

type Options = { value: string; label: string }[];

interface EmployeeDrawerProps {
  employee: Employee;
  locations: Options;
  /** Owners and admins edit everything; managers only set PINs. */
  canManage: boolean;
  /** Called with the employee as the server now has them. */
  onChange: (employee: Employee) => void;
  onClose: () => void;
}

/** One employee: details, pay rates, kiosk PIN, and archiving (kept for history) or restoring. */
export function EmployeeDrawer({ employee, locations, canManage, onChange, onClose }: EmployeeDrawerProps) {
  const queryClient = useQueryClient();
  const saved = (next: Employee) => {
    onChange(next);
    return queryClient.invalidateQueries({ queryKey: ['employees'] });
  };
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={employee.name}>
      <Stack gap="lg">
        {employee.archived && (
          <Badge color="gray" variant="outline">
            Archived
          </Badge>
        )}
        {canManage && <DetailsForm employee={employee} locations={locations} onSaved={saved} />}
        {canManage && <Divider />}
        {canManage && <EmployeePayRates employeeId={employee.id} />}
        {canManage && <Divider />}
        <PinForm employee={employee} onSaved={saved} />
        {canManage && <Divider />}
        {canManage && <ArchiveSection employee={employee} onSaved={saved} />}
      </Stack>
    </Drawer>
  );
}

interface DetailsValues {
  name: string;
  email: string;
  jobRole: string;
  locationIds: string[];
}

const detailsBody = (values: DetailsValues) => ({
  name: values.name,
  email: values.email.trim() || null,
  jobRole: values.jobRole.trim() || null,
  locationIds: values.locationIds,
});

function DetailsForm({
  employee,
  locations,
  onSaved,
}: {
  employee: Employee;
  locations: Options;
  onSaved: (employee: Employee) => unknown;
}) {
  const form = useForm<DetailsValues>({
    initialValues: {
      name: employee.name,
      email: employee.email ?? '',
      jobRole: employee.jobRole ?? '',
      locationIds: employee.locationIds,
    },
    validate: validateBody(updateEmployeeInput, detailsBody),
  });
  const save = useMutation({
    mutationFn: (values: DetailsValues) =>
      unwrap(
        api.PATCH('/api/v1/employees/{id}', {
          params: { path: { id: employee.id } },
          body: detailsBody(values),
        }),
      ),
    onSuccess: (next, values) => {
      form.resetDirty(values);
      return onSaved(next);
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label="Details" noValidate>
      <Stack>
        <Title order={4}>Details</Title>
        <TextInput label="Name" {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" description="Optional" {...form.getInputProps('email')} />
        <TextInput label="Job role" {...form.getInputProps('jobRole')} />
        <MultiSelect label="Locations" data={locations} searchable {...form.getInputProps('locationIds')} />
        <ProblemAlert error={save.error} shownFields={Object.keys(form.values)} />
        <SaveButton
          label="Save details"
          pending={save.isPending}
          dirty={form.isDirty()}
          saved={save.isSuccess}
        />
      </Stack>
    </form>
  );
}

function PinForm({ employee, onSaved }: { employee: Employee; onSaved: (employee: Employee) => unknown }) {
  const form = useForm({
    initialValues: { pin: '' },
    validate: validateBody(pinInput, (values: { pin: string }) => values),
  });
  const setPin = useMutation({
    mutationFn: async (pin: string | null) => {
      await unwrap(
        api.PUT('/api/v1/employees/{id}/pin', { params: { path: { id: employee.id } }, body: { pin } }),
      );
      return pin;
    },
    onSuccess: (pin) => {
      form.reset();
      return onSaved({ ...employee, hasPin: pin !== null });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit(({ pin }) => setPin.mutate(pin))} aria-label="Kiosk PIN" noValidate>
      <Stack>
        <Group gap="xs">
          <Title order={4}>Kiosk PIN</Title>
          {employee.hasPin ? <Badge color="teal">Set</Badge> : <Badge color="gray">None</Badge>}
        </Group>
        <TextInput
          label="New kiosk PIN"
          description="4 to 6 digits. Saving it also lifts a lockout after wrong PINs."
          inputMode="numeric"
          autoComplete="off"
          {...form.getInputProps('pin')}
        />
        <ProblemAlert error={setPin.error} shownFields={['pin']} />
        <Group>
          <Button type="submit" loading={setPin.isPending && setPin.variables !== null}>
            Save PIN
          </Button>
          {employee.hasPin && (
            <Button
              variant="subtle"
              color="red"
              loading={setPin.isPending && setPin.variables === null}
              onClick={() => setPin.mutate(null)}
            >
              Remove PIN
            </Button>
          )}
          {setPin.isSuccess && (
            <Text size="sm" c="teal" role="status">
              {setPin.data === null ? 'PIN removed' : 'PIN saved'}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function ArchiveSection({
  employee,
  onSaved,
}: {
  employee: Employee;
  onSaved: (employee: Employee) => unknown;
}) {
  const archive = useMutation({
    mutationFn: (archived: boolean) =>
      unwrap(
        api.PATCH('/api/v1/employees/{id}', { params: { path: { id: employee.id } }, body: { archived } }),
      ),
    onSuccess: onSaved,
  });
  return (
    <Stack gap="xs">
      <Title order={4}>{employee.archived ? 'Archived' : 'Archive'}</Title>
      <Text size="sm" c="dimmed">
        {employee.archived
          ? 'Kept for history, off the team list and the kiosk. Restored, they count towards your plan again.'
          : 'Archiving keeps their timesheets and pay history; they leave the team list and the kiosk and get no new shifts.'}
      </Text>
      <ProblemAlert error={archive.error} />
      <Group>
        <Button
          variant="light"
          color={employee.archived ? 'teal' : 'red'}
          loading={archive.isPending}
          onClick={() => archive.mutate(!employee.archived)}
        >
          {employee.archived ? `Restore ${employee.name}` : `Archive ${employee.name}`}
        </Button>
      </Group>
    </Stack>
  );
}
