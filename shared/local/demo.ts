import type { Sql } from '../db/client';
import { provisionTenant } from '../tenancy/provision';
import { getTenant, type Tenant } from '../tenancy/registry';
import { createLocation } from '../timekeeping/locations';

const DEMO_NAME = 'Demo Café Group';

/** Creates the demo tenant with a few sites, once; later runs return the existing one. */
export async function seedDemoTenant(sql: Sql): Promise<Tenant> {
  const [existing] = await sql<{ id: string }[]>`
    select id from platform.tenants where name = ${DEMO_NAME} and status <> 'deleted' limit 1`;
  if (existing) return getTenant(sql, existing.id);
  const tenant = await provisionTenant(sql, { name: DEMO_NAME }, { actor: 'system:demo-seed' });
  for (const [name, timeZone] of [
    ['Shoreditch', 'Europe/London'],
    ['Camden', 'Europe/London'],
    ['Brooklyn', 'America/New_York'],
  ] as const) {
    await createLocation(sql, tenant, { name, timeZone });
  }
  return tenant;
}
