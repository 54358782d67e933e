import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { type Location, useEmployees, useLocations } from '../api/queries';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { addDays, dayLabel, localDate, localTime, mondayOfThisWeek, zonedToIso } from '../lib/zoned';
import { PageState } from './PageState';

type Shift = components['schemas']['Shift'];

/** Ids of shifts that overlap another shift of the same employee (double booking). */
function overlapping(shifts: Shift[]): Set<string> {
  const found = new Set<string>();
  for (const a of shifts)
    for (const b of shifts)
      if (
        a.id !== b.id &&
        a.employeeId &&
        a.employeeId === b.employeeId &&
        a.startsAt < b.endsAt &&
        b.startsAt < a.endsAt
      )
        found.add(a.id);
  return found;
}

/** The week grid of one location: shifts per day, add a shift, publish the week. */
export function SchedulePage() {
  const locations = useLocations();
  const [locationId, setLocationId] = useState<string | null>(null);
  const location = locations.data?.find((l) => l.id === locationId) ?? locations.data?.[0];
  return (
    <Stack>
      <Title order={2}>Schedule</Title>
      <PageState
        pending={locations.isPending}
        error={locations.error}
        empty={!location}
        emptyText="Add a location first: each location has its own schedule."
      >
        <Select
          label="Location"
          maw={320}
          data={locations.data?.map((l) => ({ value: l.id, label: l.name })) ?? []}
          value={location?.id ?? null}
          onChange={setLocationId}
          allowDeselect={false}
        />
        {location && <Week key={location.id} location={location} />}
      </PageState>
    </Stack>
  );
}

function Week({ location }: { location: Location }) {
  const [weekStart, setWeekStart] = useState(() => mondayOfThisWeek(location.timeZone));
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const from = zonedToIso(weekStart, '00:00', location.timeZone);
  const to = zonedToIso(addDays(weekStart, 7), '00:00', location.timeZone);
  const queryClient = useQueryClient();
  const shifts = useQuery({
    queryKey: ['shifts', location.id, from],
    queryFn: async () =>
      (
        await unwrap(
          api.GET('/api/v1/shifts', { params: { query: { from, to, locationId: location.id, limit: 500 } } }),
        )
      ).data,
  });
  const employees = useEmployees();
  const name = new Map(employees.data?.map((e) => [e.id, e.name]));
  const publish = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/shifts/publish', { body: { locationId: location.id, from, to } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['shifts', location.id] }),
  });
  const drafts = shifts.data?.filter((s) => !s.published).length ?? 0;
  const clashes = overlapping(shifts.data ?? []);
  return (
    <Stack>
      <Group>
        <Button
          variant="default"
          onClick={() => setWeekStart(addDays(weekStart, -7))}
          aria-label="Previous week"
        >
          ‹
        </Button>
        <Text fw={600}>Week of {dayLabel(weekStart)}</Text>
        <Button variant="default" onClick={() => setWeekStart(addDays(weekStart, 7))} aria-label="Next week">
          ›
        </Button>
        <Button onClick={() => publish.mutate()} loading={publish.isPending} disabled={drafts === 0}>
          Publish week ({drafts} draft{drafts === 1 ? '' : 's'})
        </Button>
      </Group>
      <ProblemAlert error={publish.error} />
      <PageState pending={shifts.isPending} error={shifts.error}>
        <SimpleGrid cols={{ base: 1, sm: 4, lg: 7 }} spacing="xs">
          {days.map((day) => (
            <Stack key={day} gap={4} aria-label={dayLabel(day)}>
              <Text fw={600} size="sm">
                {dayLabel(day)}
              </Text>
              {shifts.data
                ?.filter((s) => localDate(s.startsAt, location.timeZone) === day)
                .map((shift) => (
                  <Card key={shift.id} withBorder p="xs" data-testid="shift">
                    <Text size="sm" fw={600}>
                      {shift.employeeId ? (name.get(shift.employeeId) ?? 'Employee') : 'Open shift'}
                    </Text>
                    <Text size="xs">
                      {localTime(shift.startsAt, location.timeZone)}–
                      {localTime(shift.endsAt, location.timeZone)}
                      {shift.role ? ` · ${shift.role}` : ''}
                    </Text>
                    <Group gap={4} mt={4}>
                      <Badge size="xs" color={shift.published ? 'teal' : 'gray'}>
                        {shift.published ? 'Published' : 'Draft'}
                      </Badge>
                      {clashes.has(shift.id) && (
                        <Badge size="xs" color="red">
                          Overlaps
                        </Badge>
                      )}
                    </Group>
                  </Card>
                ))}
            </Stack>
          ))}
        </SimpleGrid>
      </PageState>
      <AddShiftForm
        location={location}
        days={days}
        employees={employees.data?.map((e) => ({ value: e.id, label: e.name })) ?? []}
      />
    </Stack>
  );
}

function AddShiftForm({
  location,
  days,
  employees,
}: {
  location: Location;
  days: string[];
  employees: { value: string; label: string }[];
}) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      employeeId: '' as string | null,
      day: days[0] ?? '',
      start: '09:00',
      end: '17:00',
      role: '',
    },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) => {
      // A shift ending at or before its start time ends the next day.
      const endDay = values.end <= values.start ? addDays(values.day, 1) : values.day;
      return unwrap(
        api.POST('/api/v1/shifts', {
          body: {
            locationId: location.id,
            employeeId: values.employeeId || null,
            startsAt: zonedToIso(values.day, values.start, location.timeZone),
            endsAt: zonedToIso(endDay, values.end, location.timeZone),
            role: values.role || null,
          },
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['shifts', location.id] }),
    onError: (error) => showFieldErrors(form, error),
  });
  const conflicts = create.data?.conflicts ?? [];
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} aria-label="Add a shift">
      <Stack maw={480}>
        <Title order={3}>Add a shift</Title>
        <Select
          label="Employee"
          placeholder="Open shift"
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
        <Group grow>
          <TextInput label="Starts" type="time" {...form.getInputProps('start')} />
          <TextInput label="Ends" type="time" {...form.getInputProps('end')} />
        </Group>
        <TextInput label="Role" description="Optional" {...form.getInputProps('role')} />
        <ProblemAlert error={create.error} shownFields={Object.keys(form.values)} />
        {conflicts.length > 0 && (
          <Alert color="orange" title="Saved, with a conflict">
            This shift overlaps {conflicts.length} other shift{conflicts.length === 1 ? '' : 's'} of the same
            person.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add shift
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
