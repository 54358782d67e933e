import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';
import { signInInput } from '../../../shared/auth/signup-input';
import { authCall, authClient } from '../api/auth';
import { ProblemError } from '../api/client';
import { ME_KEY } from '../api/me';
import { ProblemAlert } from '../components/ProblemAlert';
import { AuthFrame } from './AuthFrame';

export function LogInPage() {
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: schemaResolver(signInInput, { sync: true }),
  });
  const signIn = useMutation({
    mutationFn: (values: typeof form.values) =>
      authCall(authClient.signIn.email(values), 'Could not sign in'),
    onSuccess: (data) => {
      if (data && 'twoFactorRedirect' in data && data.twoFactorRedirect) {
        navigate('/login/two-factor', { state: { from } });
        return;
      }
      // Forget "nobody signed in", so the app asks again instead of sending us back here.
      queryClient.removeQueries({ queryKey: ME_KEY });
      navigate(from, { replace: true });
    },
  });
  // better-auth refuses an unconfirmed address with 403 and, as configured, emails a fresh link.
  const notConfirmed = signIn.error instanceof ProblemError && signIn.error.status === 403;
  return (
    <AuthFrame
      title="Sign in"
      footer={
        <>
          New to Rota?{' '}
          <Anchor component={Link} to="/signup">
            Create an account
          </Anchor>
        </>
      }
    >
      <form onSubmit={form.onSubmit((values) => signIn.mutate(values))} noValidate>
        <Stack>
          <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('email')} />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            {...form.getInputProps('password')}
          />
          {notConfirmed ? (
            <Alert color="orange" role="alert" title="Confirm your email first">
              We have sent a new confirmation link to {form.values.email}. Open it, then sign in here.
            </Alert>
          ) : (
            <ProblemAlert error={signIn.error} />
          )}
          <Anchor component={Link} to="/forgot-password" size="sm">
            Forgot your password?
          </Anchor>
          <Button type="submit" loading={signIn.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
