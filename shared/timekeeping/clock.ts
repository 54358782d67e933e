import { type Sql, schemaIdentifier, type TransactionSql, tenantStatement } from '../db/client';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import { isOverlapRefusal, overlappedEntry } from './entry-overlap';
import { referencedLocation } from './locations';

type Db = Sql | TransactionSql;

export interface TimeEntry {
  id: string;
  employeeId: string;
  locationId: string;
  clockIn: Date;
  clockOut: Date | null;
  source: 'self' | 'kiosk' | 'manager';
  breaks: { startsAt: Date; endsAt: Date | null }[];
}

const entryColumns = (sql: Db, schema: string) => sql`
  e.id, e.employee_id as "employeeId", e.location_id as "locationId", e.clock_in as "clockIn",
  e.clock_out as "clockOut", e.source,
  coalesce((select json_agg(json_build_object('startsAt', b.starts_at, 'endsAt', b.ends_at) order by b.starts_at)
            from ${schemaIdentifier(sql, schema)}.breaks b where b.time_entry_id = e.id), '[]') as breaks`;

/** An entry row with its breaks' instants (JSON strings in the row) as Dates. */
export function withDates<Row extends TimeEntry>(row: Row): Row {
  return {
    ...row,
    breaks: row.breaks.map((b) => ({
      startsAt: new Date(b.startsAt),
      endsAt: b.endsAt ? new Date(b.endsAt) : null,
    })),
  };
}

export async function getEntry(sql: Db, tenant: Tenant, id: string): Promise<TimeEntry> {
  const [row] = await sql<
    TimeEntry[]
  >`select ${entryColumns(sql, tenant.schema)} from ${schemaIdentifier(sql, tenant.schema)}.time_entries e where e.id = ${id}`;
  if (!row) throw new NotFoundError('Time entry');
  return withDates(row);
}

/** The employee record linked to a signed-in user in this tenant, if there is one. */
export async function findEmployeeOfUser(
  sql: Sql,
  tenant: Tenant,
  userId: string,
): Promise<{ id: string; name: string } | undefined> {
  const [row] = await sql<{ id: string; name: string }[]>`
    select id, name from ${schemaIdentifier(sql, tenant.schema)}.employees where user_id = ${userId} and archived_at is null`;
  return row;
}

/** The employee record linked to a signed-in user in this tenant; 403 when there is none. */
export async function employeeOfUser(
  sql: Sql,
  tenant: Tenant,
  userId: string,
): Promise<{ id: string; name: string }> {
  const row = await findEmployeeOfUser(sql, tenant, userId);
  if (!row) throw new AppError('forbidden', 'Your account is not linked to an employee of this business.');
  return row;
}

/** Whether `employeeId` is the signed-in user's own employee record (false when none is asked for). */
export async function isOwnEmployee(
  sql: Sql,
  tenant: Tenant,
  userId: string,
  employeeId: string | undefined,
): Promise<boolean> {
  return employeeId !== undefined && employeeId === (await findEmployeeOfUser(sql, tenant, userId))?.id;
}

export async function assertWorksAt(sql: Db, tenant: Tenant, employeeId: string, locationId: string) {
  const [row] = await sql`
    select 1 from ${schemaIdentifier(sql, tenant.schema)}.employee_locations el
    join ${schemaIdentifier(sql, tenant.schema)}.employees e on e.id = el.employee_id and e.archived_at is null
    where el.employee_id = ${employeeId} and el.location_id = ${locationId}`;
  if (!row)
    throw new ValidationError([
      { field: 'locationId', message: 'The employee does not work at this location' },
    ]);
}

/** Who is clocking in or out: an employee record, or the employee linked to a signed-in user. */
export type ClockingEmployee = { employeeId: string } | { userId: string };

/**
 * How a statement finds the clocking employee `e` from its parameter `$n`: by employee id (the
 * kiosk, managers), or as the employee linked to the signed-in user. One statement per way,
 * rather than `(e.id = $n or e.user_id = $m)`, so each is a plain index lookup.
 */
const CLOCKING_EMPLOYEE = {
  employee: (n: number) => `e.id = $${n}::uuid`,
  user: (n: number) => `e.user_id = $${n}`,
};
type ClockingBy = keyof typeof CLOCKING_EMPLOYEE;

