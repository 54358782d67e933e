import { type Sql, schemaIdentifier, type TransactionSql, takeRows, tenantStatement } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import type { z } from '../zod';
import { referencedLocation } from './locations';
import { daysBetween, isoWeekday } from './periods';
import { getSettings } from './settings';
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
  /** With publishedOnly: drafts still shown at these locations (a manager's, for their own shifts). */
  draftsAt?: string[];
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
    and (not $6::boolean or published_at is not null or location_id = any($10::uuid[]))
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
        q.draftsAt ?? null,
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

/**
 * A shift can be given to an active employee who works at its location: the clock would refuse
 * them there (clock.ts), so the schedule does too. 400 naming employeeId otherwise.
 */
async function assertAssignable(
  sql: Sql | TransactionSql,
  tenant: Tenant,
  employeeId: string | null | undefined,
  locationId: string,
) {
  if (!employeeId) return;
  const s = schemaIdentifier(sql, tenant.schema);
  const [row] = await sql<{ here: boolean }[]>`
    select exists (select 1 from ${s}.employee_locations el where el.employee_id = e.id and el.location_id = ${locationId}) as here
    from ${s}.employees e where e.id = ${employeeId} and e.archived_at is null`;
  if (!row) throw new ValidationError([{ field: 'employeeId', message: 'No such active employee' }]);
  if (!row.here)
    throw new ValidationError([
      {
        field: 'employeeId',
        message: 'Does not work at this location: add the location to the employee first',
      },
    ]);
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
  await assertAssignable(sql, tenant, data.employeeId, data.locationId);
  const [row] = await sql<{ id: string }[]>`
    insert into ${schemaIdentifier(sql, tenant.schema)}.shifts (location_id, employee_id, starts_at, ends_at, role, notes)
    values (${data.locationId}, ${data.employeeId}, ${data.startsAt}, ${data.endsAt}, ${data.role ?? null}, ${data.notes ?? null})
    returning id`;
  const shift = await getShift(sql, tenant, (row as { id: string }).id);
  return { shift, conflicts: await findConflicts(sql, tenant, shift) };
}

/**
 * The shift, locked until the transaction ends: writes that merge a change into the shift read it
 * this way, so two at once each keep the other's change instead of writing back what it replaced.
 */
async function lockShift(tx: TransactionSql, tenant: Tenant, id: string): Promise<Shift> {
  const [row] = await tx<Shift[]>`
    select ${columns(tx)} from ${schemaIdentifier(tx, tenant.schema)}.shifts where id = ${id} for update`;
  if (!row) throw new NotFoundError('Shift');
  return row;
}

/**
 * Changes a shift (any field). `mayChange` is the caller's scope check of the shift as it stands:
 * it runs once the shift is locked, so it judges the location the change applies to, not one a
 * concurrent move has just replaced. A move to another location is the caller's check too.
 */
export async function updateShift(
  sql: Sql,
  tenant: Tenant,
  id: string,
  input: UpdateShiftInput,
  mayChange: (current: Shift) => Promise<void> = async () => {},
) {
  const data = updateShiftInput.parse(input);
  const shift = await sql.begin(async (tx) => {
    const current = await lockShift(tx, tenant, id);
    await mayChange(current);
    const times = mergedTimes(current, data);
    await assertValidChange(tx, tenant, current, { ...data, ...times });
    await tx`
      update ${schemaIdentifier(tx, tenant.schema)}.shifts set
        location_id = ${data.locationId ?? current.locationId},
        employee_id = ${data.employeeId === undefined ? current.employeeId : data.employeeId},
        starts_at = ${times.startsAt}, ends_at = ${times.endsAt},
        role = ${data.role === undefined ? current.role : data.role},
        notes = ${data.notes === undefined ? current.notes : data.notes},
        updated_at = now()
      where id = ${id}`;
    return getShift(tx, tenant, id);
  });
  return { shift, conflicts: await findConflicts(sql, tenant, shift) };
}

/** The shift's times once changed: those given, else those it has. */
function mergedTimes(current: Shift, data: { startsAt?: string; endsAt?: string }) {
  return {
    startsAt: data.startsAt ? new Date(data.startsAt) : current.startsAt,
    endsAt: data.endsAt ? new Date(data.endsAt) : current.endsAt,
  };
}

