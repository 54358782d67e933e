import { Alert, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { type TenantRole, useMe } from '../api/me';

/** Shows `children` to the given roles and a "not allowed" page to everyone else. */
export function RequireRole({ roles, children }: { roles: readonly TenantRole[]; children: ReactNode }) {
  const role = useMe().data?.tenant?.role;
  return role && roles.includes(role) ? children : <NotAllowed />;
}

/** Shows `children` to platform operators only. */
export function RequireOperator({ children }: { children: ReactNode }) {
  return useMe().data?.user.platformRole === 'operator' ? children : <NotAllowed />;
}

function NotAllowed() {
  return (
    <Stack maw={560}>
      <Title order={2}>Not allowed</Title>
      <Alert color="red" title="You do not have access to this page">
        Your role in this business does not include it. Ask an owner or a manager if you need it.
      </Alert>
    </Stack>
  );
}
