import { Divider, Drawer, MultiSelect, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { locationManagersInput, updateLocationInput } from '../../../shared/timekeeping/location-input';
import { authCall, authClient } from '../api/auth';
import { api, unwrap } from '../api/client';
import type { Location } from '../api/queries';
import { ConfirmAction, SaveButton } from '../components/FormActions';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { validateBody } from '../lib/schema-forms';
import { PageState } from './PageState';

export const TIME_ZONES = Intl.supportedValuesOf('timeZone');

interface LocationValues {
  name: string;
  timeZone: string;
  address: string;
}

/** The create and update body of a location's form: an emptied address clears it. */
export const locationBody = (values: LocationValues) => ({
  ...values,
  address: values.address.trim() || null,
});

/** One location (owners and admins): details, who manages it, and archiving it. */
export function LocationDrawer({ location, onClose }: { location: Location; onClose: () => void }) {
  return (
    <Drawer opened onClose={onClose} position="right" size="md" title={location.name}>
      <Stack gap="lg">
        <DetailsForm location={location} />
        <Divider />
        <Managers location={location} />
        <Divider />
        <ArchiveSection location={location} onArchived={onClose} />
      </Stack>
    </Drawer>
  );
}

function DetailsForm({ location }: { location: Location }) {
  const queryClient = useQueryClient();
  const form = useForm<LocationValues>({
    initialValues: { name: location.name, timeZone: location.timeZone, address: location.address ?? '' },
    validate: validateBody(updateLocationInput, locationBody),
  });
  const save = useMutation({
    mutationFn: (values: LocationValues) =>
      unwrap(
        api.PATCH('/api/v1/locations/{id}', {
          params: { path: { id: location.id } },
          body: locationBody(values),
        }),
      ),
    onSuccess: (_, values) => {
      form.resetDirty(values);
      return queryClient.invalidateQueries({ queryKey: ['locations'] });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label="Location details" noValidate>
      <Stack>
        <LocationFields
          form={form}
          timeZoneHint="Shifts keep their exact times; the schedule shows them in this zone."
        />
        <ProblemAlert error={save.error} shownFields={Object.keys(form.values)} />
        <SaveButton
          label="Save location"
          pending={save.isPending}
          dirty={form.isDirty()}
          saved={save.isSuccess}
        />
      </Stack>
    </form>
  );
}

/** A location's name, time zone and address inputs, for the add and the edit forms. */
export function LocationFields({
  form,
  timeZoneHint,
}: {
  form: UseFormReturnType<{ name: string; timeZone: string; address: string }>;
  timeZoneHint?: string;
}) {
  return (
    <>
      <TextInput label="Name" required {...form.getInputProps('name')} />
      <Select
        label="Time zone"
        description={timeZoneHint}
        data={TIME_ZONES}
        searchable
        allowDeselect={false}
        required
        {...form.getInputProps('timeZone')}
      />
      <TextInput label="Address" {...form.getInputProps('address')} />
    </>
  );
}

/** Members with the manager role who may schedule this location (they see only theirs). */
function Managers({ location }: { location: Location }) {
  // The same query as the team screen's member list, so both share it.
  const members = useQuery({
    queryKey: ['members'],
    queryFn: () => authCall(authClient.organization.listMembers({ query: {} })),
  });
  const saved = useQuery({
    queryKey: ['location-managers', location.id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/locations/{id}/managers', { params: { path: { id: location.id } } })),
  });
  const managers =
    members.data?.members
      .filter((member) => member.role.split(',').includes('manager'))
      .map((member) => ({ value: member.user.id, label: `${member.user.name} (${member.user.email})` })) ??
    [];
  return (
    <Stack gap="xs">
      <Title order={4}>Managers</Title>
      <PageState pending={members.isPending || saved.isPending} error={members.error ?? saved.error}>
        {saved.data &&
          (managers.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nobody has the manager role yet: invite one from Team, then choose them here.
            </Text>
          ) : (
            <ManagersForm location={location} options={managers} userIds={saved.data.userIds} />
          ))}
      </PageState>
    </Stack>
  );
}

function ManagersForm({
  location,
  options,
  userIds,
}: {
  location: Location;
  options: { value: string; label: string }[];
  userIds: string[];
}) {
  const queryClient = useQueryClient();
  const form = useForm({
    // Someone no longer a manager cannot manage the location, so they are not offered to keep.
    initialValues: { userIds: userIds.filter((id) => options.some((o) => o.value === id)) },
    validate: validateBody(locationManagersInput, (values: { userIds: string[] }) => values),
  });
  const save = useMutation({
    mutationFn: (values: { userIds: string[] }) =>
      unwrap(
        api.PUT('/api/v1/locations/{id}/managers', { params: { path: { id: location.id } }, body: values }),
      ),
    onSuccess: (next) => {
      queryClient.setQueryData(['location-managers', location.id], next);
      form.resetDirty(next);
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label="Managers" noValidate>
      <Stack>
        <MultiSelect
          label="Managers of this location"
          description="They see and schedule only the locations they manage."
          data={options}
          searchable
          clearable
          {...form.getInputProps('userIds')}
        />
        <ProblemAlert error={save.error} shownFields={['userIds']} />
        <SaveButton
          label="Save managers"
          pending={save.isPending}
          dirty={form.isDirty()}
          saved={save.isSuccess}
        />
      </Stack>
    </form>
  );
}

/** Archiving asks once more; an archived location leaves the lists but its history is kept. */
function ArchiveSection({ location, onArchived }: { location: Location; onArchived: () => void }) {
  const queryClient = useQueryClient();
  const archive = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/locations/{id}', {
          params: { path: { id: location.id } },
          body: { archived: true },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['locations'] });
      onArchived();
    },
  });
  return (
    <ConfirmAction
      label="Archive location"
      confirmLabel="Yes, archive"
      groupLabel="Confirm archiving"
      question={
        <>
          Archive {location.name}? It leaves the lists and the schedule; its shifts and time entries are kept
          for payroll and reports.
        </>
      }
      pending={archive.isPending}
      error={archive.error}
      onConfirm={() => archive.mutate()}
    />
  );
}