/** 400 naming the field unless the shift with `change` applied is one the schedule takes. */
async function assertValidChange(
  tx: TransactionSql,
  tenant: Tenant,
  current: Shift,
  change: Omit<z.infer<typeof updateShiftInput>, 'startsAt' | 'endsAt'> & { startsAt: Date; endsAt: Date },
) {
  // The merged times: moving only the start can make the shift end before it or last over a day.
  const problem = shiftTimesProblem(change.startsAt, change.endsAt);
  if (problem) throw new ValidationError([{ field: 'endsAt', message: problem }]);
  if (change.locationId) await referencedLocation(tx, tenant, change.locationId);
  // The shift's employee and location after the change must still go together.
  if (change.employeeId !== undefined || change.locationId)
    await assertAssignable(
      tx,
      tenant,
      change.employeeId === undefined ? current.employeeId : change.employeeId,
      change.locationId ?? current.locationId,
    );
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

/** What copying a week did: the new drafts, those already there, and who is now double-booked. */
export interface CopiedWeek {
  data: Shift[];
  /** Shifts of the week already in the target week (same times, employee and role): not copied again. */
  skipped: number;
  /** Each new shift's overlaps with the same employee's other shifts (any location). */
  conflicts: (ShiftConflict & { copiedShiftId: string })[];
}

/**
 * Copies a location's shifts of one local week to another as drafts, keeping local wall-clock
 * times (a 09:00 shift stays 09:00 across a daylight-saving change). Where the clocks change during
 * a shift, its local end would make it longer than the 24 hours a shift may last (08:00 to 08:00
 * over the night they go back is 25) or end before it starts: that copy keeps the local start and
 * the shift's length instead, so the rest of the week is not refused for it. Both weeks must start on the
 * business's first day of the week. A shift whose employee has since been archived, or no longer
 * works at the location, is copied as an open shift: the slot still needs someone. A shift the
 * target week already has (same times, employee and role) is not copied again, so copying twice
 * adds nothing; copies that overlap the employee's other shifts are reported, not refused.
 */
export async function copyWeek(
  sql: Sql,
  tenant: Tenant,
  input: z.infer<typeof copyWeekInput>,
): Promise<CopiedWeek> {
  const { locationId, fromWeekStart, toWeekStart } = copyWeekInput.parse(input);
  const location = await referencedLocation(sql, tenant, locationId);
  assertWeekStarts((await getSettings(sql, tenant)).weekStartsOn, { fromWeekStart, toWeekStart });
  const s = schemaIdentifier(sql, tenant.schema);
  const zone = location.timeZone;
  const shiftDays = daysBetween(fromWeekStart, toWeekStart);
  const { data, sourceCount } = await sql.begin(async (tx) => {
    // One copy of a week at a time per location, so two at once cannot both find it not yet copied.
    await tx`select 1 from ${s}.locations where id = ${locationId} for update`;
    const inSourceWeek = tx`f.location_id = ${locationId}
      and f.starts_at >= (${fromWeekStart}::date::timestamp at time zone ${zone})
      and f.starts_at < ((${fromWeekStart}::date + 7)::timestamp at time zone ${zone})`;
    const [counted] = await tx<
      { n: number }[]
    >`select count(*)::int as n from ${s}.shifts f where ${inSourceWeek}`;
    const inserted = await tx<Shift[]>`
      with copy as (
        select f.location_id,
               case when e.archived_at is null and el.employee_id is not null then f.employee_id end as employee_id,
               moved.starts_at,
               case when moved.ends_at > moved.starts_at and moved.ends_at - moved.starts_at <= interval '24 hours'
                    then moved.ends_at
                    else moved.starts_at + extract(epoch from f.ends_at - f.starts_at) * interval '1 second'
               end as ends_at,
               f.role, f.notes
        from ${s}.shifts f
        cross join lateral (
          select ((f.starts_at at time zone ${zone}) + ${shiftDays} * interval '1 day') at time zone ${zone} as starts_at,
                 ((f.ends_at at time zone ${zone}) + ${shiftDays} * interval '1 day') at time zone ${zone} as ends_at
        ) moved
        left join ${s}.employees e on e.id = f.employee_id
        left join ${s}.employee_locations el on el.employee_id = f.employee_id and el.location_id = f.location_id
        where ${inSourceWeek}
      )
      insert into ${s}.shifts (location_id, employee_id, starts_at, ends_at, role, notes)
      select n.location_id, n.employee_id, n.starts_at, n.ends_at, n.role, n.notes from copy n
      where not exists (
        select 1 from ${s}.shifts t
        where t.location_id = n.location_id and t.starts_at = n.starts_at and t.ends_at = n.ends_at
          and t.employee_id is not distinct from n.employee_id and t.role is not distinct from n.role)
      order by n.starts_at
      returning ${columns(tx)}`;
    return { data: inserted, sourceCount: counted?.n ?? 0 };
  });
  return { data, skipped: sourceCount - data.length, conflicts: await conflictsOf(sql, tenant, data) };
}

/** 400 naming the field unless both dates fall on the business's first day of the week (1 = Monday … 7 = Sunday). */
function assertWeekStarts(weekStartsOn: number, weeks: { fromWeekStart: string; toWeekStart: string }) {
  const fields = (Object.entries(weeks) as [string, string][]).filter(
    ([, date]) => isoWeekday(date) !== weekStartsOn,
  );
  if (fields.length > 0)
    throw new ValidationError(
      fields.map(([field]) => ({
        field,
        message: `Must be the first day of a week (${WEEKDAYS[weekStartsOn - 1]})`,
      })),
    );
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The overlaps of each of `shifts` with its employee's other shifts, in one query. */
async function conflictsOf(sql: Sql, tenant: Tenant, shifts: Shift[]): Promise<CopiedWeek['conflicts']> {
  const ids = shifts.filter((shift) => shift.employeeId).map((shift) => shift.id);
  if (ids.length === 0) return [];
  const s = schemaIdentifier(sql, tenant.schema);
  return sql<CopiedWeek['conflicts']>`
    select n.id as "copiedShiftId", o.id as "shiftId", 'overlap' as kind, o.starts_at as "startsAt",
           o.ends_at as "endsAt", o.location_id as "locationId"
    from ${s}.shifts n
    join ${s}.shifts o on o.employee_id = n.employee_id and o.id <> n.id
      and o.starts_at < n.ends_at and o.ends_at > n.starts_at
    where n.id = any(${ids}::uuid[])
    order by n.starts_at, o.starts_at`;
}
