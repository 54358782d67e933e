import { AppShell, Burger, Button, Center, Group, Loader, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { authClient } from '../api/auth';
import { ADMIN_ROLES, MANAGING_ROLES, type TenantRole, useMe } from '../api/me';
import { ProblemAlert } from './ProblemAlert';
import { TenantSwitcher } from './TenantSwitcher';

interface NavItem {
  to: string;
  label: string;
  roles: readonly TenantRole[];
}

const EVERYONE: readonly TenantRole[] = ['owner', 'admin', 'manager', 'employee'];

const NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', roles: MANAGING_ROLES },
  { to: '/schedule', label: 'Schedule', roles: MANAGING_ROLES },
  { to: '/timesheets', label: 'Timesheets', roles: MANAGING_ROLES },
  // Payroll is owners' and admins' (the API answers managers 403).
  { to: '/payroll', label: 'Payroll', roles: ADMIN_ROLES },
  { to: '/team', label: 'Team', roles: MANAGING_ROLES },
  { to: '/locations', label: 'Locations', roles: MANAGING_ROLES },
  { to: '/reports', label: 'Reports', roles: ADMIN_ROLES },
  { to: '/billing', label: 'Billing', roles: ADMIN_ROLES },
  { to: '/my-shifts', label: 'My shifts', roles: EVERYONE },
  { to: '/settings', label: 'Settings', roles: EVERYONE },
];

const OPERATOR_NAV: NavItem = { to: '/operator', label: 'Operator console', roles: [] };

/** The signed-in frame: header, navigation for the caller's role, and the page. */
export function AppLayout() {
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  if (me.isPending)
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  if (me.error) return <ProblemAlert error={me.error} />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const role = me.data.tenant?.role;
  const isOperator = me.data.user.platformRole === 'operator';
  if (location.pathname === '/') {
    // Each kind of person lands where their work is.
    if (role === 'employee') return <Navigate to="/my-shifts" replace />;
    if (!role) return <Navigate to={isOperator ? '/operator' : '/no-business'} replace />;
  }

  const signOut = async () => {
    await authClient.signOut();
    queryClient.clear();
    navigate('/login');
  };
  return (
    <AppShell
      padding="md"
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={3}>Rota</Title>
            <TenantSwitcher current={me.data.tenant ?? null} />
          </Group>
          <Group wrap="nowrap">
            <Text size="sm" visibleFrom="sm">
              {me.data.user.email}
            </Text>
            <Button variant="subtle" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {[
          ...NAV.filter((item) => role && item.roles.includes(role)),
          ...(isOperator ? [OPERATOR_NAV] : []),
        ].map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={location.pathname === item.to}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
