import { linkEmployeeToMember } from '../auth/employee-link';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { assertWithinLimit, lockPlanLimit } from '../billing/entitlements';
import { type Sql, schemaIdentifier, type TransactionSql } from '../db/client';
import { AppError, NotFoundError, ValidationError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import type { z } from '../zod';
import {
  type CreateEmployeeInput,
  createEmployeeInput,
  type PayRateInput,
  payRateInput,
  pin,
  type UpdateEmployeeInput,
  updateEmployeeInput,
} from './employee-input';

export {
  type CreateEmployeeInput,
  createEmployeeInput,
  localDate,
  type PayRateInput,
  payRateInput,
  pinInput,
  type UpdateEmployeeInput,
  updateEmployeeInput,
} from './employee-input';

export interface Employee {
  id: string;
  name: string;
  email: string | null;
  jobRole: string | null;
  userId: string | null;
  locationIds: string[];
  hasPin: boolean;
  archived: boolean;
  createdAt: Date;
}

export interface PayRate {
  effectiveFrom: string;
  hourlyRateMinor: number;
}

/** After this many wrong PINs in a row, the kiosk refuses the employee for PIN_LOCK_MINUTES. */
export const PIN_MAX_ATTEMPTS = 5;
export const PIN_LOCK_MINUTES = 15;

const employeeColumns = (sql: Sql | TransactionSql, schema: string) => sql`
  e.id, e.name, e.email, e.job_role as "jobRole", e.user_id as "userId",
  e.pin_hash is not null as "hasPin", e.archived_at is not null as archived, e.created_at as "createdAt",
  coalesce((select array_agg(el.location_id order by el.location_id) from ${schemaIdentifier(sql, schema)}.employee_locations el
            where el.employee_id = e.id), '{}') as "locationIds"`;

/**
 * The tenant's employees by name, `limit` at a time after `after` (name and id of the last one
 * seen). `locationIds` narrows to those working at any of them (a manager's scope).
 */
export async function listEmployees(
  sql: Sql,
  tenant: Tenant,
  options: {
    limit: number;
    after?: { name: string; id: string };
    locationIds?: string[];
    idIn?: string[];
    /** Only the employee linked to this user account (an employee listing themself). */
    userId?: string;
    includeArchived?: boolean;
  },
): Promise<Employee[]> {
  const { limit, after, locationIds, idIn, userId, includeArchived } = options;
  const s = schemaIdentifier(sql, tenant.schema);
  return sql<Employee[]>`
    select ${employeeColumns(sql, tenant.schema)} from ${s}.employees e
    where true
      ${includeArchived ? sql`` : sql`and e.archived_at is null`}
      ${after ? sql`and (e.name, e.id) > (${after.name}, ${after.id})` : sql``}
      ${idIn ? sql`and e.id = any(${idIn}::uuid[])` : sql``}
      ${userId ? sql`and e.user_id = ${userId}` : sql``}
      ${locationIds ? sql`and exists (select 1 from ${s}.employee_locations el where el.employee_id = e.id and el.location_id in ${sql(locationIds.length ? locationIds : ['00000000-0000-0000-0000-000000000000'])})` : sql``}
    order by e.name, e.id
    limit ${limit}`;
}

export async function getEmployee(sql: Sql | TransactionSql, tenant: Tenant, id: string): Promise<Employee> {
  const [row] = await sql<Employee[]>`
    select ${employeeColumns(sql, tenant.schema)} from ${schemaIdentifier(sql, tenant.schema)}.employees e where e.id = ${id}`;
  if (!row) throw new NotFoundError('Employee');
  return row;
}

/** Creates an employee with their locations, first pay rate and kiosk PIN, all or nothing. */
export async function createEmployee(
  sql: Sql,
  tenant: Tenant,
  input: CreateEmployeeInput,
): Promise<Employee> {
  const data = createEmployeeInput.parse(input);
  const pinHash = data.pin ? await hashPassword(data.pin) : null;
  return sql.begin(async (tx) => {
    await assertRoomForEmployees(tx, tenant, 1);
    return insertEmployee(tx, tenant, data, pinHash);
  });
}

/**
 * Refuses (402) when `adding` more active employees would pass the plan's limit; in the
 * transaction that adds them, under the limit's lock (two at once cannot both take the last place).
 */
export async function assertRoomForEmployees(
  tx: TransactionSql,
  tenant: Tenant,
  adding: number,
): Promise<void> {
  await lockPlanLimit(tx, tenant, 'activeEmployees');
  const [{ count }] = await tx<[{ count: number }]>`
    select count(*)::int as count from ${schemaIdentifier(tx, tenant.schema)}.employees where archived_at is null`;
  await assertWithinLimit(tx, tenant, 'activeEmployees', count, adding);
}

/** Inserts one employee inside the caller's transaction; `field` names input fields in errors. */
export async function insertEmployee(
  tx: TransactionSql,
  tenant: Tenant,
  data: z.infer<typeof createEmployeeInput>,
  pinHash: string | null,
  field = (name: string) => name,
): Promise<Employee> {
  const s = schemaIdentifier(tx, tenant.schema);
  await assertLocationsExist(tx, tenant, data.locationIds, field('locationIds'));
  const [row] = await tx<{ id: string }[]>`
    insert into ${s}.employees (name, email, job_role, pin_hash)
    values (${data.name}, ${data.email ?? null}, ${data.jobRole ?? null}, ${pinHash})
    on conflict do nothing
    returning id`;
  if (!row)
    throw new ValidationError([{ field: field('email'), message: 'Another employee has this email' }]);
  await addEmployeeLocations(tx, s, row.id, data.locationIds);
  await linkEmployeeToMember(tx, tenant, row.id);
  if (data.hourlyRateMinor !== undefined) {
    const from = data.rateEffectiveFrom ?? '1970-01-01';
    await tx`insert into ${s}.pay_rates (employee_id, effective_from, hourly_rate_minor) values (${row.id}, ${from}, ${data.hourlyRateMinor})`;
  }
  return getEmployee(tx, tenant, row.id);
}

/** Puts the employee at these locations in one statement; an id given twice counts once. */
async function addEmployeeLocations(
  tx: TransactionSql,
  s: ReturnType<typeof schemaIdentifier>,
  employeeId: string,
  locationIds: string[],
) {
  if (locationIds.length === 0) return;
  const rows = [...new Set(locationIds)].map((locationId) => ({
    employee_id: employeeId,
    location_id: locationId,
  }));
  await tx`insert into ${s}.employee_locations ${tx(rows, 'employee_id', 'location_id')}`;
}

async function assertLocationsExist(tx: TransactionSql | Sql, tenant: Tenant, ids: string[], field: string) {
  if (ids.length === 0) return;
  const found = await tx<
    { id: string }[]
  >`select id from ${schemaIdentifier(tx, tenant.schema)}.locations where id in ${tx(ids)}`;
  const known = new Set(found.map((row) => row.id));
  const unknown = ids.findIndex((id) => !known.has(id));
  if (unknown >= 0)
    throw new ValidationError([{ field: `${field}.${unknown}`, message: 'No such location' }]);
}

/** Changes the given fields; `archived: true` archives (kept for history, hidden from lists). */
export async function updateEmployee(
  sql: Sql,
  tenant: Tenant,
  id: string,
  input: UpdateEmployeeInput,
): Promise<Employee> {
  const data = updateEmployeeInput.parse(input);
  return sql.begin(async (tx) => {
    const s = schemaIdentifier(tx, tenant.schema);
    const current = await getEmployee(tx, tenant, id);
    if (current.archived && data.archived === false) await assertRoomForEmployees(tx, tenant, 1);
    if (data.locationIds) await assertLocationsExist(tx, tenant, data.locationIds, 'locationIds');
    try {
      await tx`
        update ${s}.employees set
          name = coalesce(${data.name ?? null}, name),
          email = ${data.email === undefined ? tx`email` : data.email},
          job_role = ${data.jobRole === undefined ? tx`job_role` : data.jobRole},
          archived_at = ${data.archived === undefined ? tx`archived_at` : data.archived ? tx`coalesce(archived_at, now())` : null}
        where id = ${id}`;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new ValidationError([{ field: 'email', message: 'Another employee has this email' }]);
      }
      throw error;
    }
    // A member who joined before the record had their email, or while it was archived.
    if (data.email || data.archived === false) await linkEmployeeToMember(tx, tenant, id);
    if (data.locationIds) {
      await tx`delete from ${s}.employee_locations where employee_id = ${id}`;
      await addEmployeeLocations(tx, s, id, data.locationIds);
    }
    return getEmployee(tx, tenant, id);
  });
}

