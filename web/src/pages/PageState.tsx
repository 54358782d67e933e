import { Center, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ProblemAlert } from '../components/ProblemAlert';

/**
 * Loading, error and empty states of a query-backed section, the same on every page; renders
 * `children` once there is data to show.
 */
export function PageState({
  pending,
  error,
  empty,
  emptyText,
  children,
}: {
  pending: boolean;
  error: unknown;
  empty?: boolean;
  emptyText?: string;
  children: ReactNode;
}) {
  if (error) return <ProblemAlert error={error} />;
  if (pending)
    return (
      <Center p="xl">
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  if (empty)
    return (
      <Text c="dimmed" p="md">
        {emptyText ?? 'Nothing here yet.'}
      </Text>
    );
  return children;
}
