import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { z } from 'zod';
import { emailAddress, newPassword } from '../../../shared/auth/signup-input';
import { authCall, authClient } from '../api/auth';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthFrame } from './AuthFrame';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const form = useForm({
    initialValues: { email: '' },
    validate: schemaResolver(z.object({ email: emailAddress }), { sync: true }),
  });
  const request = useMutation({
    mutationFn: ({ email }: typeof form.values) =>
      authCall(authClient.requestPasswordReset({ email, redirectTo: '/reset-password' })),
  });
  return (
    <AuthFrame
      title="Reset your password"
      footer={
        <Anchor component={Link} to="/login">
          Back to sign in
        </Anchor>
      }
    >
      {request.isSuccess ? (
        <Text role="status">If that address has an account, we sent it a link to choose a new password.</Text>
      ) : (
        <form onSubmit={form.onSubmit((values) => request.mutate(values))} noValidate>
          <Stack>
            <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('email')} />
            <ProblemAlert error={request.error} />
            <Button type="submit" loading={request.isPending}>
              Send the link
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}

/** Where the emailed link lands (better-auth adds `?token=`, or `?error=` when it expired). */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const form = useForm({
    initialValues: { newPassword: '' },
    validate: schemaResolver(z.object({ newPassword }), { sync: true }),
  });
  const reset = useMutation({
    mutationFn: ({ newPassword }: typeof form.values) =>
      authCall(authClient.resetPassword({ newPassword, token: token ?? '' }), 'Could not reset the password'),
  });
  if (!token)
    return (
      <AuthFrame title="This link has expired">
        <Text>
          Reset links work once and for an hour.{' '}
          <Anchor component={Link} to="/forgot-password">
            Ask for a new one
          </Anchor>
          .
        </Text>
      </AuthFrame>
    );
  return (
    <AuthFrame title="Choose a new password">
      {reset.isSuccess ? (
        <Text role="status">
          Your password is changed and your other sessions are signed out.{' '}
          <Anchor component={Link} to="/login">
            Sign in
          </Anchor>
        </Text>
      ) : (
        <form onSubmit={form.onSubmit((values) => reset.mutate(values))} noValidate>
          <Stack>
            <PasswordInput
              label="New password"
              description="At least 10 characters"
              autoComplete="new-password"
              {...form.getInputProps('newPassword')}
            />
            <ProblemAlert error={reset.error} />
            <Button type="submit" loading={reset.isPending}>
              Save password
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
