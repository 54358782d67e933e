import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LONG_ENTRY_HOURS } from '../../../shared/timekeeping/time-entry-input';
import { api, unwrap } from '../api/client';
import { allPages } from '../api/pages';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatMinutes } from '../lib/format';
import { PageState } from './PageState';
import { PeriodPicker, STATUS_COLOR } from './PeriodPicker';
import { TimesheetEntries } from './TimesheetEntries';

type Timesheet = components['schemas']['Timesheet'];

/** One pay period's timesheets: hours, what is missing, approve or reopen. */
export function TimesheetsPage() {
  const [periodStart, setPeriodStart] = useState<string | undefined>(undefined);
  const sheets = useQuery({
    queryKey: ['timesheets', periodStart ?? 'current'],
    queryFn: () => {
      // Later pages ask for the first page's period by its start, so a day turning over while
      // they load (the current period changing) cannot mix two periods' sheets.
      let pinned = periodStart;
      return allPages(async (page) => {
        const answer = await unwrap(
          api.GET('/api/v1/timesheets', { params: { query: { periodStart: pinned, ...page } } }),
        );
        pinned = answer.period.start;
        return answer;
      });
    },
  });
  const period = sheets.data?.period;
  const ready = (sheets.data?.data ?? []).filter(readyToApprove);
  const approveAll = useApproveAll();
  // By id, so the drawer follows the sheet's status after an approve or reopen.
  const [openedId, setOpenedId] = useState<string | null>(null);
  const opened = sheets.data?.data.find((sheet) => sheet.employeeId === openedId);
  return (
    <Stack>
      <Title order={2}>Timesheets</Title>
      {period && <PeriodPicker period={period} onPick={setPeriodStart} />}
      {ready.length > 0 && (
        <Group>
          <Button loading={approveAll.isPending} onClick={() => approveAll.mutate(ready)}>
            Approve all ready ({ready.length})
          </Button>
          <Text size="sm" c="dimmed">
            Sheets with hours and no one still clocked in
          </Text>
        </Group>
      )}
      <ProblemAlert error={approveAll.error} />
      <PageState
        pending={sheets.isPending}
        error={sheets.error}
        empty={sheets.data?.data.length === 0}
        emptyText="No hours in this period yet."
      >
        <Table striped aria-label="Timesheets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Employee</Table.Th>
              <Table.Th>Regular</Table.Th>
              <Table.Th>Overtime</Table.Th>
              <Table.Th>Breaks</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sheets.data?.data.map((sheet) => (
              <TimesheetRow
                key={sheet.employeeId}
                sheet={sheet}
                onOpen={() => setOpenedId(sheet.employeeId)}
              />
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      {opened && <TimesheetEntries sheet={opened} onClose={() => setOpenedId(null)} />}
    </Stack>
  );
}

/** A sheet a manager can approve now: not approved yet, no entry open, and some hours in it. */
function readyToApprove(sheet: Timesheet): boolean {
  const hours = sheet.regularMinutes + sheet.overtimeMinutes + sheet.breakMinutes > 0;
  return sheet.status !== 'approved' && sheet.openEntries === 0 && (hours || sheet.status === 'submitted');
}

/**
 * Approves each of the sheets in turn; one refused (an employee clocked in meanwhile) does not
 * stop the others, and the error names whose were not approved.
 */
function useApproveAll() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sheets: Timesheet[]) => {
      const refused: string[] = [];
      for (const sheet of sheets) {
        const answer = await api.POST('/api/v1/timesheets/{employeeId}/{periodStart}/approve', {
          params: { path: { employeeId: sheet.employeeId, periodStart: sheet.periodStart } },
        });
        if (answer.error) refused.push(sheet.employeeName);
      }
      if (refused.length > 0)
        throw new Error(`Not approved: ${refused.join(', ')}. Open their entries to see why.`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['timesheets'] }),
  });
}

function TimesheetRow({ sheet, onOpen }: { sheet: Timesheet; onOpen: () => void }) {
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: 'approve' | 'reopen') =>
      unwrap(
        api.POST(`/api/v1/timesheets/{employeeId}/{periodStart}/${action}`, {
          params: { path: { employeeId: sheet.employeeId, periodStart: sheet.periodStart } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['timesheets'] }),
  });
  return (
    <Table.Tr>
      <Table.Td>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={onOpen}
          aria-label={`Entries of ${sheet.employeeName}`}
        >
          {sheet.employeeName}
        </Button>
      </Table.Td>
      <Table.Td>{formatMinutes(sheet.regularMinutes)}</Table.Td>
      <Table.Td>{formatMinutes(sheet.overtimeMinutes)}</Table.Td>
      <Table.Td>{formatMinutes(sheet.breakMinutes)}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          <Badge color={STATUS_COLOR[sheet.status]}>{sheet.status}</Badge>
          {sheet.openEntries > 0 && <Badge color="orange">{sheet.openEntries} still clocked in</Badge>}
          {sheet.longEntries > 0 && (
            <Badge color="orange" title="A clock-out forgotten? Check the entries before approving.">
              {sheet.longEntries} over {LONG_ENTRY_HOURS} h
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        {sheet.status === 'approved' ? (
          <Button size="xs" variant="default" loading={act.isPending} onClick={() => act.mutate('reopen')}>
            Reopen
          </Button>
        ) : (
          <Button
            size="xs"
            loading={act.isPending}
            disabled={sheet.openEntries > 0}
            onClick={() => act.mutate('approve')}
            aria-label={`Approve ${sheet.employeeName}`}
          >
            Approve
          </Button>
        )}
        <ProblemAlert error={act.error} />
      </Table.Td>
    </Table.Tr>
  );
}
