import {
  Alert,
  Button,
  Divider,
  Drawer,
  Group,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { updateShiftInput } from '../../../shared/timekeeping/shift-input';
import { api, unwrap } from '../api/client';
import type { Location, Shift } from '../api/queries';
import { ConfirmAction } from '../components/FormActions';
import { ProblemAlert } from '../components/ProblemAlert';
import { showBodyErrors, shownBodyFields, validateBody } from '../lib/schema-forms';
import { instantAt, localDate, localTime } from '../lib/zoned';
import { ShiftConflicts } from './ShiftConflicts';
import { orNull } from './shift-forms';

type Options = { value: string; label: string }[];

interface EditValues {
  employeeId: string | null;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  role: string;
  notes: string;
}

/** Body fields → the inputs that hold them. */
const FIELDS = { startsAt: 'startTime', endsAt: 'endTime' };

/**
 * The PATCH body. The employee goes along only when changed, so a shift of someone since
 * archived can still be moved.
 */
function toBody(shift: Shift, zone: string, values: EditValues) {
  const employeeId = values.employeeId || null;
  return {
    ...(employeeId === shift.employeeId ? {} : { employeeId }),
    startsAt: instantAt(values.startDate, values.startTime, zone),
    endsAt: instantAt(values.endDate, values.endTime, zone),
    role: orNull(values.role),
    notes: orNull(values.notes),
  };
}

interface ShiftDrawerProps {
  shift: Shift;
  location: Location;
  employees: Options;
  onClose: () => void;
}

/** One shift: who works it (or nobody yet: an open shift), when in the location's zone, and deleting it. */
export function ShiftDrawer({ shift, location, employees, onClose }: ShiftDrawerProps) {
  return (
    <Drawer opened onClose={onClose} position="right" size="md" title="Edit shift">
      <Stack gap="lg">
        {shift.published && (
          <Alert color="teal" p="xs">
            Published: the employee sees changes at once.
          </Alert>
        )}
        <EditForm shift={shift} location={location} employees={employees} onSaved={onClose} />
        <Divider />
        <DeleteSection shift={shift} locationId={location.id} onDeleted={onClose} />
      </Stack>
    </Drawer>
  );
}

function EditForm({
  shift,
  location,
  employees,
  onSaved,
}: Omit<ShiftDrawerProps, 'onClose'> & { onSaved: () => void }) {
  const queryClient = useQueryClient();
  const zone = location.timeZone;
  const form = useForm<EditValues>({
    initialValues: {
      employeeId: shift.employeeId,
      startDate: localDate(shift.startsAt, zone),
      startTime: localTime(shift.startsAt, zone),
      endDate: localDate(shift.endsAt, zone),
      endTime: localTime(shift.endsAt, zone),
      role: shift.role ?? '',
      notes: shift.notes ?? '',
    },
    validate: validateBody(updateShiftInput, (values: EditValues) => toBody(shift, zone, values), FIELDS),
  });
  // Someone archived since keeps their name here rather than showing an empty field.
  const options =
    shift.employeeId && !employees.some((e) => e.value === shift.employeeId)
      ? [...employees, { value: shift.employeeId, label: 'Former employee' }]
      : employees;
  const save = useMutation({
    mutationFn: (values: EditValues) =>
      unwrap(
        api.PATCH('/api/v1/shifts/{id}', {
          params: { path: { id: shift.id } },
          body: toBody(shift, zone, values),
        }),
      ),
    onSuccess: async ({ conflicts }) => {
      await queryClient.invalidateQueries({ queryKey: ['shifts'] });
      // With a double booking the drawer stays open to say so; otherwise it is done.
      if (conflicts.length === 0) onSaved();
    },
    onError: (error) => showBodyErrors(form, error, FIELDS),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label="Shift details" noValidate>
      <Stack>
        <Select
          label="Employee"
          placeholder="Open shift"
          description="Leave empty for an open shift anyone can take"
          data={options}
          clearable
          searchable
          {...form.getInputProps('employeeId')}
        />
        <Text size="sm" c="dimmed">
          Times in {zone}
        </Text>
        <Group grow align="start">
          <TextInput label="Start date" type="date" required {...form.getInputProps('startDate')} />
          <TextInput label="Start time" type="time" required {...form.getInputProps('startTime')} />
        </Group>
        <Group grow align="start">
          <TextInput label="End date" type="date" required {...form.getInputProps('endDate')} />
          <TextInput label="End time" type="time" required {...form.getInputProps('endTime')} />
        </Group>
        <TextInput label="Role" description="Optional" {...form.getInputProps('role')} />
        <Textarea
          label="Notes"
          description="Optional"
          autosize
          minRows={2}
          {...form.getInputProps('notes')}
        />
        <ProblemAlert error={save.error} shownFields={shownBodyFields(form.values, FIELDS)} />
        <ShiftConflicts conflicts={save.data?.conflicts ?? []} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save shift
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Deleting asks once more: a deleted shift is gone, not archived. */
function DeleteSection({
  shift,
  locationId,
  onDeleted,
}: {
  shift: Shift;
  locationId: string;
  onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/shifts/{id}', { params: { path: { id: shift.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['shifts', locationId] });
      onDeleted();
    },
  });
  return (
    <ConfirmAction
      label="Delete shift"
      confirmLabel="Yes, delete"
      groupLabel="Confirm deletion"
      question={
        <>
          Delete this shift{shift.published ? ', which its employee can already see' : ''}? This cannot be
          undone.
        </>
      }
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
    />
  );
}
