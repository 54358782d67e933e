import { Button, Drawer, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { correctEntryInput } from '../../../shared/timekeeping/time-entry-input';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatMinutes } from '../lib/format';
import { validateBody } from '../lib/schema-forms';
import { instantAt, localDate, localTime } from '../lib/zoned';
import { BreakFields } from './BreakFields';
import { EntryHistory, useActorName } from './EntryHistory';
import {
  blankTimes,
  breaksBody,
  clockOutAt,
  type LocalBreak,
  localBreaks,
  showEntryErrors,
  shownEntryFields,
} from './entry-forms';
import { MissedEntryForm } from './MissedEntryForm';
import { PageState } from './PageState';
import { type EntryPlace, entryWhen, usePeriodEntries } from './period-entries';

type Timesheet = components['schemas']['Timesheet'];
type TimeEntry = components['schemas']['TimeEntry'];
type DeletedTimeEntry = components['schemas']['DeletedTimeEntry'];

/**
 * One employee's entries in a pay period, to correct with a reason or add one they forgot to
 * clock, and those deleted, still on record.
 */
export function TimesheetEntries({ sheet, onClose }: { sheet: Timesheet; onClose: () => void }) {
  const { entries, inPeriod, locationOf: zoneOf, query } = usePeriodEntries(sheet);
  const deleted = useQuery({
    queryKey: ['time-entries', 'deleted', sheet.employeeId, sheet.periodStart],
    queryFn: async () => (await unwrap(api.GET('/api/v1/time-entries/deleted', { params: { query } }))).data,
  });
  const [adding, setAdding] = useState(false);
  const locked = sheet.status === 'approved';
  const periodEntries = (entries.data ?? []).filter(inPeriod);
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={`${sheet.employeeName}: ${sheet.periodStart} to ${sheet.periodEnd}`}
    >
      <Stack gap="sm" mb="md">
        <Text size="sm">
          Regular {formatMinutes(sheet.regularMinutes)} · Overtime {formatMinutes(sheet.overtimeMinutes)} ·
          Breaks {formatMinutes(sheet.breakMinutes)}
        </Text>
        {adding && !locked ? (
          <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
            <Title order={5}>Add a missed entry</Title>
            <MissedEntryForm period={sheet} zoneOf={zoneOf} onDone={() => setAdding(false)} />
          </Stack>
        ) : (
          <Group>
            <Button size="xs" variant="light" disabled={locked} onClick={() => setAdding(true)}>
              {locked ? 'Approved: reopen to add entries' : 'Add missed entry'}
            </Button>
          </Group>
        )}
      </Stack>
      <PageState
        pending={entries.isPending}
        error={entries.error}
        empty={periodEntries.length === 0}
        emptyText="No entries in this period."
      >
        <Stack>
          {periodEntries.map((entry) => {
            const location = zoneOf.get(entry.locationId);
            return location ? (
              <EntryEditor key={entry.id} entry={entry} location={location} locked={locked} />
            ) : null;
          })}
        </Stack>
      </PageState>
      {deleted.error ? <ProblemAlert error={deleted.error} /> : null}
      <DeletedEntries entries={(deleted.data ?? []).filter(inPeriod)} zoneOf={zoneOf} />
    </Drawer>
  );
}

