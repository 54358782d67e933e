import {
  Alert,
  Button,
  Code,
  Group,
  Image,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toDataURL } from 'qrcode';
import { useState } from 'react';
import { createApiKeyInput } from '../../../shared/auth/api-key-input';
import { authCall, authClient } from '../api/auth';
import { api, unwrap } from '../api/client';
import { ME_KEY, useMe } from '../api/me';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { PageState } from './PageState';

/** API keys of the business: list, create (the token is shown once), revoke. */
export function ApiKeysSection() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => unwrap(api.GET('/api/v1/api-keys')) });
  const form = useForm({
    initialValues: { name: '', role: 'admin' as 'admin' | 'manager' | 'employee' },
    validate: schemaResolver(createApiKeyInput, { sync: true }),
  });
  const [token, setToken] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  const create = useMutation({
    mutationFn: (values: typeof form.values) => unwrap(api.POST('/api/v1/api-keys', { body: values })),
    onSuccess: (created) => {
      setToken(created.token);
      form.reset();
      return refresh();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  return (
    <Stack maw={720}>
      <Text c="dimmed">
        Keys let other software use the API as this business. Send one as `Authorization: Bearer …`.
      </Text>
      {token && (
        <Alert color="teal" title="Copy the key now: it is not shown again">
          <Code block>{token}</Code>
        </Alert>
      )}
      <PageState
        pending={keys.isPending}
        error={keys.error}
        empty={keys.data?.data.length === 0}
        emptyText="No API keys."
      >
        <Table aria-label="API keys">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.data?.data.map((key) => (
              <Table.Tr key={key.id}>
                <Table.Td>{key.name}</Table.Td>
                <Table.Td>{key.role}</Table.Td>
                <Table.Td>
                  <Code>{key.tokenPrefix}…</Code>
                </Table.Td>
                <Table.Td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : 'Never'}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(key.id)}>
                    Revoke
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <ProblemAlert error={revoke.error} />
      <form
        onSubmit={form.onSubmit((values) => create.mutate(values))}
        aria-label="Create an API key"
        noValidate
      >
        <Group align="end">
          <TextInput label="Key name" w={240} {...form.getInputProps('name')} />
          <Select
            label="Role"
            data={['admin', 'manager', 'employee']}
            allowDeselect={false}
            w={140}
            {...form.getInputProps('role')}
          />
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </Group>
        <ProblemAlert error={create.error} shownFields={Object.keys(form.values)} />
      </form>
    </Stack>
  );
}

/** The signed-in person's two-step verification and sessions. */
export function SecuritySection() {
  return (
    <Stack maw={720}>
      <TwoFactorSettings />
      <Sessions />
    </Stack>
  );
}

function TwoFactorSettings() {
  const me = useMe();
  const queryClient = useQueryClient();
  const enabled = me.data?.user.twoFactorEnabled ?? false;
  const [password, setPassword] = useState('');
  const [enrolment, setEnrolment] = useState<{ qr: string; uri: string; backupCodes: string[] } | null>(null);
  const [code, setCode] = useState('');
  const start = useMutation({
    mutationFn: async () => {
      const started = await authCall(authClient.twoFactor.enable({ password }), 'Could not start');
      if (started?.method !== 'totp') throw new Error('The server did not start an authenticator enrolment.');
      setEnrolment({
        qr: await toDataURL(started.totpURI),
        uri: started.totpURI,
        backupCodes: started.backupCodes,
      });
    },
  });
  const confirm = useMutation({
    mutationFn: () => authCall(authClient.twoFactor.verifyTotp({ code }), 'That code did not match'),
    onSuccess: () => {
      setEnrolment(null);
      return queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  });
  const disable = useMutation({
    mutationFn: () => authCall(authClient.twoFactor.disable({ password }), 'Could not turn it off'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_KEY }),
  });
  return (
    <Stack>
      <Title order={3}>Two-step verification</Title>
      <Text>{enabled ? 'On: signing in asks for a code from your authenticator app.' : 'Off.'}</Text>
      {enrolment ? (
        <Stack>
          <Text>Scan this with your authenticator app, then type the code it shows.</Text>
          <Image src={enrolment.qr} alt="QR code for your authenticator app" w={180} h={180} />
          <Code block>{enrolment.uri}</Code>
          <Text size="sm">Backup codes (keep them somewhere safe; each works once):</Text>
          <Code block>{enrolment.backupCodes.join('\n')}</Code>
          <Group align="end">
            <TextInput
              label="Code from the app"
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              w={180}
            />
            <Button onClick={() => confirm.mutate()} loading={confirm.isPending}>
              Turn on
            </Button>
          </Group>
          <ProblemAlert error={confirm.error} />
        </Stack>
      ) : (
        <Group align="end">
          <PasswordInput
            label="Your password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            w={240}
          />
          {enabled ? (
            <Button color="red" variant="light" onClick={() => disable.mutate()} loading={disable.isPending}>
              Turn off
            </Button>
          ) : (
            <Button onClick={() => start.mutate()} loading={start.isPending}>
              Set up
            </Button>
          )}
        </Group>
      )}
      <ProblemAlert error={start.error ?? disable.error} />
    </Stack>
  );
}

function Sessions() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => authCall(authClient.listSessions()) });
  const current = useQuery({ queryKey: ['session'], queryFn: () => authCall(authClient.getSession()) });
  const revokeOthers = useMutation({
    mutationFn: () => authCall(authClient.revokeOtherSessions()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sessions'] }),
  });
  const currentToken = current.data?.session.token;
  return (
    <Stack>
      <Title order={3}>Where you are signed in</Title>
      <PageState pending={sessions.isPending} error={sessions.error}>
        <Table aria-label="Sessions">
          <Table.Tbody>
            {sessions.data?.map((session) => (
              <Table.Tr key={session.id}>
                <Table.Td>{session.userAgent ?? 'Unknown device'}</Table.Td>
                <Table.Td>{session.ipAddress}</Table.Td>
                <Table.Td>
                  {session.token === currentToken
                    ? 'This device'
                    : new Date(session.updatedAt).toLocaleString()}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <Group>
        <Button variant="default" onClick={() => revokeOthers.mutate()} loading={revokeOthers.isPending}>
          Sign out everywhere else
        </Button>
      </Group>
      <ProblemAlert error={revokeOthers.error} />
    </Stack>
  );
}
