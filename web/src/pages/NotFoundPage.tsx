import { Anchor, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { startBusinessInput } from '../../../shared/auth/signup-input';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useMyBusinesses, useSwitchBusiness } from '../components/TenantSwitcher';
import { showBodyErrors, shownBodyFields, validateBody } from '../lib/schema-forms';

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <Text>
        There is nothing at this address.{' '}
        <Anchor component={Link} to="/">
          Go to the start
        </Anchor>
        .
      </Text>
    </Stack>
  );
}

/**
 * A signed-in person with no active business: one they belong to can be opened (say the one
 * they were working in removed them), otherwise they need an invitation or a sign-up.
 */
export function NoBusinessPage() {
  const businesses = useMyBusinesses();
  const switchBusiness = useSwitchBusiness();
  if (businesses.data?.length)
    return (
      <Stack maw={560}>
        <Title order={2}>Choose a business</Title>
        {businesses.data.map((business) => (
          <Group key={business.id} justify="space-between">
            <Text>{business.name}</Text>
            <Button
              variant="light"
              aria-label={`Open ${business.name}`}
              loading={switchBusiness.isPending && switchBusiness.variables === business.id}
              onClick={() => switchBusiness.mutate(business.id)}
            >
              Open
            </Button>
          </Group>
        ))}
        <ProblemAlert error={switchBusiness.error ?? businesses.error} />
      </Stack>
    );
  return (
    <Stack maw={560}>
      <Title order={2}>You are not part of a business yet</Title>
      <Text>
        Ask your manager to invite you: the email has a link that adds you. Or start a business of your own.
      </Text>
      <ProblemAlert error={businesses.error} />
      <StartBusinessForm />
    </Stack>
  );
}

/** A new business owned by the signed-in person, who then works in it. */
function StartBusinessForm() {
  const switchBusiness = useSwitchBusiness();
  const form = useForm({
    initialValues: { companyName: '' },
    validate: validateBody(startBusinessInput, (values: { companyName: string }) => values),
  });
  const start = useMutation({
    mutationFn: (values: { companyName: string }) =>
      unwrap(api.POST('/api/v1/me/businesses', { body: values })),
    onSuccess: (business) => switchBusiness.mutate(business.id),
    onError: (error) => showBodyErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => start.mutate(values))} aria-label="Start a business" noValidate>
      <Stack>
        <TextInput label="Business name" required {...form.getInputProps('companyName')} />
        <ProblemAlert
          error={start.error ?? switchBusiness.error}
          shownFields={shownBodyFields(form.values)}
        />
        <Group>
          <Button type="submit" loading={start.isPending || switchBusiness.isPending}>
            Start business
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