const clockingBy = (who: ClockingEmployee): ClockingBy => ('userId' in who ? 'user' : 'employee');
const clockingId = (who: ClockingEmployee) => ('userId' in who ? who.userId : who.employeeId);

/** Clock-in's statement for one tenant (see tenantStatement): $1 source, $2 location, $3 who. */
const clockInStatement = (by: ClockingBy) => (s: string) =>
  `
  insert into ${s}.time_entries (employee_id, location_id, clock_in, source)
  select e.id, el.location_id, now(), $1
  from ${s}.employees e
  join ${s}.employee_locations el on el.employee_id = e.id and el.location_id = $2::uuid
  join ${s}.locations l on l.id = el.location_id and l.archived_at is null
  where e.archived_at is null and ${CLOCKING_EMPLOYEE[by](3)}
    -- Today in an approved timesheet: in the last one approved, read from the employee's row, which
    -- is checked again if the statement waited below for an approval to commit; in any (a pay
    -- period lasts at most 31 days: the bound keeps it one probe).
    and not coalesce(e.approved_period @> (now() at time zone l.time_zone)::date, false)
    and not exists (
      select 1 from ${s}.timesheets ts
      where ts.employee_id = e.id and ts.status = 'approved'
        and ts.period_start between (now() at time zone l.time_zone)::date - 31 and (now() at time zone l.time_zone)::date
        and ts.period_end >= (now() at time zone l.time_zone)::date)
  -- The lock the employee foreign key takes anyway, taken before the insert rather than after:
  -- a manager's write or an approval holding the employee (lockEmployee) is waited for here, so
  -- an entry it wrote then meets this one in the exclusion constraint (instead of each waiting
  -- for the other), and the approved_period it set is seen.
  for key share of e
  on conflict (employee_id) where clock_out is null do nothing
  returning id, employee_id as "employeeId", location_id as "locationId", clock_in as "clockIn",
            clock_out as "clockOut", source`;

/**
 * Clock-out's statement for one tenant (see tenantStatement): $1 who. The update takes the
 * entry's row lock itself; a concurrent clock-out waits for it, then finds the entry closed and
 * updates nothing.
 */
const clockOutStatement = (by: ClockingBy) => (s: string) =>
  `
  with ended as (
    update ${s}.time_entries t set clock_out = now(), updated_at = now()
    from ${s}.employees e
    where e.id = t.employee_id and t.clock_out is null and ${CLOCKING_EMPLOYEE[by](1)}
      -- An archived employee's own account may not clock; the kiosk may still end their entry.
      ${by === 'user' ? 'and e.archived_at is null' : ''}
    returning t.id, t.employee_id, t.location_id, t.clock_in, t.clock_out, t.source
  ), ended_break as (
    update ${s}.breaks b set ends_at = now() from ended where b.time_entry_id = ended.id and b.ends_at is null
  )
  select id, employee_id as "employeeId", location_id as "locationId", clock_in as "clockIn",
    clock_out as "clockOut", source,
    -- The statement does not see its own break update: the break still open ends now().
    coalesce((select json_agg(json_build_object('startsAt', b.starts_at, 'endsAt', coalesce(b.ends_at, now()))
                              order by b.starts_at)
              from ${s}.breaks b where b.time_entry_id = ended.id), '[]') as breaks
  from ended`;

/** The statement builders, made once: tenantStatement caches by builder. */
const CLOCK_IN = { employee: clockInStatement('employee'), user: clockInStatement('user') };
const CLOCK_OUT = { employee: clockOutStatement('employee'), user: clockOutStatement('user') };

/**
 * Starts an entry now, in one statement on the happy path: the employee must be active and work
 * at the location, which must not be archived; may have one open entry at a time (a unique index
 * enforces it too); may have no entry that ends after now (a manager's, entered ahead: the
 * exclusion constraint on overlapping entries refuses it); and today must not be in their
 * approved timesheet, whose entries are locked. Only when nothing was inserted do further
 * queries find out why.
 */
export async function clockIn(
  sql: Sql,
  tenant: Tenant,
  input: ClockingEmployee & { locationId: string; source: TimeEntry['source'] },
): Promise<TimeEntry> {
  return (await insertEntryNow(sql, tenant, input)) ?? explainRefusedClockIn(sql, tenant, input);
}

