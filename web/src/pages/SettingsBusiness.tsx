import { Stack, TextInput } from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { renameBusinessInput } from '../../../shared/auth/signup-input';
import { api, unwrap } from '../api/client';
import { ME_KEY, useMe } from '../api/me';
import { SaveButton } from '../components/FormActions';
import { ProblemAlert } from '../components/ProblemAlert';
import { showFieldErrors } from '../lib/forms';

/** The business's name as staff, invitations and reports show it (owners and admins). */
export function BusinessNameForm() {
  const current = useMe().data?.tenant?.name ?? '';
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: current },
    validate: schemaResolver(renameBusinessInput, { sync: true }),
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) => unwrap(api.PATCH('/api/v1/tenant', { body: values })),
    onSuccess: ({ name }) => {
      form.resetDirty({ name });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ME_KEY }),
        queryClient.invalidateQueries({ queryKey: ['my-businesses'] }),
      ]);
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label="Business" noValidate>
      <Stack maw={480}>
        <TextInput label="Business name" required {...form.getInputProps('name')} />
        <ProblemAlert error={save.error} shownFields={['name']} />
        <SaveButton
          label="Save name"
          pending={save.isPending}
          dirty={form.isDirty()}
          saved={save.isSuccess}
        />
      </Stack>
    </form>
  );
}
