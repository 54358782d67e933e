/** Queries several pages share. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { components } from './schema';

export type Location = components['schemas']['Location'];
export type Employee = components['schemas']['Employee'];

export function useLocations() {
  return useQuery({
    queryKey: ['locations'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/locations'))).data,
  });
}

/** Active employees (the first page of 200: enough for a business's team screen). */
export function useEmployees() {
  return useQuery({
    queryKey: ['employees'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/employees', { params: { query: { limit: 200 } } }))).data,
  });
}

export function useSettings() {
  return useQuery({ queryKey: ['settings'], queryFn: () => unwrap(api.GET('/api/v1/settings')) });
}
