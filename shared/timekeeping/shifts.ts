import { type Sql, schemaIdentifier, type TransactionSql, takeRows, tenantStatement } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import type { z } from '../zod';
import { referencedLocation } from './locations';
import {
  type CreateShiftInput,
  copyWeekInput,
  createShiftInput,
  publishInput,
  shiftTimesProblem,
  type UpdateShiftInput,
  updateShiftInput,
} from './shift-input';

export type { CreateShiftInput };
export { copyWeekInput, createShiftInput, publishInput, updateShiftInput };

export interface Shift {
  id: string;
  locationId: string;
  employeeId: string | null;
  startsAt: Date;
  endsAt: Date;
  role: string | null;
  notes: string | null;
  published: boolean;
}

/** Another shift of the same employee that overlaps: reported with the write, not refused. */
export interface ShiftConflict {
  shiftId: string;
  kind: 'overlap';
  startsAt: Date;
  endsAt: Date;
  locationId: string;
}

/** A shift's columns as the API names them. */
const SHIFT_COLUMNS = `id, location_id as "locationId", employee_id as "employeeId", starts_at as "startsAt",
  ends_at as "endsAt", role, notes, published_at is not null as published`;
const shiftColumns = (sql: Sql | TransactionSql) => sql.unsafe(SHIFT_COLUMNS);
let columnsFragment: ReturnType<typeof shiftColumns> | undefined;
/**
 * A shift's columns as the API names them: one fragment, made on first use and reused in every
 * query (a fragment is only text and parameters; see schemaIdentifier for why not one per query).
 */
const columns = (sql: Sql | TransactionSql) => (columnsFragment ??= shiftColumns(sql));

export interface ShiftQuery {
  from: Date;
  to: Date;
  locationId?: string;
  /** Restricts to these locations (a manager's scope); undefined = all. */
  locationIds?: string[];
  employeeId?: string;
  publishedOnly?: boolean;
  limit: number;
  after?: { startsAt: Date; id: string };
}

/**
 * The schedule's busiest query as one fixed statement per tenant (see tenantStatement): absent
 * filters are null parameters. On large tenants PostgreSQL still plans it per call, so the
 * location index is used.
 */
const listStatement = (schema: string) => `
  select ${SHIFT_COLUMNS} from ${schema}.shifts
  where starts_at >= $1 and starts_at < $2
    and ($3::uuid is null or location_id = $3::uuid)
    and ($4::uuid[] is null or location_id = any($4::uuid[]))
    and ($5::uuid is null or employee_id = $5::uuid)
    and (not $6::boolean or published_at is not null)
    and ($7::timestamptz is null or (starts_at, id) > ($7::timestamptz, $8::uuid))
  order by starts_at, id
  limit $9`;

/** Shifts starting in [from, to), by start time, `limit` at a time after the cursor. */
export function listShifts(sql: Sql, tenant: Tenant, q: ShiftQuery): Promise<Shift[]> {
  return takeRows(
    sql.unsafe<Shift[]>(
      tenantStatement(tenant, listStatement),
      [
        q.from,
        q.to,
        q.locationId ?? null,
        q.locationIds ?? null,
        q.employeeId ?? null,
        q.publishedOnly ?? false,
        q.after?.startsAt ?? null,
        q.after?.id ?? null,
        q.limit,
      ] as never[],
      { prepare: true },
    ),
  );
}

export async function getShift(sql: Sql | TransactionSql, tenant: Tenant, id: string): Promise<Shift> {
  const [row] = await sql<
    Shift[]
  >`select ${columns(sql)} from ${schemaIdentifier(sql, tenant.schema)}.shifts where id = ${id}`;
  if (!row) throw new NotFoundError('Shift');
  return row;
}

async function assertAssignable(
  sql: Sql | TransactionSql,
  tenant: Tenant,
  employeeId: string | null | undefined,
) {
  if (!employeeId) return;
  const [row] = await sql`
    select 1 from ${schemaIdentifier(sql, tenant.schema)}.employees where id = ${employeeId} and archived_at is null`;
  if (!row) throw new ValidationError([{ field: 'employeeId', message: 'No such active employee' }]);
}

/** The employee's other shifts overlapping [startsAt, endsAt). */
export function findConflicts(
  sql: Sql | TransactionSql,
  tenant: Tenant,
  shift: { id?: string; employeeId: string | null; startsAt: Date; endsAt: Date },
): Promise<ShiftConflict[]> {
  if (!shift.employeeId) return Promise.resolve([]);
  return sql<ShiftConflict[]>`
    select id as "shiftId", 'overlap' as kind, starts_at as "startsAt", ends_at as "endsAt", location_id as "locationId"
    from ${schemaIdentifier(sql, tenant.schema)}.shifts
    where employee_id = ${shift.employeeId} and starts_at < ${shift.endsAt} and ends_at > ${shift.startsAt}
      ${shift.id ? sql`and id <> ${shift.id}` : sql``}
    order by starts_at`;
}

