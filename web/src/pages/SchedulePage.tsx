import { Alert, Badge, Button, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import {
  type Location,
  type Shift,
  useEmployees,
  useLocationShifts,
  useLocations,
  useSettings,
} from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { addDays, dayLabel, localDate, thisWeekStart, weekStartOf, zonedToIso } from '../lib/zoned';
import { AddShiftForm } from './AddShiftForm';
import { CopyWeek } from './CopyWeek';
import { PageState } from './PageState';
import { ShiftCard } from './ShiftCard';
import { ShiftDrawer } from './ShiftDrawer';
import { dateParam } from './shift-forms';

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

/**
 * The week grid of one location: shifts per day, add, edit and delete a shift, copy the week,
 * publish it. The week is in the address (`?week=2026-11-02`), so it survives a reload.
 */
export function SchedulePage() {
  const locations = useLocations();
  const [locationId, setLocationId] = useState<string | null>(null);
  const [params, setParams] = useSearchParams();
  const location = locations.data?.find((l) => l.id === locationId) ?? locations.data?.[0];
  const asked = dateParam(params.get('week'));
  // Weeks start on the business's own weekday (settings); the grid waits for it.
  const weekStartsOn = useSettings().data?.weekStartsOn;
  const showWeek = (week: string) =>
    setParams((current) => {
      current.set('week', week);
      return current;
    });
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
        {location && weekStartsOn && (
          <Week
            key={location.id}
            location={location}
            weekStart={
              asked ? weekStartOf(asked, weekStartsOn) : thisWeekStart(location.timeZone, weekStartsOn)
            }
            onWeekChange={showWeek}
          />
        )}
      </PageState>
    </Stack>
  );
}

/** What the last "Copy week" did, shown until dismissed. */
interface Copied {
  fromWeekStart: string;
  ids: string[];
  /** Shifts the target week had already: not copied again. */
  skipped: number;
}

function Week({
  location,
  weekStart,
  onWeekChange,
}: {
  location: Location;
  weekStart: string;
  onWeekChange: (weekStart: string) => void;
}) {
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const from = zonedToIso(weekStart, '00:00', location.timeZone);
  const to = zonedToIso(addDays(weekStart, 7), '00:00', location.timeZone);
  const queryClient = useQueryClient();
  const shifts = useLocationShifts(location.id, from, to);
  const employees = useEmployees();
  const employeeOptions = employees.data?.map((e) => ({ value: e.id, label: e.name })) ?? [];
  const name = new Map(employees.data?.map((e) => [e.id, e.name]));
  const [editing, setEditing] = useState<Shift | null>(null);
  const [copied, setCopied] = useState<Copied | null>(null);
  const publish = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/shifts/publish', { body: { locationId: location.id, from, to } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['shifts', location.id] }),
  });
  const notify = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/shifts/notify', { body: { locationId: location.id, from, to } })),
  });
  const drafts = shifts.data?.filter((s) => !s.published).length ?? 0;
  const published = (shifts.data?.length ?? 0) - drafts;
  const open = shifts.data?.filter((s) => !s.employeeId).length ?? 0;
  const clashes = overlapping(shifts.data ?? []);
  return (
    <Stack>
      <Group>
        <Button
          variant="default"
          onClick={() => {
            setCopied(null);
            notify.reset();
            onWeekChange(addDays(weekStart, -7));
          }}
          aria-label="Previous week"
        >
          ‹
        </Button>
        <Text fw={600} role="status">
          Week of {dayLabel(weekStart)}
        </Text>
        <Button
          variant="default"
          onClick={() => {
            setCopied(null);
            notify.reset();
            onWeekChange(addDays(weekStart, 7));
          }}
          aria-label="Next week"
        >
          ›
        </Button>
        <Button onClick={() => publish.mutate()} loading={publish.isPending} disabled={drafts === 0}>
          Publish week ({drafts} draft{drafts === 1 ? '' : 's'})
        </Button>
        <Button
          variant="light"
          onClick={() => notify.mutate()}
          loading={notify.isPending}
          disabled={published === 0}
        >
          Email staff their shifts
        </Button>
        <CopyWeek
          location={location}
          weekStart={weekStart}
          onCopied={(target, created, skipped) => {
            setCopied({ fromWeekStart: weekStart, ids: created.map((s) => s.id), skipped });
            notify.reset();
            onWeekChange(target);
          }}
        />
        {open > 0 && (
          <Badge color="yellow" variant="light">
            {open} open shift{open === 1 ? '' : 's'}
          </Badge>
        )}
      </Group>
      <ProblemAlert error={publish.error ?? notify.error} />
      {notify.data && (
        <Alert color="teal" title="Schedule emailed" withCloseButton onClose={() => notify.reset()}>
          {`Emailed ${notify.data.notified} employee${notify.data.notified === 1 ? '' : 's'} their published shifts of this week.`}
          {notify.data.withoutEmail.length > 0 && ` No email for: ${notify.data.withoutEmail.join(', ')}.`}
        </Alert>
      )}
      {copied && (
        <Alert color="blue" title="Week copied" withCloseButton onClose={() => setCopied(null)}>
          {copied.ids.length === 0
            ? copied.skipped > 0
              ? `This week already has the ${copied.skipped} shift${copied.skipped === 1 ? '' : 's'} of the week of ${dayLabel(copied.fromWeekStart)}: nothing to copy.`
              : `The week of ${dayLabel(copied.fromWeekStart)} had no shifts to copy.`
            : `Copied ${copied.ids.length} shift${copied.ids.length === 1 ? '' : 's'} from the week of ${dayLabel(copied.fromWeekStart)} as drafts.`}
          {copied.ids.length > 0 &&
            copied.skipped > 0 &&
            ` ${copied.skipped} already here ${copied.skipped === 1 ? 'was' : 'were'} left as they are.`}
          {copied.ids.some((id) => clashes.has(id)) &&
            ' Some overlap shifts already in this week: they are marked.'}
        </Alert>
      )}
      <PageState pending={shifts.isPending} error={shifts.error}>
        <SimpleGrid cols={{ base: 1, sm: 4, lg: 7 }} spacing="xs">
          {days.map((day) => (
            <Stack key={day} component="section" gap={4} aria-label={dayLabel(day)} data-date={day}>
              <Text fw={600} size="sm">
                {dayLabel(day)}
              </Text>
              {shifts.data
                ?.filter((s) => localDate(s.startsAt, location.timeZone) === day)
                .map((shift) => (
                  <ShiftCard
                    key={shift.id}
                    shift={shift}
                    zone={location.timeZone}
                    who={shift.employeeId ? (name.get(shift.employeeId) ?? 'Former employee') : null}
                    overlaps={clashes.has(shift.id)}
                    onClick={() => setEditing(shift)}
                  />
                ))}
            </Stack>
          ))}
        </SimpleGrid>
      </PageState>
      <AddShiftForm key={weekStart} location={location} days={days} employees={employeeOptions} />
      {editing && (
        <ShiftDrawer
          shift={editing}
          location={location}
          employees={employeeOptions}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
