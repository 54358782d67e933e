import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ProblemError, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatMinutes } from '../lib/format';
import { PageState } from './PageState';
import { PeriodPicker, STATUS_COLOR } from './PeriodPicker';
import { entryWhen, usePeriodEntries } from './period-entries';

type Timesheet = components['schemas']['Timesheet'];

const STATUS_TEXT = {
  open: 'Not submitted yet',
  submitted: 'Submitted: waiting for approval',
  approved: 'Approved',
} as const;

/**
 * The signed-in employee's own pay period: the hours payroll will count, each clock-in and out
 * to check, and submitting the sheet for a manager's approval. Earlier periods are a click back.
 */
export function MyTimesheet() {
  const [periodStart, setPeriodStart] = useState<string | undefined>(undefined);
  const mine = useQuery({
    queryKey: ['timesheets', 'mine', periodStart ?? 'current'],
    queryFn: () => unwrap(api.GET('/api/v1/timesheets/mine', { params: { query: { periodStart } } })),
  });
  const period = mine.data?.period;
  // An owner or manager with no employee record of their own has no hours to show.
  if (mine.error instanceof ProblemError && mine.error.status === 403) return null;
  return (
    <Card withBorder component="section" aria-labelledby="my-hours-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="my-hours-title">
            My hours
          </Title>
          {period && <PeriodPicker period={period} onPick={setPeriodStart} compact />}
        </Group>
        <PageState pending={mine.isPending} error={mine.error}>
          {mine.data && <SheetSummary sheet={mine.data.timesheet} />}
        </PageState>
      </Stack>
    </Card>
  );
}

function SheetSummary({ sheet }: { sheet: Timesheet }) {
  const queryClient = useQueryClient();
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/timesheets/{employeeId}/{periodStart}/submit', {
          params: { path: { employeeId: sheet.employeeId, periodStart: sheet.periodStart } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['timesheets'] }),
  });
  const { entries, inPeriod, locationOf } = usePeriodEntries(sheet);
  const periodEntries = (entries.data ?? []).filter(inPeriod);
  return (
    <Stack gap="sm">
      <Group gap="lg">
        <Text>
          Worked <b>{formatMinutes(sheet.regularMinutes + sheet.overtimeMinutes)}</b>
          {sheet.overtimeMinutes > 0 && ` (${formatMinutes(sheet.overtimeMinutes)} overtime)`}
        </Text>
        <Text c="dimmed">Breaks {formatMinutes(sheet.breakMinutes)}</Text>
        <Badge color={STATUS_COLOR[sheet.status]}>{STATUS_TEXT[sheet.status]}</Badge>
      </Group>
      {periodEntries.length > 0 && (
        <Table fz="sm" aria-label="My entries">
          <Table.Tbody>
            {periodEntries.map((entry) => {
              const location = locationOf.get(entry.locationId);
              const { day, hours } = entryWhen(entry, location);
              return (
                <Table.Tr key={entry.id}>
                  <Table.Td>{day}</Table.Td>
                  <Table.Td>{hours}</Table.Td>
                  <Table.Td>{location?.name}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {sheet.status === 'open' && (
        <Group>
          <Button loading={submit.isPending} disabled={sheet.openEntries > 0} onClick={() => submit.mutate()}>
            Submit for approval
          </Button>
          {sheet.openEntries > 0 && <Text size="sm">Clock out first: an entry is still open.</Text>}
        </Group>
      )}
      <ProblemAlert error={submit.error} />
    </Stack>
  );
}
