import { assertWithinLimit, lockPlanLimit } from '../billing/entitlements';
import { type Sql, schemaIdentifier, type TransactionSql } from '../db/client';
import { AppError, NotFoundError, ValidationError } from '../errors';
import { writeAudit } from '../tenancy/audit';
import type { Tenant } from '../tenancy/registry';
import {
  type CreateLocationInput,
  createLocationInput,
  locationManagersInput,
  type UpdateLocationInput,
  updateLocationInput,
} from './location-input';

export type { CreateLocationInput };
export { createLocationInput, locationManagersInput, updateLocationInput };

export interface Location {
  id: string;
  name: string;
  timeZone: string;
  address: string | null;
  createdAt: Date;
}

const columns = (sql: Sql | TransactionSql) =>
  sql`id, name, time_zone as "timeZone", address, created_at as "createdAt"`;

/** Adds a site to the tenant's schema. */
export async function createLocation(
  sql: Sql,
  tenant: Tenant,
  input: CreateLocationInput,
): Promise<Location> {
  const { name, timeZone, address } = createLocationInput.parse(input);
  const row = await sql.begin(async (tx) => {
    await assertRoomForLocation(tx, tenant);
    const [created] = await tx<Location[]>`
      insert into ${schemaIdentifier(tx, tenant.schema)}.locations (name, time_zone, address) values (${name}, ${timeZone}, ${address ?? null})
      on conflict do nothing
      returning ${columns(tx)}`;
    return created;
  });
  if (!row) throw new ValidationError([{ field: 'name', message: 'Another location has this name' }]);
  return row;
}

/**
 * Refuses (402) one more current location (a new one or a restored one) past the plan's limit.
 * Holds the tenant's lock on the limit until the transaction ends: two such writes at once would
 * both count room for one more and both go ahead.
 */
async function assertRoomForLocation(tx: TransactionSql, tenant: Tenant) {
  await lockPlanLimit(tx, tenant, 'locations');
  const [{ count }] = await tx<[{ count: number }]>`
    select count(*)::int as count from ${schemaIdentifier(tx, tenant.schema)}.locations where archived_at is null`;
  await assertWithinLimit(tx, tenant, 'locations', count);
}

/**
 * The tenant's current (not archived) sites, by name, or with `archived` the archived ones; with
 * `onlyIds`, just those (a manager's scope). Without `page`, all of them (for server code that
 * needs every site); with it, at most `page.limit` after the `(name, id)` of `page.after`.
 */
export async function listLocations(
  sql: Sql,
  tenant: Tenant,
  onlyIds: 'all' | string[] = 'all',
  page?: { limit: number; after?: { name: string; id: string } },
  archived = false,
): Promise<Location[]> {
  if (onlyIds !== 'all' && onlyIds.length === 0) return [];
  const after = page?.after;
  return sql<Location[]>`
    select ${columns(sql)} from ${schemaIdentifier(sql, tenant.schema)}.locations
    where ${archived ? sql`archived_at is not null` : sql`archived_at is null`}
      ${onlyIds === 'all' ? sql`` : sql`and id in ${sql(onlyIds)}`}
      ${after ? sql`and (name, id) > (${after.name}, ${after.id}::uuid)` : sql``}
    order by name, id
    ${page ? sql`limit ${page.limit}` : sql``}`;
}

/**
 * The time zone whose "today" is the business's, for what spans its locations (the current pay
 * period): the zone most of its current locations are in, the oldest location's on a tie; UTC
 * before it has any.
 */
export async function businessTimeZone(sql: Sql, tenant: Tenant): Promise<string> {
  const [row] = await sql<{ time_zone: string }[]>`
    select time_zone from ${schemaIdentifier(sql, tenant.schema)}.locations where archived_at is null
    group by time_zone order by count(*) desc, min(created_at) limit 1`;
  return row?.time_zone ?? 'UTC';
}

/** One of the tenant's sites; NotFoundError for an id of another tenant or none at all. */
export async function getLocation(sql: Sql, tenant: Tenant, id: string): Promise<Location> {
  const [row] = await sql<
    Location[]
  >`select ${columns(sql)} from ${schemaIdentifier(sql, tenant.schema)}.locations where id = ${id}`;
  if (!row) throw new NotFoundError('Location');
  return row;
}

/** Why a new shift, clock-in, kiosk or copied week is refused at an archived location. */
const ARCHIVED_LOCATION = 'The location is archived: restore it first';

/**
 * A location named in a request body for something new there (a shift, a kiosk, a copied week):
 * an unknown id is the caller's bad input, a 400 naming the field, not a 404 of the resource
 * being written; so is an archived location, which keeps its history but takes nothing new.
 */
export async function referencedLocation(
  sql: Sql | TransactionSql,
  tenant: Tenant,
  id: string,
  field = 'locationId',
): Promise<Location> {
  const [row] = await sql<(Location & { archived: boolean })[]>`
    select ${columns(sql)}, archived_at is not null as archived
    from ${schemaIdentifier(sql, tenant.schema)}.locations where id = ${id}`;
  if (!row) throw new ValidationError([{ field, message: 'No such location' }]);
  if (row.archived) throw new ValidationError([{ field, message: ARCHIVED_LOCATION }]);
  const { archived: _, ...location } = row;
  return location;
}

/**
 * Renames, moves to another zone, changes the address, archives (kept for history), or restores
 * an archived one (within the plan's limit of locations, as adding one is). A move to another
 * zone is refused (409) while approved timesheets have hours here, and audited as done by `actor`.
 */
