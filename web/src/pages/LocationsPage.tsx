import { Button, Group, Stack, Table, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createLocationInput } from '../../../shared/timekeeping/location-input';
import { api, unwrap } from '../api/client';
import { ADMIN_ROLES, useMe } from '../api/me';
import { type Location, useLocations } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { validateBody } from '../lib/schema-forms';
import { ArchivedLocations, useArchivedLocations } from './ArchivedLocations';
import { LocationDrawer, LocationFields, locationBody } from './LocationDrawer';
import { KioskList, UseAsKioskButton } from './LocationKiosks';
import { PageState } from './PageState';

/**
 * The business's sites: list, add, edit, restore archived ones (owners and admins), turn this
 * device into a site's kiosk, and revoke kiosks.
 */
export function LocationsPage() {
  const locations = useLocations();
  const role = useMe().data?.tenant?.role;
  const canEdit = role !== undefined && ADMIN_ROLES.includes(role);
  // Only owners and admins may restore; they also see the kiosks of archived locations by name.
  const archived = useArchivedLocations(canEdit);
  const [showArchived, setShowArchived] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = locations.data?.find((l) => l.id === editingId);
  return (
    <Stack>
      <Title order={2}>Locations</Title>
      <PageState
        pending={locations.isPending}
        error={locations.error}
        empty={locations.data?.length === 0}
        emptyText={canEdit ? 'No locations yet. Add your first one below.' : 'You manage no locations yet.'}
      >
        <Table striped aria-label="Locations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Time zone</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Kiosk</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {locations.data?.map((location) => (
              <Table.Tr key={location.id}>
                <Table.Td id={`location-name-${location.id}`}>{location.name}</Table.Td>
                <Table.Td>{location.timeZone}</Table.Td>
                <Table.Td>{location.address}</Table.Td>
                <Table.Td>
                  <UseAsKioskButton location={location} />
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-describedby={`location-name-${location.id}`}
                      onClick={() => setEditingId(location.id)}
                    >
                      Edit
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      {canEdit && (
        <Group>
          <Button
            variant="subtle"
            onClick={() => setShowArchived((shown) => !shown)}
            aria-expanded={showArchived}
          >
            {showArchived ? 'Hide archived locations' : 'Show archived locations'}
          </Button>
        </Group>
      )}
      {canEdit && showArchived && <ArchivedLocations />}
      {locations.data && !(canEdit && archived.isPending) && (
        <KioskList
          locations={[
            ...locations.data,
            ...(archived.data ?? []).map((location) => ({ ...location, archived: true })),
          ]}
        />
      )}
      {canEdit && <AddLocationForm />}
      {editing && <LocationDrawer location={editing} onClose={() => setEditingId(null)} />}
    </Stack>
  );
}

/** Adds a location; also the onboarding's first step, which goes on with the created location. */
export function AddLocationForm({
  title = 'Add a location',
  onCreated,
}: {
  title?: string;
  onCreated?: (location: Location) => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, address: '' },
    validate: validateBody(createLocationInput, locationBody),
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      unwrap(api.POST('/api/v1/locations', { body: locationBody(values) })),
    onSuccess: (created) => {
      form.reset();
      onCreated?.(created);
      return queryClient.invalidateQueries({ queryKey: ['locations'] });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} aria-label={title} noValidate>
      <Stack maw={480}>
        <Title order={3}>{title}</Title>
        <LocationFields form={form} />
        <ProblemAlert error={create.error} shownFields={Object.keys(form.values)} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            Add location
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