export async function listPayRates(sql: Sql, tenant: Tenant, employeeId: string): Promise<PayRate[]> {
  await getEmployee(sql, tenant, employeeId);
  return sql<PayRate[]>`
    select effective_from::text as "effectiveFrom", hourly_rate_minor as "hourlyRateMinor"
    from ${schemaIdentifier(sql, tenant.schema)}.pay_rates where employee_id = ${employeeId} order by effective_from`;
}

/** Adds a rate from a date on; a rate already starting that day is replaced. */
export async function setPayRate(sql: Sql, tenant: Tenant, employeeId: string, input: PayRateInput) {
  const { hourlyRateMinor, effectiveFrom } = payRateInput.parse(input);
  await getEmployee(sql, tenant, employeeId);
  await sql`
    insert into ${schemaIdentifier(sql, tenant.schema)}.pay_rates (employee_id, effective_from, hourly_rate_minor)
    values (${employeeId}, ${effectiveFrom}, ${hourlyRateMinor})
    on conflict (employee_id, effective_from) do update set hourly_rate_minor = excluded.hourly_rate_minor`;
  return listPayRates(sql, tenant, employeeId);
}

/** Sets (or clears, with null) the employee's kiosk PIN and lifts any lockout. */
export async function setPin(
  sql: Sql,
  tenant: Tenant,
  employeeId: string,
  newPin: string | null,
): Promise<void> {
  const pinHash = newPin === null ? null : await hashPassword(pin.parse(newPin));
  const updated = await sql`
    update ${schemaIdentifier(sql, tenant.schema)}.employees
    set pin_hash = ${pinHash}, pin_failed_attempts = 0, pin_locked_until = null
    where id = ${employeeId}`;
  if (updated.count === 0) throw new NotFoundError('Employee');
}

