import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { Me } from '../api/me';
import { ProblemAlert } from '../components/ProblemAlert';

/** The caller's own employee record, as `/api/v1/me` has it. */
export type SelfEmployee = NonNullable<Me['employee']>;

const CLOCK_ACTIONS = {
  'clock-in': 'Clock in',
  'breaks/start': 'Start break',
  'breaks/end': 'End break',
  'clock-out': 'Clock out',
} as const;
type ClockAction = keyof typeof CLOCK_ACTIONS;

/** How far back an open entry is looked for: a night shift that started yesterday is still open. */
const OPEN_ENTRY_LOOKBACK_MS = 2 * 24 * 60 * 60 * 1000;
const OPEN_ENTRY_KEY = ['my-open-entry'];

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'short' });

/**
 * The employee's own open time entry, or null when they are off the clock. Asked by employee id:
 * a manager or owner sees everyone's entries at their locations, and only theirs is this clock's.
 */
function useOpenEntry(employeeId: string) {
  return useQuery({
    queryKey: [...OPEN_ENTRY_KEY, employeeId],
    queryFn: async () => {
      const now = Date.now();
      const { data } = await unwrap(
        api.GET('/api/v1/time-entries', {
          params: {
            query: {
              employeeId,
              from: new Date(now - OPEN_ENTRY_LOOKBACK_MS).toISOString(),
              to: new Date(now + 60_000).toISOString(),
            },
          },
        }),
      );
      return data.find((entry) => entry.employeeId === employeeId && entry.clockOut === null) ?? null;
    },
  });
}

/**
 * The signed-in person's own time clock: where they stand (off the clock, on since 09:02, on a
 * break) and only the buttons that make sense from there, large enough for a thumb. `employee`
 * is undefined while it is being looked up, null when the account has no employee record here.
 */
export function TimeClock({
  employee,
  suggested,
}: {
  employee: SelfEmployee | null | undefined;
  suggested?: string;
}) {
  return (
    <Card withBorder component="section" aria-label="Time clock">
      {employee === undefined ? (
        <Text role="status" fw={600}>
          Checking the clock…
        </Text>
      ) : employee === null ? (
        <Text role="status">
          Your account is not linked to an employee of this business, so there is no time clock or schedule of
          your own here.
        </Text>
      ) : (
        <OwnClock employee={employee} suggested={suggested} />
      )}
    </Card>
  );
}

function OwnClock({ employee, suggested }: { employee: SelfEmployee; suggested?: string }) {
  const queryClient = useQueryClient();
  const open = useOpenEntry(employee.id);
  const locations = employee.locations.map((l) => ({ value: l.id, label: l.name }));
  const [chosen, setChosen] = useState<string | null>(null);
  // Only where they work: the next shift's location, or their only one; with several and no
  // shift coming, they choose.
  const only = locations.length === 1 ? locations[0]?.value : undefined;
  const locationId = chosen ?? locations.find((l) => l.value === suggested)?.value ?? only ?? null;
  const punch = useMutation({
    mutationFn: (action: ClockAction) =>
      action === 'clock-in'
        ? unwrap(api.POST('/api/v1/time-entries/clock-in', { body: { locationId: locationId ?? '' } }))
        : unwrap(api.POST(`/api/v1/time-entries/${action}`)),
    // The page's hours (My hours) change with every punch too.
    onSettled: () =>
      Promise.all(
        [OPEN_ENTRY_KEY, ['time-entries'], ['timesheets']].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
  const entry = open.data;
  const onBreak = entry?.breaks.find((b) => b.endsAt === null);
  const at = (id: string) => locations.find((l) => l.value === id)?.label ?? 'work';
  const noWhere = !entry && locations.length === 0;
  const actions: ClockAction[] = noWhere
    ? []
    : !entry
      ? ['clock-in']
      : onBreak
        ? ['breaks/end', 'clock-out']
        : ['breaks/start', 'clock-out'];
  return (
    <Stack>
      <Text role="status" fw={600}>
        {open.isPending
          ? 'Checking the clock…'
          : !entry
            ? 'You are off the clock.'
            : onBreak
              ? `On a break since ${time(onBreak.startsAt)}.`
              : `On the clock since ${time(entry.clockIn)} at ${at(entry.locationId)}.`}
      </Text>
      {noWhere && !open.isPending && (
        <Text c="dimmed">You are not assigned to a location yet: ask your manager to add you to one.</Text>
      )}
      {!entry && !open.isPending && locations.length > 0 && (
        <Select
          label="Location"
          placeholder="Where are you working?"
          data={locations}
          value={locationId}
          onChange={setChosen}
          allowDeselect={false}
        />
      )}
      {actions.length > 0 && (
        <Group grow>
          {actions.map((action) => (
            <Button
              key={action}
              size="lg"
              variant={action === 'breaks/start' || action === 'breaks/end' ? 'light' : 'filled'}
              loading={punch.isPending && punch.variables === action}
              disabled={open.isPending || (action === 'clock-in' && !locationId)}
              onClick={() => punch.mutate(action)}
            >
              {CLOCK_ACTIONS[action]}
            </Button>
          ))}
        </Group>
      )}
      <ProblemAlert error={punch.error ?? open.error} />
    </Stack>
  );
}
