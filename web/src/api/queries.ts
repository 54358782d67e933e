/** Queries several pages share. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { allPages } from './pages';
import type { components } from './schema';

export type Location = components['schemas']['Location'];
export type Employee = components['schemas']['Employee'];

/** Every location the caller sees, by name: all the pages. */
export function useLocations() {
  return useQuery({
    queryKey: ['locations'],
    queryFn: async () =>
      (await allPages((query) => unwrap(api.GET('/api/v1/locations', { params: { query } })))).data,
  });
}

/** Every employee, active only or with the archived ones too: all the pages. */
async function allEmployees(includeArchived: boolean) {
  const flag = includeArchived ? 'true' : 'false';
  return (
    await allPages((query) =>
      unwrap(api.GET('/api/v1/employees', { params: { query: { ...query, includeArchived: flag } } })),
    )
  ).data;
}

/** Active employees, by name: all the pages (a chain can have more than one page of staff). */
export function useEmployees() {
  return useQuery({ queryKey: ['employees'], queryFn: () => allEmployees(false) });
}

/** The team screen's list: active employees, or with the archived ones too (under ['employees']). */
export function useTeam(includeArchived: boolean) {
  return useQuery({
    queryKey: ['employees', { includeArchived }],
    queryFn: () => allEmployees(includeArchived),
  });
}

export type PayRate = components['schemas']['PayRate'];

/** An employee's pay rates, oldest first (owners and admins). */
export function usePayRates(employeeId: string) {
  return useQuery({
    queryKey: ['pay-rates', employeeId],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/employees/{id}/pay-rates', { params: { path: { id: employeeId } } })))
        .data,
  });
}

export function useSettings() {
  return useQuery({ queryKey: ['settings'], queryFn: () => unwrap(api.GET('/api/v1/settings')) });
}

export type Shift = components['schemas']['Shift'];
export type ShiftConflict = components['schemas']['ShiftConflict'];

/** A location's shifts starting in [from, to): one page of 500, a week's schedule. */
export function useLocationShifts(locationId: string, from: string, to: string) {
  return useQuery({
    queryKey: ['shifts', locationId, from, to],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/shifts', { params: { query: { from, to, locationId, limit: 500 } } })))
        .data,
  });
}
