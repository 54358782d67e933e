import { useQuery } from '@tanstack/react-query';
import { api, toProblemError } from './client';
import type { components } from './schema';

export type Me = components['schemas']['Me'];
export type TenantRole = NonNullable<Me['tenant']>['role'];

export const ME_KEY = ['me'] as const;

/** The signed-in caller, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      const { data, error, response } = await api.GET('/api/v1/me');
      if (response.status === 401) return null;
      if (!response.ok) throw toProblemError(response, error);
      return data ?? null;
    },
    staleTime: 60_000,
  });
}

/** Roles that manage a business (everything but clocking in for oneself). */
export const MANAGING_ROLES: readonly TenantRole[] = ['owner', 'admin', 'manager'];

/** Roles that run the business itself: billing, reports, API keys, pay rules. */
export const ADMIN_ROLES: readonly TenantRole[] = ['owner', 'admin'];
