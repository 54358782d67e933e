import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useMe } from '../api/me';
import { useLocations } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { MyTimesheet } from './MyTimesheet';
import { TimeClock } from './TimeClock';

const TWO_WEEKS_MS = 14 * 24 * 60 * 60 * 1000;

/** For staff, on a phone: the time clock, their hours this pay period, and the next two weeks of published shifts. */
export function MyShiftsPage() {
  const [window] = useState(() => {
    const from = new Date();
    from.setHours(0, 0, 0, 0);
    return { from: from.toISOString(), to: new Date(from.getTime() + TWO_WEEKS_MS).toISOString() };
  });
  const me = useMe();
  // Undefined while loading, null when the account has no employee record in this business.
  const employee = me.data === undefined ? undefined : (me.data?.employee ?? null);
  const employeeId = employee?.id;
  const shifts = useQuery({
    queryKey: ['my-shifts', employeeId, window.from],
    enabled: employeeId !== undefined,
    // Asked by employee id and kept to published ones: a manager or owner is otherwise answered
    // with the whole schedule of their locations, drafts included.
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/shifts', { params: { query: { ...window, employeeId } } }))).data.filter(
        (shift) => shift.published && shift.employeeId === employeeId,
      ),
  });
  const locations = useLocations();
  const locationName = new Map([
    ...(locations.data?.map((l) => [l.id, l.name] as const) ?? []),
    ...(employee?.locations.map((l) => [l.id, l.name] as const) ?? []),
  ]);
  const nextShift = shifts.data?.find((shift) => Date.parse(shift.endsAt) > Date.now());
  return (
    <Stack maw={640}>
      <Title order={2}>My shifts</Title>
      <TimeClock employee={employee} suggested={nextShift?.locationId} />
      <ProblemAlert error={me.error} />
      {employee && (
        <>
          <MyTimesheet />
          <Title order={3}>Coming up</Title>
          <ProblemAlert error={shifts.error} />
          {shifts.data?.length === 0 && <Text c="dimmed">No published shifts in the next two weeks.</Text>}
          <SimpleGrid
            cols={1}
            component="ul"
            aria-label="Coming up"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
          >
            {shifts.data?.map((shift) => (
              <Card key={shift.id} withBorder component="li">
                <Text fw={600}>
                  {new Date(shift.startsAt).toLocaleString(undefined, {
                    dateStyle: 'full',
                    timeStyle: 'short',
                  })}
                </Text>
                <Text size="sm">
                  until {new Date(shift.endsAt).toLocaleTimeString(undefined, { timeStyle: 'short' })} at{' '}
                  {locationName.get(shift.locationId) ?? 'a location'}
                  {shift.role ? ` · ${shift.role}` : ''}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
