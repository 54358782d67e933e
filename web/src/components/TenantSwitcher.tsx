import { Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useNavigate } from 'react-router';
import { authCall, authClient } from '../api/auth';

/** The businesses the signed-in person belongs to (better-auth organizations are our tenants). */
export function useMyBusinesses() {
  return useQuery({
    queryKey: ['my-businesses'],
    queryFn: () => authCall(authClient.organization.list()),
    staleTime: 60_000,
  });
}

/** Makes `organizationId` the session's business and reloads everything for it from the start page. */
export function useSwitchBusiness() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (organizationId: string) =>
      authCall(authClient.organization.setActive({ organizationId }), 'Could not switch business'),
    onSuccess: () => {
      // Every cached answer belongs to the previous business: drop them all, not just refetch.
      queryClient.removeQueries();
      navigate('/');
    },
  });
}

const BusinessPicker = lazy(() => import('./BusinessPicker').then((m) => ({ default: m.BusinessPicker })));

/**
 * The current business's name, or a picker when the person works for several (a manager at two
 * franchises, an accountant serving many): switching changes the session's active business.
 */
export function TenantSwitcher({ current }: { current: { id: string; name: string } | null }) {
  const businesses = useMyBusinesses();
  const options = businesses.data?.map((b) => ({ value: b.id, label: b.name })) ?? [];
  const name = (
    <Text c="dimmed" truncate maw={{ base: 140, sm: 320 }}>
      {current?.name}
    </Text>
  );
  if (options.length < 2) return name;
  return (
    <Suspense fallback={name}>
      <BusinessPicker options={options} currentId={current?.id ?? null} />
    </Suspense>
  );
}
