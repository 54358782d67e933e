import { Button, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { allPages } from '../api/pages';
import type { Location } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { PageState } from './PageState';

/** The archived locations, by name: all the pages (under ['locations'], so archiving refreshes it). */
export function useArchivedLocations(enabled: boolean) {
  return useQuery({
    queryKey: ['locations', { archived: true }],
    queryFn: async () =>
      (
        await allPages((query) =>
          unwrap(api.GET('/api/v1/locations', { params: { query: { ...query, archived: 'true' } } })),
        )
      ).data,
    enabled,
  });
}

/** Archived locations with a Restore each (owners and admins): back in the lists, within the plan. */
export function ArchivedLocations() {
  const archived = useArchivedLocations(true);
  const queryClient = useQueryClient();
  const restore = useMutation({
    mutationFn: (location: Location) =>
      unwrap(
        api.PATCH('/api/v1/locations/{id}', {
          params: { path: { id: location.id } },
          body: { archived: false },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['locations'] }),
  });
  return (
    <Stack gap="xs">
      <PageState
        pending={archived.isPending}
        error={archived.error}
        empty={archived.data?.length === 0}
        emptyText="No archived locations."
      >
        <Text size="sm" c="dimmed">
          Archived locations keep their shifts and time entries but take no new ones. Restoring one brings it
          back to the lists and the schedule.
        </Text>
        <Table striped aria-label="Archived locations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Time zone</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {archived.data?.map((location) => (
              <Table.Tr key={location.id}>
                <Table.Td id={`archived-location-${location.id}`}>{location.name}</Table.Td>
                <Table.Td>{location.timeZone}</Table.Td>
                <Table.Td>{location.address}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    aria-describedby={`archived-location-${location.id}`}
                    loading={restore.isPending && restore.variables?.id === location.id}
                    onClick={() => restore.mutate(location)}
                  >
                    Restore
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <ProblemAlert error={restore.error} />
    </Stack>
  );
}
