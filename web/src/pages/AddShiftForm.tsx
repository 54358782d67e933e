import { Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createShiftInput } from '../../../shared/timekeeping/shift-input';
import { api, unwrap } from '../api/client';
import type { Location } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { TimeRangeInputs } from '../components/TimeRangeInputs';
import { showBodyErrors, shownBodyFields, validateBody } from '../lib/schema-forms';
import { addDays, dayLabel, instantAt } from '../lib/zoned';
import { ShiftConflicts } from './ShiftConflicts';
import { orNull } from './shift-forms';

interface AddValues {
  employeeId: string | null;
  day: string;
  start: string;
  end: string;
  role: string;
}

/** Body fields → the inputs that hold them. */
const FIELDS = { startsAt: 'start', endsAt: 'end' };

/** The create body: a shift ending at or before its start time ends the next day. */
const toBody = (location: Location, values: AddValues) => {
  const endDay = values.end <= values.start ? addDays(values.day, 1) : values.day;
  return {
    locationId: location.id,
    employeeId: values.employeeId || null,
    startsAt: instantAt(values.day, values.start, location.timeZone),
    endsAt: instantAt(endDay, values.end, location.timeZone),
    role: orNull(values.role),
  };
};

/** Adds a draft shift on one of the week's days, in the location's time zone. */
export function AddShiftForm({
  location,
  days,
  employees,
}: {
  location: Location;
  days: string[];
  employees: { value: string; label: string }[];
}) {
  const queryClient = useQueryClient();
  const form = useForm<AddValues>({
    initialValues: { employeeId: null, day: days[0] ?? '', start: '09:00', end: '17:00', role: '' },
    validate: validateBody(createShiftInput, (values: AddValues) => toBody(location, values), FIELDS),
  });
  const create = useMutation({
    mutationFn: (values: AddValues) => unwrap(api.POST('/api/v1/shifts', { body: toBody(location, values) })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['shifts', location.id] }),
    onError: (error) => showBodyErrors(form, error, FIELDS),
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} aria-label="Add a shift" noValidate>
      <Stack maw={480}>
        <Title order={3}>Add a shift</Title>
        <Select
          label="Employee"
          placeholder="Open shift"
          description="Leave empty for an open shift anyone can take"
          data={employees}
          clearable
          searchable
          {...form.getInputProps('employeeId')}
        />
        <Select
          label="Day"
          data={days.map((day) => ({ value: day, label: dayLabel(day) }))}
          allowDeselect={false}
          {...form.getInputProps('day')}
        />
        <TimeRangeInputs
          form={form}
          start={{ field: 'start', label: 'Starts' }}
          end={{ field: 'end', label: 'Ends' }}
        />
        <TextInput label="Role" description="Optional" {...form.getInputProps('role')} />
        <ProblemAlert error={create.error} shownFields={shownBodyFields(form.values, FIELDS)} />
        <ShiftConflicts conflicts={create.data?.conflicts ?? []} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add shift
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
