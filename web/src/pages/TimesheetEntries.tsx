import { Button, Drawer, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { correctEntryInput } from '../../../shared/timekeeping/time-entry-input';
import { api, unwrap } from '../api/client';
import type { Location } from '../api/queries';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { validateBody } from '../lib/schema-forms';
import { addDays, instantAt, localDate, localTime } from '../lib/zoned';
import { PageState } from './PageState';
import { entryWhen, usePeriodEntries } from './period-entries';

type Timesheet = components['schemas']['Timesheet'];
type TimeEntry = components['schemas']['TimeEntry'];
type DeletedTimeEntry = components['schemas']['DeletedTimeEntry'];

/**
 * One employee's entries in a pay period, to correct with a reason, and those deleted, still on
 * record.
 */
export function TimesheetEntries({ sheet, onClose }: { sheet: Timesheet; onClose: () => void }) {
  const { entries, inPeriod, locationOf: zoneOf, query } = usePeriodEntries(sheet);
  const deleted = useQuery({
    queryKey: ['time-entries', 'deleted', sheet.employeeId, sheet.periodStart],
    queryFn: async () => (await unwrap(api.GET('/api/v1/time-entries/deleted', { params: { query } }))).data,
  });
  const periodEntries = (entries.data ?? []).filter(inPeriod);
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={`${sheet.employeeName}: ${sheet.periodStart} to ${sheet.periodEnd}`}
    >
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
              <EntryEditor
                key={entry.id}
                entry={entry}
                location={location}
                locked={sheet.status === 'approved'}
              />
            ) : null;
          })}
        </Stack>
      </PageState>
      {deleted.error ? <ProblemAlert error={deleted.error} /> : null}
      <DeletedEntries entries={(deleted.data ?? []).filter(inPeriod)} zoneOf={zoneOf} />
    </Drawer>
  );
}

/** Entries of the period a manager deleted: not paid, but still on record with the reason. */
function DeletedEntries({ entries, zoneOf }: { entries: DeletedTimeEntry[]; zoneOf: Map<string, Location> }) {
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
                <Table.Td c="dimmed">deleted {new Date(entry.deletedAt).toLocaleString()}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

interface CorrectionValues {
  day: string;
  clockIn: string;
  clockOut: string;
  reason: string;
}

/** The correction as the API takes it: local times on the entry's day, in the location's zone. */
function correctionBody({ day, clockIn, clockOut, reason }: CorrectionValues, zone: string) {
  // A clock-out at or before the clock-in time is on the next day.
  const outDay = clockOut <= clockIn ? addDays(day, 1) : day;
  return {
    clockIn: instantAt(day, clockIn, zone),
    ...(clockOut ? { clockOut: instantAt(outDay, clockOut, zone) } : {}),
    reason,
  };
}

function EntryEditor({ entry, location, locked }: { entry: TimeEntry; location: Location; locked: boolean }) {
  const zone = location.timeZone;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const form = useForm({
    initialValues: {
      day: localDate(entry.clockIn, zone),
      clockIn: localTime(entry.clockIn, zone),
      clockOut: entry.clockOut ? localTime(entry.clockOut, zone) : '',
      reason: '',
    },
    validate: validateBody(correctEntryInput, (values: CorrectionValues) => correctionBody(values, zone)),
  });
  const save = useMutation({
    mutationFn: (values: CorrectionValues) =>
      unwrap(
        api.PATCH('/api/v1/time-entries/{id}', {
          params: { path: { id: entry.id } },
          body: correctionBody(values, zone),
        }),
      ),
    onSuccess: () => {
      setEditing(false);
      return queryClient
        .invalidateQueries({ queryKey: ['time-entries'] })
        .then(() => queryClient.invalidateQueries({ queryKey: ['timesheets'] }));
    },
    onError: (error) => showFieldErrors(form, error),
  });
  // Deleting takes the same reason as a correction: an entry made by mistake (the wrong person).
  const remove = useMutation({
    mutationFn: (reason: string) =>
      unwrap(
        api.DELETE('/api/v1/time-entries/{id}', { params: { path: { id: entry.id } }, body: { reason } }),
      ),
    onSuccess: () =>
      queryClient
        .invalidateQueries({ queryKey: ['time-entries'] })
        .then(() => queryClient.invalidateQueries({ queryKey: ['timesheets'] })),
    onError: (error) => showFieldErrors(form, error),
  });
  const deleteEntry = () => {
    if (form.values.reason.trim()) remove.mutate(form.values.reason);
    else form.setFieldError('reason', 'Say why the entry is deleted');
  };
  const breakMinutes = entry.breaks.reduce(
    (sum, b) => sum + (b.endsAt ? (Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60_000 : 0),
    0,
  );
  return (
    <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
      <Group justify="space-between">
        <Text fw={600}>
          {localDate(entry.clockIn, zone)} · {localTime(entry.clockIn, zone)}–
          {entry.clockOut ? localTime(entry.clockOut, zone) : 'still on the clock'}
        </Text>
        <Text size="sm" c="dimmed">
          {location.name} · {entry.source} · breaks {Math.round(breakMinutes)} min
        </Text>
      </Group>
      {editing ? (
        <form
          onSubmit={form.onSubmit((values) => save.mutate(values))}
          aria-label="Correct the entry"
          noValidate
        >
          <Stack gap="xs">
            <Group grow>
              <TextInput label="Clock in" type="time" {...form.getInputProps('clockIn')} />
              <TextInput label="Clock out" type="time" {...form.getInputProps('clockOut')} />
            </Group>
            <TextInput
              label="Reason"
              description="Kept in the entry's history"
              {...form.getInputProps('reason')}
            />
            <ProblemAlert error={save.error ?? remove.error} shownFields={Object.keys(form.values)} />
            <Group>
              <Button type="submit" size="xs" loading={save.isPending}>
                Save correction
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
              <Button size="xs" color="red" variant="light" loading={remove.isPending} onClick={deleteEntry}>
                Delete entry
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group>
          <Button size="xs" variant="light" disabled={locked} onClick={() => setEditing(true)}>
            {locked ? 'Approved: reopen to correct' : 'Correct'}
          </Button>
        </Group>
      )}
      <EntryHistory entryId={entry.id} />
    </Stack>
  );
}

function EntryHistory({ entryId }: { entryId: string }) {
  const changes = useQuery({
    queryKey: ['time-entries', 'changes', entryId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/time-entries/{id}/changes', { params: { path: { id: entryId } } })),
  });
  const rows = changes.data?.data ?? [];
  if (rows.length === 0) return null;
  return (
    <Table fz="xs" aria-label="History">
      <Table.Tbody>
        {rows.map((change) => (
          <Table.Tr key={change.at}>
            <Table.Td>{new Date(change.at).toLocaleString()}</Table.Td>
            <Table.Td>{change.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
