import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { api, unwrap } from '../api/client';
import { ADMIN_ROLES, useMe } from '../api/me';
import { useSettings } from '../api/queries';
import { formatMinutes, formatMoney } from '../lib/format';
import { GettingStarted } from './GettingStarted';
import { PageState } from './PageState';

const DashboardChart = lazy(() => import('./DashboardChart').then((m) => ({ default: m.DashboardChart })));

const hours = (minutes: number) => Math.round(minutes / 6) / 10;

/** This week per location: scheduled against worked hours, labour cost, who is on the clock. */
export function DashboardPage() {
  const dashboard = useQuery({
    queryKey: ['dashboard'],
    queryFn: () => unwrap(api.GET('/api/v1/dashboard')),
  });
  // Amounts wait for the business currency rather than showing in a guessed one.
  const currency = useSettings().data?.currency;
  const rows = dashboard.data?.data ?? [];
  const role = useMe().data?.tenant?.role;
  return (
    <Stack>
      <Title order={2}>This week</Title>
      {dashboard.data && <Text c="dimmed">Week starting {dashboard.data.weekStart}</Text>}
      {dashboard.data && role && ADMIN_ROLES.includes(role) && (
        <GettingStarted hasScheduledHours={rows.some((row) => row.scheduledMinutes > 0)} />
      )}
      <PageState
        pending={dashboard.isPending}
        error={dashboard.error}
        empty={rows.length === 0}
        emptyText="Add your first location to see its week here."
      >
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {rows.map((row) => (
            <Card key={row.locationId} component="section" withBorder aria-label={row.name}>
              <Title order={3} size="h4">
                {row.name}
              </Title>
              {row.weekStart !== dashboard.data?.weekStart && (
                // Its own zone is already in another week (for a few hours around the turn of it).
                <Text size="sm" c="dimmed">
                  Week starting {row.weekStart}
                </Text>
              )}
              <Group justify="space-between" mt="sm">
                <Text size="sm">Scheduled</Text>
                <Text fw={600}>{formatMinutes(row.scheduledMinutes)}</Text>
              </Group>
              <Group justify="space-between">
                <Text size="sm">Worked</Text>
                <Text fw={600}>{formatMinutes(row.workedMinutes)}</Text>
              </Group>
              <Group justify="space-between">
                <Text size="sm">Labour cost</Text>
                <Text fw={600}>
                  {currency
                    ? `${formatMoney(row.laborCostMinor, currency)} of ${formatMoney(row.scheduledCostMinor, currency)}`
                    : '…'}
                </Text>
              </Group>
              <Group justify="space-between">
                <Text size="sm">On the clock now</Text>
                <Text fw={600}>{row.onTheClock}</Text>
              </Group>
              {row.onTheClockNames.length > 0 && (
                <Text size="sm" c="dimmed" aria-label={`On the clock at ${row.name}`}>
                  {row.onTheClockNames.join(', ')}
                </Text>
              )}
            </Card>
          ))}
        </SimpleGrid>
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            Hours this week
          </Title>
          <Suspense fallback={<div style={{ height: 260 }} />}>
            <DashboardChart
              data={rows.map((row) => ({
                name: row.name,
                scheduled: hours(row.scheduledMinutes),
                worked: hours(row.workedMinutes),
              }))}
            />
          </Suspense>
        </Card>
      </PageState>
    </Stack>
  );
}
