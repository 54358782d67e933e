import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { signupInput } from '../../../shared/auth/signup-input';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';
import { AuthFrame } from './AuthFrame';

/** Sign-up: a business and its owner. The API sends the verification email. */
export function SignUpPage() {
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { companyName: '', name: '', email: '', password: '' },
    validate: schemaResolver(signupInput, { sync: true }),
  });
  const signUp = useMutation({
    mutationFn: (values: typeof form.values) => unwrap(api.POST('/api/v1/signup', { body: values })),
    onSuccess: (_, values) => navigate('/check-email', { state: { email: values.email } }),
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <AuthFrame
      title="Start your free trial"
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to="/login">
            Sign in
          </Anchor>
        </>
      }
    >
      <form onSubmit={form.onSubmit((values) => signUp.mutate(values))} noValidate>
        <Stack>
          <TextInput
            label="Business name"
            autoComplete="organization"
            {...form.getInputProps('companyName')}
          />
          <TextInput label="Your name" autoComplete="name" {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('email')} />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <ProblemAlert error={signUp.error} shownFields={Object.keys(form.values)} />
          <Button type="submit" loading={signUp.isPending}>
            Create account
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
