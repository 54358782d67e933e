import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

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

/** A signed-in person who belongs to no business (yet). */
export function NoBusinessPage() {
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
    </Stack>
  );
}