export async function updateLocation(
  sql: Sql,
  tenant: Tenant,
  id: string,
  input: UpdateLocationInput,
  actor: string,
) {
  const data = updateLocationInput.parse(input);
  try {
    await sql.begin(async (tx) => {
      const current = await lockLocation(tx, tenant, id);
      // Restoring one is one more current location, within the plan's limit as adding one is.
      if (data.archived === false && current.archived) await assertRoomForLocation(tx, tenant);
      const zoneMove =
        data.timeZone !== undefined && data.timeZone !== current.timeZone
          ? { from: current.timeZone, to: data.timeZone }
          : undefined;
      if (zoneMove) await assertNoApprovedHoursMove(tx, tenant, id, zoneMove);
      await tx`
        update ${schemaIdentifier(tx, tenant.schema)}.locations set
          name = ${data.name ?? current.name}, time_zone = ${data.timeZone ?? current.timeZone},
          address = ${data.address === undefined ? current.address : data.address},
          archived_at = ${data.archived === undefined ? tx`archived_at` : data.archived ? tx`coalesce(archived_at, now())` : null}
        where id = ${id}`;
      if (zoneMove)
        await writeAudit(tx, {
          actor,
          action: 'location.time_zone_changed',
          tenantId: tenant.id,
          details: { locationId: id, ...zoneMove },
        });
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new ValidationError([{ field: 'name', message: 'Another location has this name' }]);
    throw error;
  }
  return getLocation(sql, tenant, id);
}

/**
 * The location, locked until the transaction ends: writes that merge a change into it read it
 * this way, so two at once each keep the other's change instead of writing back what it
 * replaced. `no key update`, as the update itself takes: clock-ins and new shifts, whose foreign
 * keys only share the location's key, go on meanwhile.
 */
async function lockLocation(tx: TransactionSql, tenant: Tenant, id: string) {
  const [row] = await tx<(Location & { archived: boolean })[]>`
    select ${columns(tx)}, archived_at is not null as archived
    from ${schemaIdentifier(tx, tenant.schema)}.locations where id = ${id} for no key update`;
  if (!row) throw new NotFoundError('Location');
  return row;
}

/** Why a new time zone is refused while approved timesheets have hours at the location. */
const APPROVED_HOURS_HERE = {
  detail:
    'Approved timesheets have hours at this location, and a new time zone would move them to other days: reopen those timesheets first.',
  field: 'Reopen the approved timesheets with hours here first: their days follow this time zone.',
};

/**
 * 409 naming timeZone while moving the location from one zone to another would move an entry
 * here into, out of or within an approved timesheet's period: an entry's day, the minutes
 * approved for it and whether it may still be changed all follow the location's zone (see
 * assertNotLocked in clock.ts). Checked in both zones: an entry of the week before an approved
 * one can fall into it after the move.
 */
async function assertNoApprovedHoursMove(
  tx: TransactionSql,
  tenant: Tenant,
  locationId: string,
  zones: { from: string; to: string },
) {
  const s = schemaIdentifier(tx, tenant.schema);
  // An approval holds its employee's row (lockEmployee in clock.ts): wait for those in flight,
  // and hold back new ones of the staff with hours here until the move commits, so none approves
  // days by the old zone after this check found nothing approved.
  await tx`
    select 1 from ${s}.employees e
    where exists (select 1 from ${s}.time_entries t where t.employee_id = e.id and t.location_id = ${locationId})
    order by e.id for update`;
  const [approved] = await tx`
    select 1 from ${s}.time_entries t
    join ${s}.timesheets ts on ts.employee_id = t.employee_id and ts.status = 'approved'
    where t.location_id = ${locationId}
      and ((t.clock_in at time zone ${zones.from})::date between ts.period_start and ts.period_end
        or (t.clock_in at time zone ${zones.to})::date between ts.period_start and ts.period_end)
    limit 1`;
  if (approved)
    throw new AppError('timesheet_locked', APPROVED_HOURS_HERE.detail, {
      fields: [{ field: 'timeZone', message: APPROVED_HOURS_HERE.field }],
    });
}

/** The users who manage a location. */
export async function locationManagers(sql: Sql, tenant: Tenant, id: string): Promise<string[]> {
  await getLocation(sql, tenant, id);
  const rows = await sql<{ user_id: string }[]>`
    select user_id from ${schemaIdentifier(sql, tenant.schema)}.location_managers where location_id = ${id} order by user_id`;
  return rows.map((row) => row.user_id);
}

/** Replaces a location's managers; each must be a member of the tenant with the manager role. */
export async function setLocationManagers(
  sql: Sql,
  tenant: Tenant,
  id: string,
  userIds: string[],
): Promise<string[]> {
  await getLocation(sql, tenant, id);
  const members = await sql<{ userId: string }[]>`
    select "userId" from platform.member
    where "organizationId" = ${tenant.id} and role = 'manager' and "userId" = any(${userIds})`;
  const known = new Set(members.map((m) => m.userId));
  const unknown = userIds.findIndex((userId) => !known.has(userId));
  if (unknown >= 0)
    throw new ValidationError([{ field: `userIds.${unknown}`, message: 'Not a manager of this business' }]);
  await sql.begin(async (tx) => {
    // One save of a location's managers at a time: two at once (a double click) would each delete
    // the old set, then both insert the new one, and the second insert breaks the primary key.
    await lockLocation(tx, tenant, id);
    await tx`delete from ${schemaIdentifier(tx, tenant.schema)}.location_managers where location_id = ${id}`;
    for (const userId of new Set(userIds)) {
      await tx`insert into ${schemaIdentifier(tx, tenant.schema)}.location_managers (location_id, user_id) values (${id}, ${userId})`;
    }
  });
  return locationManagers(sql, tenant, id);
}