/**
 * Checks an employee's PIN at a kiosk. Wrong PINs are counted; the PIN_MAX_ATTEMPTS-th locks the
 * employee out of kiosks for PIN_LOCK_MINUTES (the correct PIN is refused meanwhile too).
 *
 * Each attempt is counted before its PIN is checked, in the statement that checks the lock: the
 * check takes a while (the hash is slow on purpose), and PINs sent at the same moment must not
 * all find the employee unlocked and get past the limit together. A right PIN then takes its
 * attempt back, and lifts the lock if its own attempt set it.
 *
 * An archived employee's PIN is refused (404) unless `archived` says the caller accepts them (a
 * kiosk ending the entry of someone archived while clocked in).
 */
export async function verifyEmployeePin(
  sql: Sql,
  tenant: Tenant,
  employeeId: string,
  candidate: string,
  { archived = false }: { archived?: boolean } = {},
): Promise<void> {
  const s = schemaIdentifier(sql, tenant.schema);
  const active = archived ? sql`true` : sql`archived_at is null`;
  const [attempt] = await sql<{ pin_hash: string | null; locking: boolean }[]>`
    update ${s}.employees set
      pin_failed_attempts = case when pin_failed_attempts + 1 >= ${PIN_MAX_ATTEMPTS} then 0 else pin_failed_attempts + 1 end,
      pin_locked_until = case when pin_failed_attempts + 1 >= ${PIN_MAX_ATTEMPTS}
                              then now() + make_interval(mins => ${PIN_LOCK_MINUTES}) end
    where id = ${employeeId} and ${active} and coalesce(pin_locked_until <= now(), true)
    returning pin_hash, pin_locked_until is not null as locking`;
  if (!attempt) {
    const [employee] = await sql`select 1 from ${s}.employees where id = ${employeeId} and ${active}`;
    if (!employee) throw new NotFoundError('Employee');
    throw new AppError(
      'pin_locked',
      `Too many wrong PINs. Try again in ${PIN_LOCK_MINUTES} minutes or ask a manager.`,
    );
  }
  if (attempt.pin_hash && (await verifyPassword(attempt.pin_hash, candidate))) {
    await sql`
      update ${s}.employees set pin_failed_attempts = 0
        ${attempt.locking ? sql`, pin_locked_until = null` : sql``}
      where id = ${employeeId}`;
    return;
  }
  throw new AppError('invalid_pin', 'Wrong PIN.');
}
