import { Button, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { authCall, authClient } from '../api/auth';
import { api, unwrap } from '../api/client';
import { allPages } from '../api/pages';
import type { Location } from '../api/queries';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { forgetKioskDevice, saveKioskToken } from './KioskPage';
import { PageState } from './PageState';

type Kiosk = components['schemas']['Kiosk'];

/**
 * Turns this device into the location's kiosk, after asking: the kiosk token is stored, then the
 * person is signed out here, so a tablet left at the till holds the kiosk token and no session
 * (Back or any app address then asks for a sign-in).
 */
export function UseAsKioskButton({ location }: { location: Location }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size="xs"
        variant="light"
        aria-describedby={`location-name-${location.id}`}
        onClick={() => setOpened(true)}
      >
        Use this device as kiosk
      </Button>
      {opened && <UseAsKioskModal location={location} onClose={() => setOpened(false)} />}
    </>
  );
}

function UseAsKioskModal({ location, onClose }: { location: Location; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The kiosk made for this device, once its token is stored: a retry after a failed sign-out does
  // not register a second one, and Cancel then takes it back (revoked, token forgotten), so the
  // device is never left holding a kiosk token beside the person's session.
  const made = useRef<string | null>(null);
  const form = useForm({
    initialValues: { name: `${location.name} kiosk` },
    validate: { name: (name) => (name.trim() ? null : 'Name the device') },
  });
  const start = useMutation({
    mutationFn: async ({ name }: typeof form.values) => {
      if (!made.current) {
        const { token, kiosk } = await unwrap(
          api.POST('/api/v1/kiosks', { body: { locationId: location.id, name: name.trim() } }),
        );
        saveKioskToken({ token, locationName: location.name });
        made.current = kiosk.id;
      }
      await authCall(authClient.signOut(), 'Could not sign you out on this device');
    },
    onSuccess: () => {
      navigate('/kiosk', { replace: true });
      // Nothing the signed-in person saw stays in this tab's memory.
      queryClient.clear();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  const cancel = async () => {
    const kioskId = made.current;
    if (kioskId) {
      forgetKioskDevice();
      await api.DELETE('/api/v1/kiosks/{id}', { params: { path: { id: kioskId } } });
      await queryClient.invalidateQueries({ queryKey: ['kiosks'] });
    }
    onClose();
  };
  return (
    <Modal opened onClose={cancel} title={`Use this device as the kiosk of ${location.name}`}>
      <form onSubmit={form.onSubmit((values) => start.mutate(values))} aria-label="Set up kiosk" noValidate>
        <Stack>
          <Text size="sm">
            You are signed out on this device, which then only lets staff clock in and out with their PIN. To
            leave kiosk mode, sign in again; to cut the device off, revoke it under Kiosks.
          </Text>
          <TextInput
            label="Device name"
            description="Tells this tablet apart in the list of kiosks."
            required
            maxLength={100}
            {...form.getInputProps('name')}
          />
          <ProblemAlert error={start.error} shownFields={['name']} />
          <Group>
            <Button type="submit" loading={start.isPending}>
              Sign out and open the kiosk
            </Button>
            <Button variant="default" onClick={cancel}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every kiosk device of the business still working, newest first: all the pages. */
function useKiosks() {
  return useQuery({
    queryKey: ['kiosks'],
    queryFn: async () =>
      (await allPages((query) => unwrap(api.GET('/api/v1/kiosks', { params: { query } })))).data,
  });
}

const when = (instant: string | null) => (instant ? new Date(instant).toLocaleString() : 'Never');

/**
 * The kiosk devices at the given locations (those the caller sees), with a Revoke that asks
 * first: a lost or replaced tablet is cut off at once.
 */
export function KioskList({ locations }: { locations: { id: string; name: string; archived?: boolean }[] }) {
  const kiosks = useKiosks();
  const [revoking, setRevoking] = useState<Kiosk | null>(null);
  const byId = new Map(locations.map((location) => [location.id, location]));
  // A manager is told of every kiosk of the business but may revoke those of their locations only.
  const shown = kiosks.data?.filter((kiosk) => byId.has(kiosk.locationId));
  return (
    <Stack gap="xs">
      <Title order={3}>Kiosks</Title>
      <PageState
        pending={kiosks.isPending}
        error={kiosks.error}
        empty={shown?.length === 0}
        emptyText="No kiosks. “Use this device as kiosk” turns a tablet at a location into one."
      >
        <Table striped aria-label="Kiosks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Location</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown?.map((kiosk) => {
              const location = byId.get(kiosk.locationId);
              return (
                <Table.Tr key={kiosk.id}>
                  <Table.Td id={`kiosk-name-${kiosk.id}`}>{kiosk.name}</Table.Td>
                  <Table.Td>
                    {location?.name}
                    {location?.archived && ' (archived)'}
                  </Table.Td>
                  <Table.Td>{when(kiosk.createdAt)}</Table.Td>
                  <Table.Td>{when(kiosk.lastUsedAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-describedby={`kiosk-name-${kiosk.id}`}
                      onClick={() => setRevoking(kiosk)}
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </PageState>
      {revoking && <RevokeKioskModal kiosk={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

function RevokeKioskModal({ kiosk, onClose }: { kiosk: Kiosk; onClose: () => void }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/kiosks/{id}', { params: { path: { id: kiosk.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['kiosks'] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Revoke ${kiosk.name}?`}>
      <Stack>
        <Text size="sm">
          The device stops working at once: it shows that the kiosk was removed, and nobody can clock in or
          out on it. A manager can set it up again from this page.
        </Text>
        <ProblemAlert error={revoke.error} />
        <Group>
          <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate()}>
            Yes, revoke
          </Button>
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
