import { Alert, Button, Code, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import { type Location, useLocations } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { saveKioskToken } from './KioskPage';
import { PageState } from './PageState';

const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/** The business's sites: list, add, and turn this device into a site's kiosk. */
export function LocationsPage() {
  const locations = useLocations();
  return (
    <Stack>
      <Title order={2}>Locations</Title>
      <PageState
        pending={locations.isPending}
        error={locations.error}
        empty={locations.data?.length === 0}
        emptyText="No locations yet. Add your first one below."
      >
        <Table striped aria-label="Locations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Time zone</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Kiosk</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {locations.data?.map((location) => (
              <Table.Tr key={location.id}>
                <Table.Td>{location.name}</Table.Td>
                <Table.Td>{location.timeZone}</Table.Td>
                <Table.Td>{location.address}</Table.Td>
                <Table.Td>
                  <KioskButton location={location} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <AddLocationForm />
    </Stack>
  );
}

function AddLocationForm() {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, address: '' },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      unwrap(api.POST('/api/v1/locations', { body: { ...values, address: values.address || null } })),
    onSuccess: () => {
      form.reset();
      return queryClient.invalidateQueries({ queryKey: ['locations'] });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} aria-label="Add a location">
      <Stack maw={480}>
        <Title order={3}>Add a location</Title>
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <Select
          label="Time zone"
          data={TIME_ZONES}
          searchable
          allowDeselect={false}
          required
          {...form.getInputProps('timeZone')}
        />
        <TextInput label="Address" {...form.getInputProps('address')} />
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

/** Creates a kiosk token for the location and opens kiosk mode on this device. */
function KioskButton({ location }: { location: Location }) {
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/kiosks', { body: { locationId: location.id, name: `${location.name} kiosk` } }),
      ),
    onSuccess: ({ token }) => {
      saveKioskToken({ token, locationName: location.name });
      navigate('/kiosk');
    },
  });
  if (create.error)
    return (
      <Alert color="red" p="xs">
        <Code>{create.error.message}</Code>
      </Alert>
    );
  return (
    <Button size="xs" variant="light" loading={create.isPending} onClick={() => create.mutate()}>
      Use this device as kiosk
    </Button>
  );
}
