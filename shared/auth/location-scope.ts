import { type Sql, schemaIdentifier } from '../db/client';
import { AppError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import type { TenantRole } from './roles';

/**
 * Which of the tenant's locations a member may manage: every one for owners and admins, those
 * assigned in `location_managers` for managers, none for employees. `'all'` avoids listing ids.
 */
export async function managedLocationIds(
  sql: Sql,
  tenant: Tenant,
  member: { userId: string; role: TenantRole },
): Promise<'all' | string[]> {
  if (member.role === 'owner' || member.role === 'admin') return 'all';
  if (member.role === 'employee') return [];
  const rows = await sql<{ location_id: string }[]>`
    select location_id from ${schemaIdentifier(sql, tenant.schema)}.location_managers where user_id = ${member.userId}`;
  return rows.map((row) => row.location_id);
}

/** Throws 403 unless the member may manage this location (schedule it, approve its timesheets). */
export async function assertCanManageLocation(
  sql: Sql,
  tenant: Tenant,
  member: { userId: string; role: TenantRole },
  locationId: string,
): Promise<void> {
  const scope = await managedLocationIds(sql, tenant, member);
  if (scope !== 'all' && !scope.includes(locationId)) {
    throw new AppError('forbidden', 'You do not manage this location.');
  }
}
