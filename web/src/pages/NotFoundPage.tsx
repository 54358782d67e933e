import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ProblemAlert } from '../components/ProblemAlert';
import { useMyBusinesses, useSwitchBusiness } from '../components/TenantSwitcher';

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
        Ask your manager to invite you: the email has a link that adds you. Or{' '}
        <Anchor component={Link} to="/signup">
          start a business of your own
        </Anchor>
        .
      </Text>
      <ProblemAlert error={businesses.error} />
    </Stack>
  );
}
