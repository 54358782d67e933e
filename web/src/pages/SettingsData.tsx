import { Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { authClient } from '../api/auth';
import { api, toProblemError, unwrap } from '../api/client';
import { useMe } from '../api/me';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';

/** How often to ask whether an export is written yet, and for how long before giving up. */
const EXPORT_POLL_MS = 2000;
const EXPORT_WAIT_MS = 10 * 60_000;

const exportPath = (exportId: string) => `/api/v1/tenant/exports/${encodeURIComponent(exportId)}`;

/**
 * Whether export `exportId` is written: the API answers 404 until it is, then a 303 to a presigned
 * S3 link. The redirect is not followed (the bucket has no CORS): an opaque redirect means ready.
 */
async function exportReady(exportId: string): Promise<boolean> {
  const response = await fetch(exportPath(exportId), { credentials: 'same-origin', redirect: 'manual' });
  if (response.type === 'opaqueredirect' || response.status === 303) return true;
  if (response.status === 404) return false;
  throw toProblemError(response, await response.json().catch(() => null));
}

/** "Export all data" (owners and admins): a job writes the file; the page waits, then links to it. */
export function ExportSection() {
  const [requested, setRequested] = useState<{ exportId: string; at: number } | null>(null);
  const exportId = requested?.exportId ?? null;
  const request = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/tenant/exports')),
    onSuccess: ({ exportId }) => setRequested({ exportId, at: Date.now() }),
  });
  const ready = useQuery({
    queryKey: ['tenant-export', exportId],
    queryFn: async () => {
      if (await exportReady(requested?.exportId ?? '')) return true;
      if (Date.now() - (requested?.at ?? 0) > EXPORT_WAIT_MS)
        throw new Error('The export is taking longer than it should. Try again in a while.');
      return false;
    },
    enabled: requested !== null,
    retry: false,
    refetchInterval: (query) => (query.state.data || query.state.error ? false : EXPORT_POLL_MS),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const preparing = exportId !== null && !ready.data && !ready.error;
  return (
    <Stack maw={560} gap="xs">
      <Title order={3}>Export all data</Title>
      <Text size="sm" c="dimmed">
        Everything the business holds (people, locations, shifts, time entries, pay rates, settings) in one
        JSON file. Preparing it can take a minute.
      </Text>
      <Group>
        <Button variant="default" onClick={() => request.mutate()} loading={request.isPending || preparing}>
          Export all data
        </Button>
      </Group>
      {preparing && (
        <Text size="sm" role="status">
          Preparing the export…
        </Text>
      )}
      {exportId && ready.data && (
        <Text size="sm" role="status">
          The export is ready:{' '}
          {/* A link, not a fetch: the browser follows the API's redirect to the file itself. */}
          <Anchor href={exportPath(exportId)}>Download the export</Anchor>
        </Text>
      )}
      <ProblemAlert error={request.error ?? ready.error} />
    </Stack>
  );
}

/**
 * Deleting the business for good (owner): the person types its name, a job deletes it, and they
 * land on the page for people without a business.
 */
export function DeleteBusinessSection() {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { confirmName: '' },
    validate: { confirmName: (value) => (value ? null : 'Type the business’s name to confirm') },
  });
  const remove = useMutation({
    // The server compares the name (it may have been renamed since this page loaded).
    mutationFn: ({ confirmName }: typeof form.values) =>
      unwrap(api.DELETE('/api/v1/tenant', { body: { confirmName } })),
    onSuccess: async () => {
      // A job deletes it in a moment; until then the session would still work in it and list it.
      // Best effort: the job also ends the session's use of it.
      await authClient.organization.setActive({ organizationId: null });
      const businesses = await authClient.organization.list();
      // Every cached answer belonged to the deleted business.
      queryClient.removeQueries();
      if (businesses.data)
        queryClient.setQueryData(
          ['my-businesses'],
          businesses.data.filter((business) => business.id !== me?.tenant?.id),
        );
      navigate('/no-business', { replace: true });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form
      onSubmit={form.onSubmit((values) => remove.mutate(values))}
      aria-label="Delete the business"
      noValidate
    >
      <Stack
        maw={560}
        gap="xs"
        p="md"
        style={{ border: '1px solid var(--mantine-color-red-6)', borderRadius: 'var(--mantine-radius-md)' }}
      >
        <Title order={3} c="red.8">
          Delete the business
        </Title>
        <Text size="sm">
          This deletes {me?.tenant?.name ?? 'the business'} and all its data for good, ends everyone’s access
          and stops the subscription. It cannot be undone: export the data first if you may need it.
        </Text>
        <TextInput
          label="Type the business’s name to confirm"
          autoComplete="off"
          {...form.getInputProps('confirmName')}
        />
        <ProblemAlert error={remove.error} shownFields={['confirmName']} />
        <Group>
          <Button type="submit" color="red" loading={remove.isPending}>
            Delete the business
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
