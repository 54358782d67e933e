import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { emailAddress } from '../../../shared/auth/signup-input';
import { authCall, authClient } from '../api/auth';
import { api, unwrap } from '../api/client';
import { ME_KEY, type TenantRole, useMe } from '../api/me';
import { ProblemAlert } from '../components/ProblemAlert';
import { PageState } from './PageState';

const ROLE_OPTIONS: { value: TenantRole; label: string }[] = [
  { value: 'employee', label: 'Employee' },
  { value: 'manager', label: 'Manager' },
  { value: 'admin', label: 'Admin' },
];

/** Who can sign in to the business, with which role; invitations out and sent from here. */
export function TeamAccess() {
  const me = useMe();
  const canManage = me.data?.tenant?.role === 'owner' || me.data?.tenant?.role === 'admin';
  const isOwner = me.data?.tenant?.role === 'owner';
  const [transferTo, setTransferTo] = useState<{ userId: string; name: string } | null>(null);
  const queryClient = useQueryClient();
  const members = useQuery({
    queryKey: ['members'],
    queryFn: () => authCall(authClient.organization.listMembers({ query: {} })),
  });
  const invitations = useQuery({
    queryKey: ['invitations'],
    queryFn: () => authCall(authClient.organization.listInvitations({ query: {} })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['members'] });
  const changeRole = useMutation({
    mutationFn: ({ memberId, role }: { memberId: string; role: TenantRole }) =>
      authCall(authClient.organization.updateMemberRole({ memberId, role })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (memberIdOrEmail: string) =>
      authCall(authClient.organization.removeMember({ memberIdOrEmail })),
    onSuccess: refresh,
  });
  const cancelInvitation = useMutation({
    mutationFn: (invitationId: string) =>
      authCall(authClient.organization.cancelInvitation({ invitationId }), 'Could not cancel the invitation'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['invitations'] }),
  });
  const transfer = useMutation({
    mutationFn: (userId: string) =>
      unwrap(api.POST('/api/v1/members/transfer-ownership', { body: { userId } })),
    onSuccess: () => {
      setTransferTo(null);
      // The caller is an admin now: their role, and what the pages offer them, change.
      return Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ME_KEY })]);
    },
  });
  const pending = invitations.data?.filter((invitation) => invitation.status === 'pending') ?? [];
  return (
    <Stack>
      <Title order={3}>People with access</Title>
      <PageState pending={members.isPending} error={members.error}>
        <Table aria-label="Members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data?.members.map((member) => (
              <Table.Tr key={member.id}>
                <Table.Td>{member.user.name}</Table.Td>
                <Table.Td>{member.user.email}</Table.Td>
                <Table.Td>
                  {member.role === 'owner' || !canManage ? (
                    <Badge variant="light">{member.role}</Badge>
                  ) : (
                    <Select
                      aria-label={`Role of ${member.user.name}`}
                      data={ROLE_OPTIONS}
                      value={member.role}
                      allowDeselect={false}
                      onChange={(role) =>
                        role && changeRole.mutate({ memberId: member.id, role: role as TenantRole })
                      }
                      w={160}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {isOwner && member.role !== 'owner' && (
                      <Button
                        size="xs"
                        variant="subtle"
                        aria-label={`Make ${member.user.name} the owner`}
                        onClick={() => {
                          transfer.reset();
                          setTransferTo({ userId: member.userId, name: member.user.name });
                        }}
                      >
                        Make owner
                      </Button>
                    )}
                    {canManage && member.role !== 'owner' && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(member.id)}>
                        Remove
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {pending.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td c="dimmed">Invited</Table.Td>
                <Table.Td>{invitation.email}</Table.Td>
                <Table.Td>
                  <Badge variant="outline">{invitation.role}</Badge>
                </Table.Td>
                <Table.Td>
                  {canManage && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={`Cancel the invitation to ${invitation.email}`}
                      loading={cancelInvitation.isPending && cancelInvitation.variables === invitation.id}
                      onClick={() => cancelInvitation.mutate(invitation.id)}
                    >
                      Cancel invitation
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <ProblemAlert error={changeRole.error ?? remove.error ?? cancelInvitation.error} />
      {isOwner && transferTo && (
        <Stack gap="xs" maw={560} role="group" aria-label="Confirm the transfer of ownership">
          <Text size="sm">
            Make {transferTo.name} the owner of the business? You become an admin: only the owner can delete
            the business or hand it on, so only {transferTo.name} could give it back.
          </Text>
          <ProblemAlert error={transfer.error} />
          <Group>
            <Button
              color="red"
              loading={transfer.isPending}
              onClick={() => transfer.mutate(transferTo.userId)}
            >
              Transfer ownership
            </Button>
            <Button variant="default" onClick={() => setTransferTo(null)}>
              Keep it
            </Button>
          </Group>
        </Stack>
      )}
      {canManage && <InviteForm />}
    </Stack>
  );
}

function InviteForm() {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { email: '', role: 'employee' as TenantRole },
    validate: schemaResolver(z.object({ email: emailAddress }), { sync: true }),
  });
  const invite = useMutation({
    mutationFn: ({ email, role }: typeof form.values) =>
      authCall(authClient.organization.inviteMember({ email, role }), 'Could not invite'),
    onSuccess: () => {
      form.reset();
      return queryClient.invalidateQueries({ queryKey: ['invitations'] });
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => invite.mutate(values))} aria-label="Invite someone" noValidate>
      <Group align="end">
        <TextInput label="Invite by email" type="email" w={280} {...form.getInputProps('email')} />
        <Select
          label="Role"
          data={ROLE_OPTIONS}
          allowDeselect={false}
          w={160}
          {...form.getInputProps('role')}
        />
        <Button type="submit" loading={invite.isPending}>
          Send invitation
        </Button>
      </Group>
      <ProblemAlert error={invite.error} />
    </form>
  );
}
