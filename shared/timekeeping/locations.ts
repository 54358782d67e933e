import { z } from 'zod';
import type { Sql } from '../db/client';
import { NotFoundError } from '../errors';
import type { Tenant } from '../tenancy/registry';

function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const createLocationInput = z.object({
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().refine(isIanaTimeZone, { message: 'Must be an IANA time zone such as Europe/London' }),
});
export type CreateLocationInput = z.infer<typeof createLocationInput>;

export interface Location {
  id: string;
  name: string;
  timeZone: string;
  createdAt: Date;
}

/** Adds a site to the tenant's schema. */
export async function createLocation(
  sql: Sql,
  tenant: Tenant,
  input: CreateLocationInput,
): Promise<Location> {
  const { name, timeZone } = createLocationInput.parse(input);
  const [row] = await sql<Location[]>`
    insert into ${sql(tenant.schema)}.locations (name, time_zone) values (${name}, ${timeZone})
    returning id, name, time_zone as "timeZone", created_at as "createdAt"`;
  return row as Location;
}

/**
 * The tenant's current (not archived) sites, by name; with `onlyIds`, just those (a manager's
 * scope).
 */
export async function listLocations(
  sql: Sql,
  tenant: Tenant,
  onlyIds: 'all' | string[] = 'all',
): Promise<Location[]> {
  if (onlyIds !== 'all' && onlyIds.length === 0) return [];
  return sql<Location[]>`
    select id, name, time_zone as "timeZone", created_at as "createdAt"
    from ${sql(tenant.schema)}.locations
    where archived_at is null ${onlyIds === 'all' ? sql`` : sql`and id in ${sql(onlyIds)}`}
    order by name`;
}

/** One of the tenant's sites; NotFoundError for an id of another tenant or none at all. */
export async function getLocation(sql: Sql, tenant: Tenant, id: string): Promise<Location> {
  const [row] = await sql<Location[]>`
    select id, name, time_zone as "timeZone", created_at as "createdAt"
    from ${sql(tenant.schema)}.locations where id = ${id}`;
  if (!row) throw new NotFoundError('Location');
  return row;
}
