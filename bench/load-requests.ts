/**
 * The clock-in/out requests of the load and soak benchmarks: connection k clocks one employee of
 * tenant k mod 3 in and out, on the platform with that employee's own API key, on the bare server
 * naming the same employee by user id (the tenant in the path).
 */
import type autocannon from 'autocannon';
import type { Sql } from '../shared/db/client';
import { pause } from './load-cannon';
import { TENANTS } from './load-params';
import type { SeededTenant } from './load-seed';

const json = { 'content-type': 'application/json' };

/** Clock-in then clock-out on the platform, as one employee with their own key. */
export function clockPair(t: SeededTenant, employee: { token: string }): autocannon.Request[] {
  const headers = { ...json, authorization: `Bearer ${employee.token}` };
  return [
    {
      method: 'POST',
      path: '/api/v1/time-entries/clock-in',
      headers,
      body: JSON.stringify({ locationId: t.locationId }),
    },
    { method: 'POST', path: '/api/v1/time-entries/clock-out', headers, body: '{}' },
  ];
}

/** The employee connection k clocks: tenant k mod 3, that tenant's employee k div 3. */
function clockingOf(tenants: SeededTenant[], k: number) {
  const tenant = tenants[k % TENANTS]!;
  return { tenant, index: k % TENANTS, employee: tenant.employees[Math.floor(k / TENANTS)]! };
}

/** Each platform connection's clock-in/out pair. */
export function platformClockLists(tenants: SeededTenant[], connections: number): autocannon.Request[][] {
  return Array.from({ length: connections }, (_, k) => {
    const { tenant, employee } = clockingOf(tenants, k);
    return clockPair(tenant, employee);
  });
}

/** The same employee of the same tenant as the platform's connection k, on the bare server. */
export function baselineClockLists(tenants: SeededTenant[], connections: number): autocannon.Request[][] {
  return Array.from({ length: connections }, (_, k) => {
    const { tenant, index, employee } = clockingOf(tenants, k);
    return [
      {
        method: 'POST',
        path: `/${index}/clock-in`,
        headers: json,
        body: JSON.stringify({ userId: employee.userId, locationId: tenant.locationId }),
      },
      {
        method: 'POST',
        path: `/${index}/clock-out`,
        headers: json,
        body: JSON.stringify({ userId: employee.userId }),
      },
    ];
  });
}

/** Clocks out everyone still on the clock, after requests in flight when a run stopped landed. */
export async function closeOpenEntries(sql: Sql, tenants: SeededTenant[]): Promise<void> {
  await pause(300);
  for (const t of tenants)
    await sql`update ${sql(t.tenant.schema)}.time_entries set clock_out = now() where clock_out is null`;
}
