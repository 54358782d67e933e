import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';

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

/** The signed-in employee's open time entry, or null when they are off the clock. */
function useOpenEntry() {
  return useQuery({
    queryKey: OPEN_ENTRY_KEY,
    queryFn: async () => {
      const now = Date.now();
      const { data } = await unwrap(
        api.GET('/api/v1/time-entries', {
          params: {
            query: {
              from: new Date(now - OPEN_ENTRY_LOOKBACK_MS).toISOString(),
              to: new Date(now + 60_000).toISOString(),
            },
          },
        }),
      );
      return data.find((entry) => entry.clockOut === null) ?? null;
    },
  });
}

/**
 * The employee's own time clock: where they stand (off the clock, on since 09:02, on a break)
 * and only the buttons that make sense from there, large enough for a thumb.
 */
export function TimeClock({
  locations,
  suggested,
}: {
  locations: { value: string; label: string }[];
  suggested?: string;
}) {
  const queryClient = useQueryClient();
  const open = useOpenEntry();
  const [chosen, setChosen] = useState<string | null>(null);
  const locationId = chosen ?? suggested ?? locations[0]?.value ?? null;
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
  const actions: ClockAction[] = !entry
    ? ['clock-in']
    : onBreak
      ? ['breaks/end', 'clock-out']
      : ['breaks/start', 'clock-out'];
  return (
    <Card withBorder component="section" aria-label="Time clock">
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
        {!entry && !open.isPending && (
          <Select
            label="Location"
            data={locations}
            value={locationId}
            onChange={setChosen}
            allowDeselect={false}
          />
        )}
        <Group grow>
          {actions.map((action) => (
            <Button
              key={action}
              size="lg"
              variant={action === 'breaks/start' || action === 'breaks/end' ? 'light' : 'filled'}
              loading={punch.isPending && punch.variables === action}
              disabled={open.isPending}
              onClick={() => punch.mutate(action)}
            >
              {CLOCK_ACTIONS[action]}
            </Button>
          ))}
        </Group>
        <ProblemAlert error={punch.error ?? open.error} />
      </Stack>
    </Card>
  );
}
