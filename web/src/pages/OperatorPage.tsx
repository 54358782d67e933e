import {
  Badge,
  Button,
  Drawer,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { PageState } from './PageState';

type TenantSummary = components['schemas']['TenantSummary'];
type StatusFilter = 'all' | 'active' | 'suspended';

const STATUS_COLOR = { active: 'teal', suspended: 'orange', deleted: 'gray' } as const;

/** Platform staff only: every business, suspend or reactivate with a reason, the audit log. */
export function OperatorPage() {
  const [status, setStatus] = useState<StatusFilter>('all');
  const [auditOf, setAuditOf] = useState<TenantSummary | null>(null);
  // Page by page on demand: a platform can have more businesses than one page.
  const tenants = useInfiniteQuery({
    queryKey: ['operator', 'tenants', status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/operator/tenants', {
          params: { query: { limit: 200, cursor: pageParam, ...(status === 'all' ? {} : { status }) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const tenantRows = tenants.data?.pages.flatMap((page) => page.data);
  return (
    <Stack>
      <Title order={2}>Operator console</Title>
      <SegmentedControl
        w={320}
        value={status}
        onChange={(value) => setStatus(value as StatusFilter)}
        data={[
          { value: 'all', label: 'All' },
          { value: 'active', label: 'Active' },
          { value: 'suspended', label: 'Suspended' },
        ]}
      />
      <PageState pending={tenants.isPending} error={tenants.error} empty={tenantRows?.length === 0}>
        <Table striped aria-label="Tenants">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Business</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Plan</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tenantRows?.map((tenant) => (
              <TenantRow key={tenant.id} tenant={tenant} onAudit={() => setAuditOf(tenant)} />
            ))}
          </Table.Tbody>
        </Table>
        <LoadMore list={tenants} />
      </PageState>
      {auditOf && <AuditLog tenant={auditOf} onClose={() => setAuditOf(null)} />}
    </Stack>
  );
}

function TenantRow({ tenant, onAudit }: { tenant: TenantSummary; onAudit: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const action = tenant.status === 'active' ? 'suspend' : 'reactivate';
  const change = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST(`/api/v1/operator/tenants/{id}/${action}`, {
          params: { path: { id: tenant.id } },
          body: reason ? { reason } : {},
        }),
      ),
    onSuccess: () => {
      setReason('');
      return queryClient.invalidateQueries({ queryKey: ['operator'] });
    },
  });
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{tenant.name}</Text>
        <Text size="xs" c="dimmed">
          {tenant.id}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLOR[tenant.status]}>{tenant.status}</Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{tenant.plan}</Text>
        <Text size="xs" c="dimmed">
          {billingNote(tenant)}
        </Text>
      </Table.Td>
      <Table.Td>{tenant.memberCount}</Table.Td>
      <Table.Td>{new Date(tenant.createdAt).toLocaleDateString()}</Table.Td>
      <Table.Td>
        {tenant.status !== 'deleted' && (
          <Group gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              placeholder="Reason"
              aria-label={`Reason to ${action} ${tenant.name}`}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Button
              size="xs"
              color={action === 'suspend' ? 'red' : 'teal'}
              variant="light"
              loading={change.isPending}
              onClick={() => change.mutate()}
            >
              {action === 'suspend' ? 'Suspend' : 'Reactivate'}
            </Button>
            <Button size="xs" variant="subtle" onClick={onAudit}>
              Audit log
            </Button>
          </Group>
        )}
        <ProblemAlert error={change.error} />
      </Table.Td>
    </Table.Tr>
  );
}

function AuditLog({ tenant, onClose }: { tenant: TenantSummary; onClose: () => void }) {
  const records = useInfiniteQuery({
    queryKey: ['operator', 'audit', tenant.id],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/operator/audit', {
          params: { query: { tenantId: tenant.id, limit: 200, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const recordRows = records.data?.pages.flatMap((page) => page.data);
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={`Audit log: ${tenant.name}`}>
      <PageState pending={records.isPending} error={records.error} empty={recordRows?.length === 0}>
        <Table fz="sm" aria-label="Audit log">
          <Table.Tbody>
            {recordRows?.map((record) => (
              <Table.Tr key={record.id}>
                <Table.Td>{new Date(record.at).toLocaleString()}</Table.Td>
                <Table.Td>{record.action}</Table.Td>
                <Table.Td>{record.actor}</Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {JSON.stringify(record.details)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <LoadMore list={records} />
      </PageState>
    </Drawer>
  );
}

/** The billing state under the plan: a trial's end, a failed payment, read-only. */
function billingNote(tenant: TenantSummary): string {
  if (tenant.readOnly) return `${tenant.billingStatus}: read-only`;
  if (tenant.billingStatus === 'trial' && tenant.trialEndsAt)
    return `trial until ${new Date(tenant.trialEndsAt).toLocaleDateString()}`;
  return tenant.billingStatus === 'none' ? '' : tenant.billingStatus;
}

/** The next page of a list the operator reads page by page, when there is one. */
function LoadMore({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!list.hasNextPage) return null;
  return (
    <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
      Load more
    </Button>
  );
}
