import { Button, Checkbox, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { newPassword } from '../../../shared/auth/signup-input';
import { authClient } from '../api/auth';
import { ProblemError } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';

const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Enter your current password'),
  newPassword,
  revokeOtherSessions: z.boolean(),
});
type ChangePassword = z.infer<typeof changePasswordInput>;

/** The signed-in person changes their own password (better-auth's change-password). */
export function ChangePasswordForm() {
  const queryClient = useQueryClient();
  const form = useForm<ChangePassword>({
    initialValues: { currentPassword: '', newPassword: '', revokeOtherSessions: true },
    validate: schemaResolver(changePasswordInput, { sync: true }),
  });
  const change = useMutation({
    mutationFn: async (values: ChangePassword) => {
      const { error } = await authClient.changePassword(values);
      if (!error) return;
      // The one mistake only the server sees: the current password is wrong. It goes under its input.
      const fields =
        error.code === 'INVALID_PASSWORD'
          ? [{ field: 'currentPassword', message: 'That is not your current password' }]
          : [];
      const message = error.message ?? error.statusText;
      throw new ProblemError(error.status, 'Could not change the password', message, fields);
    },
    onSuccess: () => {
      form.reset();
      return queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form
      onSubmit={form.onSubmit((values) => change.mutate(values))}
      aria-label="Change your password"
      noValidate
    >
      <Stack maw={480}>
        <Title order={3}>Password</Title>
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          {...form.getInputProps('currentPassword')}
        />
        <PasswordInput
          label="New password"
          description="At least 10 characters"
          autoComplete="new-password"
          {...form.getInputProps('newPassword')}
        />
        <Checkbox
          label="Sign out everywhere else"
          {...form.getInputProps('revokeOtherSessions', { type: 'checkbox' })}
        />
        <ProblemAlert error={change.error} shownFields={Object.keys(form.values)} />
        <Group>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
          {change.isSuccess && !form.isDirty() && (
            <Text size="sm" c="teal" role="status">
              Password changed
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