/** Clock-in's statement: the new entry, or undefined when it inserted nothing. */
function insertEntryNow(
  sql: Sql,
  tenant: Tenant,
  input: ClockingEmployee & { locationId: string; source: TimeEntry['source'] },
): Promise<TimeEntry | undefined> {
  return (
    sql
      .unsafe<TimeEntry[]>(
        tenantStatement(tenant, CLOCK_IN[clockingBy(input)]),
        [input.source, input.locationId, clockingId(input)] as never[],
        { prepare: true },
      )
      // An entry of the employee over now (a manager's, entered ahead, or saved as the statement
      // ran) meets the exclusion constraint: explained below.
      .catch((error: unknown) => {
        if (isOverlapRefusal(error)) return [];
        throw error;
      })
      .then(([row]) => (row ? { ...row, breaks: [] } : undefined))
  );
}

/**
 * Why the clock-in inserted nothing, as the error to answer. When nothing stands in the way any
 * more (what refused it changed as it ran: a timesheet reopened that instant, say), it tries once
 * more instead.
 */
async function explainRefusedClockIn(
  sql: Sql,
  tenant: Tenant,
  input: ClockingEmployee & { locationId: string; source: TimeEntry['source'] },
): Promise<TimeEntry> {
  const employee =
    'userId' in input ? (await employeeOfUser(sql, tenant, input.userId)).id : input.employeeId;
  await assertWorksAt(sql, tenant, employee, input.locationId);
  await referencedLocation(sql, tenant, input.locationId);
  await assertNotLocked(sql, tenant, employee, input.locationId, new Date());
  // A manager's entry that runs past now (today's hours entered ahead) would pay the time twice.
  const overlapped = await overlappedEntry(sql, tenant, {
    employeeId: employee,
    clockIn: new Date(),
    clockOut: null,
  });
  if (overlapped && !overlapped.open) throw overlapped.error;
  if (overlapped) throw new ConflictError('Already clocked in: clock out first.');
  const entry = await insertEntryNow(sql, tenant, input);
  if (!entry) throw new ConflictError('The clock changed as you clocked in: try again.');
  return entry;
}

async function openEntry(sql: Db, tenant: Tenant, employeeId: string): Promise<{ id: string }> {
  const [row] = await sql<{ id: string }[]>`
    select id from ${schemaIdentifier(sql, tenant.schema)}.time_entries where employee_id = ${employeeId} and clock_out is null for update`;
  if (!row) throw new ConflictError('Not clocked in.');
  return row;
}

/**
 * The employees archived while clocked in at the location, by name: they may still end that entry
 * (and its break) at the location's kiosk, and start nothing.
 */
export async function archivedOnTheClock(
  sql: Db,
  tenant: Tenant,
  locationId: string,
): Promise<{ id: string; name: string }[]> {
  const s = schemaIdentifier(sql, tenant.schema);
  return sql<{ id: string; name: string }[]>`
    select e.id, e.name from ${s}.employees e join ${s}.time_entries t on t.employee_id = e.id and t.clock_out is null
    where e.archived_at is not null and t.location_id = ${locationId}
    order by e.name, e.id`;
}

/**
 * Ends the employee's open entry now, ending an open break with it: one statement (the entry row
 * locked by the update, so a concurrent clock-out finds nothing); only when nothing was open do
 * further queries find out why.
 */
export async function clockOut(sql: Sql, tenant: Tenant, who: ClockingEmployee): Promise<TimeEntry> {
  const [row] = await sql.unsafe<TimeEntry[]>(
    tenantStatement(tenant, CLOCK_OUT[clockingBy(who)]),
    [clockingId(who)] as never[],
    { prepare: true },
  );
  if (row) return withDates(row);
  if ('userId' in who) await employeeOfUser(sql, tenant, who.userId);
  throw new ConflictError('Not clocked in.');
}

export async function startBreak(sql: Sql, tenant: Tenant, employeeId: string): Promise<TimeEntry> {
  const id = await sql.begin(async (tx) => {
    const entry = await openEntry(tx, tenant, employeeId);
    const [row] = await tx`
      insert into ${schemaIdentifier(tx, tenant.schema)}.breaks (time_entry_id, starts_at) values (${entry.id}, now())
      on conflict (time_entry_id) where ends_at is null do nothing returning id`;
    if (!row) throw new ConflictError('Already on a break.');
    return entry.id;
  });
  return getEntry(sql, tenant, id);
}

