import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
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
  const shifts = useQuery({
    queryKey: ['my-shifts', window.from],
    queryFn: async () => (await unwrap(api.GET('/api/v1/shifts', { params: { query: window } }))).data,
  });
  const locations = useLocations();
  const locationName = new Map(locations.data?.map((l) => [l.id, l.name]));
  return (
    <Stack maw={640}>
      <Title order={2}>My shifts</Title>
      <TimeClock
        locations={locations.data?.map((l) => ({ value: l.id, label: l.name })) ?? []}
        suggested={shifts.data?.[0]?.locationId}
      />
      <MyTimesheet />
      <Title order={3}>Coming up</Title>
      <ProblemAlert error={shifts.error} />
      {shifts.data?.length === 0 && <Text c="dimmed">No published shifts in the next two weeks.</Text>}
      <SimpleGrid cols={1}>
        {shifts.data?.map((shift) => (
          <Card key={shift.id} withBorder>
            <Text fw={600}>
              {new Date(shift.startsAt).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' })}
            </Text>
            <Text size="sm">
              until {new Date(shift.endsAt).toLocaleTimeString(undefined, { timeStyle: 'short' })} at{' '}
              {locationName.get(shift.locationId) ?? 'a location'}
              {shift.role ? ` · ${shift.role}` : ''}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