/** Entries of the period a manager deleted: not paid, but still on record with who and why. */
function DeletedEntries({
  entries,
  zoneOf,
}: {
  entries: DeletedTimeEntry[];
  zoneOf: Map<string, EntryPlace>;
}) {
  const actorName = useActorName();
  if (entries.length === 0) return null;
  return (
    <Stack gap="xs" mt="lg">
      <Title order={5}>Deleted entries</Title>
      <Table fz="sm" aria-label="Deleted entries">
        <Table.Tbody>
          {entries.map((entry) => {
            const location = zoneOf.get(entry.locationId);
            const { day, hours } = entryWhen(entry, location, 'open');
            return (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  {day} · {hours}
                </Table.Td>
                <Table.Td>{location?.name}</Table.Td>
                <Table.Td>{entry.reason}</Table.Td>
                <Table.Td c="dimmed">
                  deleted {new Date(entry.deletedAt).toLocaleString()} by {actorName(entry.deletedBy)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Minutes of an entry's ended breaks. */
const breakMinutesOf = (entry: TimeEntry) =>
  entry.breaks.reduce(
    (sum, b) => sum + (b.endsAt ? (Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60_000 : 0),
    0,
  );

function EntryEditor({
  entry,
  location,
  locked,
}: {
  entry: TimeEntry;
  location: EntryPlace;
  locked: boolean;
}) {
  const zone = location.timeZone;
  const [editing, setEditing] = useState(false);
  const breakTimes = entry.breaks
    .map((b) => `${localTime(b.startsAt, zone)}–${b.endsAt ? localTime(b.endsAt, zone) : 'now'}`)
    .join(', ');
  return (
    <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
      <Group justify="space-between">
        <Text fw={600}>
          {localDate(entry.clockIn, zone)} · {localTime(entry.clockIn, zone)}–
          {entry.clockOut ? localTime(entry.clockOut, zone) : 'still on the clock'}
        </Text>
        <Text size="sm" c="dimmed">
          {location.name} · {entry.source} · breaks {Math.round(breakMinutesOf(entry))} min
          {breakTimes ? ` (${breakTimes})` : ''}
        </Text>
      </Group>
      {editing ? (
        // Mounted afresh each time, so it starts from the entry as it is now.
        <CorrectionForm entry={entry} zone={zone} onDone={() => setEditing(false)} />
      ) : (
        <Group>
          <Button size="xs" variant="light" disabled={locked} onClick={() => setEditing(true)}>
            {locked ? 'Approved: reopen to correct' : 'Correct'}
          </Button>
        </Group>
      )}
      <EntryHistory entryId={entry.id} zone={zone} />
    </Stack>
  );
}

interface CorrectionValues {
  day: string;
  clockIn: string;
  clockOut: string;
  breaks: LocalBreak[];
  reason: string;
}

/**
 * The correction as the API takes it: local times on the entry's day, in the location's zone.
 * The breaks go along only when changed, so correcting the times of an entry whose employee is
 * on a break now leaves that break running.
 */
function correctionBody(values: CorrectionValues, zone: string, savedBreaks: LocalBreak[]) {
  const { day, clockIn, clockOut, breaks, reason } = values;
  const breaksChanged = JSON.stringify(breaks) !== JSON.stringify(savedBreaks);
  return {
    clockIn: instantAt(day, clockIn, zone),
    ...(clockOut ? { clockOut: clockOutAt(day, clockIn, clockOut, zone) } : {}),
    ...(breaksChanged ? { breaks: breaksBody(breaks, day, clockIn, zone) } : {}),
    reason,
  };
}

function CorrectionForm({ entry, zone, onDone }: { entry: TimeEntry; zone: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const savedBreaks = localBreaks(entry.breaks, zone);
  const form = useForm<CorrectionValues>({
    initialValues: {
      day: localDate(entry.clockIn, zone),
      clockIn: localTime(entry.clockIn, zone),
      clockOut: entry.clockOut ? localTime(entry.clockOut, zone) : '',
      breaks: savedBreaks,
      reason: '',
    },
    validate: (values) => {
      const toBody = (v: CorrectionValues) => correctionBody(v, zone, savedBreaks);
      const breaksChanged = 'breaks' in toBody(values);
      return {
        ...validateBody(correctEntryInput, toBody)(values),
        // Breaks left as they were are not sent, so an open one is no error.
        ...blankTimes({ ...values, breaks: breaksChanged ? values.breaks : [] }, false),
      };
    },
  });
  const refresh = () =>
    queryClient
      .invalidateQueries({ queryKey: ['time-entries'] })
      .then(() => queryClient.invalidateQueries({ queryKey: ['timesheets'] }));
  const save = useMutation({
    mutationFn: (values: CorrectionValues) =>
      unwrap(
        api.PATCH('/api/v1/time-entries/{id}', {
          params: { path: { id: entry.id } },
          body: correctionBody(values, zone, savedBreaks),
        }),
      ),
    onSuccess: () => {
      onDone();
      return refresh();
    },
    onError: (error) => showEntryErrors(form, error),
  });
  // Deleting takes the same reason as a correction: an entry made by mistake (the wrong person).
  const remove = useMutation({
    mutationFn: (reason: string) =>
      unwrap(
        api.DELETE('/api/v1/time-entries/{id}', { params: { path: { id: entry.id } }, body: { reason } }),
      ),
    onSuccess: refresh,
    onError: (error) => showEntryErrors(form, error),
  });
  const deleteEntry = () => {
    if (form.values.reason.trim()) remove.mutate(form.values.reason);
    else form.setFieldError('reason', 'Say why the entry is deleted');
  };
  const error = save.error ?? remove.error;
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label="Correct the entry" noValidate>
      <Stack gap="xs">
        <Group grow align="start">
          <TextInput label="Clock in" type="time" {...form.getInputProps('clockIn')} />
          <TextInput label="Clock out" type="time" {...form.getInputProps('clockOut')} />
        </Group>
        <BreakFields form={form} />
        <TextInput
          label="Reason"
          description="Kept in the entry's history"
          {...form.getInputProps('reason')}
        />
        <ProblemAlert error={error} shownFields={shownEntryFields(form.values, error)} />
        <Group>
          <Button type="submit" size="xs" loading={save.isPending}>
            Save correction
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button size="xs" color="red" variant="light" loading={remove.isPending} onClick={deleteEntry}>
            Delete entry
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