export async function endBreak(sql: Sql, tenant: Tenant, employeeId: string): Promise<TimeEntry> {
  const id = await sql.begin(async (tx) => {
    const entry = await openEntry(tx, tenant, employeeId);
    const ended = await tx`
      update ${schemaIdentifier(tx, tenant.schema)}.breaks set ends_at = now() where time_entry_id = ${entry.id} and ends_at is null`;
    if (ended.count === 0) throw new ConflictError('Not on a break.');
    return entry.id;
  });
  return getEntry(sql, tenant, id);
}

/**
 * Locks the employee's row for the rest of the transaction. A manager's entry writes and a
 * timesheet's approval take it before they check anything, so each sees what the other did: a
 * correction that waited for an approval is refused as locked, and two managers' writes for one
 * employee are checked for overlaps one after the other.
 */
export async function lockEmployee(tx: TransactionSql, tenant: Tenant, employeeId: string) {
  await tx`select 1 from ${schemaIdentifier(tx, tenant.schema)}.employees where id = ${employeeId} for update`;
}

/**
 * {@link lockEmployee} for the employee of an entry, and the entry's own row: the employee's own
 * clock-out and break steps take only the entry's row, so a correction must wait for one in
 * flight and then read what it wrote, or it would write the open entry back over the clock-out.
 * 404 when there is no such entry.
 */
export async function lockEmployeeOfEntry(tx: TransactionSql, tenant: Tenant, entryId: string) {
  const s = schemaIdentifier(tx, tenant.schema);
  const [row] = await tx`
    select 1 from ${s}.employees e join ${s}.time_entries t on t.employee_id = e.id
    where t.id = ${entryId} for update of e, t`;
  if (!row) throw new NotFoundError('Time entry');
}

/** Refuses changes to an entry whose day lies in an approved timesheet of the employee. */
export async function assertNotLocked(
  sql: Db,
  tenant: Tenant,
  employeeId: string,
  locationId: string,
  at: Date,
) {
  const s = schemaIdentifier(sql, tenant.schema);
  const [row] = await sql<{ period_start: string; period_end: string }[]>`
    select t.period_start::text, t.period_end::text from ${s}.timesheets t, ${s}.locations l
    where t.employee_id = ${employeeId} and t.status = 'approved' and l.id = ${locationId}
      and (${at}::timestamptz at time zone l.time_zone)::date between t.period_start and t.period_end
    limit 1`;
  // Named, because a sheet approved before the pay period setting changed is no current period.
  if (row)
    throw new AppError(
      'timesheet_locked',
      `This day is in the approved timesheet of ${row.period_start} to ${row.period_end}; reopen it to change entries.`,
    );
}

export interface EntryQuery {
  from: Date;
  to: Date;
  employeeId?: string;
  locationIds?: string[];
  limit: number;
  after?: { clockIn: Date; id: string };
}

/** Entries starting in [from, to), by clock-in time, paginated. */
export async function listEntries(sql: Sql, tenant: Tenant, q: EntryQuery): Promise<TimeEntry[]> {
  const rows = await sql<TimeEntry[]>`
    select ${entryColumns(sql, tenant.schema)} from ${schemaIdentifier(sql, tenant.schema)}.time_entries e
    where e.clock_in >= ${q.from} and e.clock_in < ${q.to}
      ${q.employeeId ? sql`and e.employee_id = ${q.employeeId}` : sql``}
      ${q.locationIds ? sql`and e.location_id = any(${q.locationIds}::uuid[])` : sql``}
      ${q.after ? sql`and (e.clock_in, e.id) > (${q.after.clockIn}, ${q.after.id})` : sql``}
    order by e.clock_in, e.id
    limit ${q.limit}`;
  return rows.map(withDates);
}

/** Who is clocked in at a location right now, and whether they are on a break. */
export function onTheClock(sql: Sql, tenant: Tenant, locationId: string) {
  const s = schemaIdentifier(sql, tenant.schema);
  return sql<{ employeeId: string; name: string; clockIn: Date; onBreak: boolean }[]>`
    select e.employee_id as "employeeId", emp.name, e.clock_in as "clockIn",
           exists (select 1 from ${s}.breaks b where b.time_entry_id = e.id and b.ends_at is null) as "onBreak"
    from ${s}.time_entries e join ${s}.employees emp on emp.id = e.employee_id
    where e.location_id = ${locationId} and e.clock_out is null
    order by e.clock_in`;
}