/** Adds a draft shift; overlapping shifts of the same employee come back as conflicts. */
export async function createShift(sql: Sql, tenant: Tenant, input: CreateShiftInput) {
  const data = createShiftInput.parse(input);
  await referencedLocation(sql, tenant, data.locationId);
  await assertAssignable(sql, tenant, data.employeeId);
  const [row] = await sql<{ id: string }[]>`
    insert into ${schemaIdentifier(sql, tenant.schema)}.shifts (location_id, employee_id, starts_at, ends_at, role, notes)
    values (${data.locationId}, ${data.employeeId}, ${data.startsAt}, ${data.endsAt}, ${data.role ?? null}, ${data.notes ?? null})
    returning id`;
  const shift = await getShift(sql, tenant, (row as { id: string }).id);
  return { shift, conflicts: await findConflicts(sql, tenant, shift) };
}

/** Changes a shift (any field); moving it to another location is the caller's scope check. */
export async function updateShift(sql: Sql, tenant: Tenant, id: string, input: UpdateShiftInput) {
  const data = updateShiftInput.parse(input);
  const current = await getShift(sql, tenant, id);
  const next = {
    startsAt: data.startsAt ? new Date(data.startsAt) : current.startsAt,
    endsAt: data.endsAt ? new Date(data.endsAt) : current.endsAt,
  };
  // The merged times: moving only the start can make the shift end before it or last over a day.
  const problem = shiftTimesProblem(next.startsAt, next.endsAt);
  if (problem) throw new ValidationError([{ field: 'endsAt', message: problem }]);
  if (data.locationId) {
    await referencedLocation(sql, tenant, data.locationId);
  }
  await assertAssignable(sql, tenant, data.employeeId);
  await sql`
    update ${schemaIdentifier(sql, tenant.schema)}.shifts set
      location_id = ${data.locationId ?? current.locationId},
      employee_id = ${data.employeeId === undefined ? current.employeeId : data.employeeId},
      starts_at = ${next.startsAt}, ends_at = ${next.endsAt},
      role = ${data.role === undefined ? current.role : data.role},
      notes = ${data.notes === undefined ? current.notes : data.notes},
      updated_at = now()
    where id = ${id}`;
  const shift = await getShift(sql, tenant, id);
  return { shift, conflicts: await findConflicts(sql, tenant, shift) };
}

export async function deleteShift(sql: Sql, tenant: Tenant, id: string): Promise<void> {
  const deleted = await sql`delete from ${schemaIdentifier(sql, tenant.schema)}.shifts where id = ${id}`;
  if (deleted.count === 0) throw new NotFoundError('Shift');
}

/** Publishes the location's draft shifts starting in [from, to); returns how many. */
export async function publishShifts(
  sql: Sql,
  tenant: Tenant,
  input: z.infer<typeof publishInput>,
): Promise<number> {
  const { locationId, from, to } = publishInput.parse(input);
  const published = await sql`
    update ${schemaIdentifier(sql, tenant.schema)}.shifts set published_at = now(), updated_at = now()
    where location_id = ${locationId} and starts_at >= ${from} and starts_at < ${to} and published_at is null`;
  return published.count;
}

/**
 * Copies a location's shifts of one local week to another as drafts, keeping local wall-clock
 * times (a 09:00 shift stays 09:00 across a daylight-saving change). A shift of an employee who
 * has since been archived is copied as an open shift: the slot still needs someone. Returns the
 * new shifts.
 */
export async function copyWeek(
  sql: Sql,
  tenant: Tenant,
  input: z.infer<typeof copyWeekInput>,
): Promise<Shift[]> {
  const { locationId, fromWeekStart, toWeekStart } = copyWeekInput.parse(input);
  const location = await referencedLocation(sql, tenant, locationId);
  const s = schemaIdentifier(sql, tenant.schema);
  return sql<Shift[]>`
    insert into ${s}.shifts (location_id, employee_id, starts_at, ends_at, role, notes)
    select f.location_id, case when e.archived_at is null then f.employee_id end,
           ((f.starts_at at time zone ${location.timeZone}) + (${toWeekStart}::date - ${fromWeekStart}::date) * interval '1 day') at time zone ${location.timeZone},
           ((f.ends_at at time zone ${location.timeZone}) + (${toWeekStart}::date - ${fromWeekStart}::date) * interval '1 day') at time zone ${location.timeZone},
           f.role, f.notes
    from ${s}.shifts f left join ${s}.employees e on e.id = f.employee_id
    where f.location_id = ${locationId}
      and f.starts_at >= (${fromWeekStart}::date::timestamp at time zone ${location.timeZone})
      and f.starts_at < ((${fromWeekStart}::date + 7)::timestamp at time zone ${location.timeZone})
    order by f.starts_at
    returning ${columns(sql)}`;
}
