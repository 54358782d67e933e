import { Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { personInput } from '../../../shared/auth/signup-input';
import { authCall, authClient } from '../api/auth';
import { ME_KEY, useMe } from '../api/me';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthFrame } from './AuthFrame';

/**
 * Where an invitation email leads. Signed in: the invitation, to accept or decline. Not signed in:
 * create an account (the verification link brings the person back here) or sign in.
 */
export function InvitationPage() {
  const { id = '' } = useParams();
  const me = useMe();
  if (me.isPending) return <AuthFrame title="Invitation">…</AuthFrame>;
  if (!me.data) return <NewAccount invitationId={id} />;
  return <Invitation invitationId={id} />;
}

function Invitation({ invitationId }: { invitationId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invitation = useQuery({
    queryKey: ['invitation', invitationId],
    queryFn: () => authCall(authClient.organization.getInvitation({ query: { id: invitationId } })),
    retry: false,
  });
  const answer = useMutation({
    mutationFn: async (accept: boolean) => {
      if (!accept) return authCall(authClient.organization.rejectInvitation({ invitationId }));
      await authCall(authClient.organization.acceptInvitation({ invitationId }));
      // Work in the business just joined.
      const organizationId = invitation.data?.organizationId;
      if (organizationId) await authCall(authClient.organization.setActive({ organizationId }));
    },
    onSuccess: (_, accepted) => {
      queryClient.clear();
      navigate(accepted ? '/' : '/login');
    },
  });
  return (
    <AuthFrame title="You are invited">
      <ProblemAlert error={invitation.error} />
      {invitation.data && (
        <>
          <Text>
            {invitation.data.inviterEmail} invited you to <strong>{invitation.data.organizationName}</strong>{' '}
            as {invitation.data.role}.
          </Text>
          <Group>
            <Button onClick={() => answer.mutate(true)} loading={answer.isPending && answer.variables}>
              Accept
            </Button>
            <Button
              variant="default"
              onClick={() => answer.mutate(false)}
              loading={answer.isPending && !answer.variables}
            >
              Decline
            </Button>
          </Group>
        </>
      )}
      <ProblemAlert error={answer.error} />
      <Text size="sm" c="dimmed">
        Signed in as {queryClient.getQueryData<{ user: { email: string } }>(ME_KEY)?.user.email}.
      </Text>
    </AuthFrame>
  );
}

function NewAccount({ invitationId }: { invitationId: string }) {
  const back = `/invitations/${invitationId}`;
  const form = useForm({
    initialValues: { name: '', email: '', password: '' },
    validate: schemaResolver(personInput, { sync: true }),
  });
  const signUp = useMutation({
    mutationFn: (values: typeof form.values) =>
      authCall(authClient.signUp.email({ ...values, callbackURL: back }), 'Could not create the account'),
  });
  return (
    <AuthFrame
      title="Join your team on Rota"
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to="/login" state={{ from: back }}>
            Sign in
          </Anchor>
        </>
      }
    >
      {signUp.isSuccess ? (
        <Text role="status">
          Check your email: the link in it confirms your address and brings you back to the invitation.
        </Text>
      ) : (
        <form onSubmit={form.onSubmit((values) => signUp.mutate(values))} noValidate>
          <Stack>
            <TextInput label="Your name" autoComplete="name" {...form.getInputProps('name')} />
            <TextInput
              label="Email"
              type="email"
              description="The address the invitation was sent to"
              autoComplete="email"
              {...form.getInputProps('email')}
            />
            <PasswordInput label="Password" autoComplete="new-password" {...form.getInputProps('password')} />
            <ProblemAlert error={signUp.error} />
            <Button type="submit" loading={signUp.isPending}>
              Create account
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
