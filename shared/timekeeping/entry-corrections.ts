/**
 * A manager's hand on the time clock: entries added for a missed clock-in, corrected, or deleted
 * when made by mistake, each with a reason kept in the entry's change history.
 */
import { type Sql, schemaIdentifier, type TransactionSql } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import type { z } from '../zod';
import {
  assertNotLocked,
  assertWorksAt,
  type EntryQuery,
  getEntry,
  lockEmployee,
  lockEmployeeOfEntry,
  type TimeEntry,
  withDates,
} from './clock';
import { assertNoOverlap } from './entry-overlap';
import { correctEntryInput, deleteEntryInput, manualEntryInput } from './time-entry-input';

export { correctEntryInput, deleteEntryInput, manualEntryInput };

/** The longest entry a manager may enter: a shift lasts at most as long (shift-input.ts). */
const MAX_ENTRY_MS = 24 * 3_600_000;

/**
 * An entry's times and breaks as a manager enters them. `timesChanged` says whether this write
 * sets the clock times: only then is the length checked, so a break can still be added to an
 * entry its employee left open for days before clocking out.
 */
function checkTimes(
  clockIn: Date,
  clockOut: Date | null,
  breaks: { startsAt: string; endsAt: string }[],
  timesChanged = true,
) {
  if (clockOut && clockOut <= clockIn)
    throw new ValidationError([{ field: 'clockOut', message: 'Must be after clockIn' }]);
  if (timesChanged && clockOut && clockOut.getTime() - clockIn.getTime() > MAX_ENTRY_MS)
    throw new ValidationError([{ field: 'clockOut', message: 'An entry lasts at most 24 hours' }]);
  breaks.forEach((b, i) => {
    const start = new Date(b.startsAt);
    const end = new Date(b.endsAt);
    if (end <= start)
      throw new ValidationError([{ field: `breaks.${i}.endsAt`, message: 'Must be after startsAt' }]);
    if (start < clockIn || (clockOut && end > clockOut)) {
      throw new ValidationError([{ field: `breaks.${i}`, message: 'Must lie within the entry' }]);
    }
  });
}

async function replaceBreaks(
  tx: TransactionSql,
  tenant: Tenant,
  entryId: string,
  breaks: { startsAt: string; endsAt: string }[],
) {
  await tx`delete from ${schemaIdentifier(tx, tenant.schema)}.breaks where time_entry_id = ${entryId}`;
  for (const b of breaks) {
    await tx`insert into ${schemaIdentifier(tx, tenant.schema)}.breaks (time_entry_id, starts_at, ends_at) values (${entryId}, ${b.startsAt}, ${b.endsAt})`;
  }
}

async function recordChange(
  tx: TransactionSql,
  tenant: Tenant,
  entryId: string,
  by: string,
  reason: string,
  before: TimeEntry | null,
) {
  const after = await getEntry(tx, tenant, entryId);
  await tx`
    insert into ${schemaIdentifier(tx, tenant.schema)}.time_entry_changes (time_entry_id, changed_by, reason, before, after)
    values (${entryId}, ${by}, ${reason}, ${before ? tx.json(before as never) : null}, ${tx.json(after as never)})`;
  return after;
}

/** A manager adds a forgotten entry, with a reason kept in the entry's change history. */
export async function addEntry(
  sql: Sql,
  tenant: Tenant,
  input: z.input<typeof manualEntryInput>,
  by: string,
): Promise<TimeEntry> {
  const data = manualEntryInput.parse(input);
  const clockInAt = new Date(data.clockIn);
  checkTimes(clockInAt, new Date(data.clockOut), data.breaks);
  await assertWorksAt(sql, tenant, data.employeeId, data.locationId);
  return sql.begin(async (tx) => {
    await lockEmployee(tx, tenant, data.employeeId);
    await assertNotLocked(tx, tenant, data.employeeId, data.locationId, clockInAt);
    await assertNoOverlap(tx, tenant, {
      employeeId: data.employeeId,
      clockIn: clockInAt,
      clockOut: new Date(data.clockOut),
    });
    const [row] = await tx<{ id: string }[]>`
      insert into ${schemaIdentifier(tx, tenant.schema)}.time_entries (employee_id, location_id, clock_in, clock_out, source)
      values (${data.employeeId}, ${data.locationId}, ${data.clockIn}, ${data.clockOut}, 'manager') returning id`;
    const id = (row as { id: string }).id;
    await replaceBreaks(tx, tenant, id, data.breaks);
    return recordChange(tx, tenant, id, by, data.reason, null);
  });
}

/** A manager corrects an entry's times or breaks; before and after are kept with the reason. */
export async function correctEntry(
  sql: Sql,
  tenant: Tenant,
  id: string,
  input: z.input<typeof correctEntryInput>,
  by: string,
): Promise<TimeEntry> {
  const data = correctEntryInput.parse(input);
  return sql.begin(async (tx) => {
    await lockEmployeeOfEntry(tx, tenant, id);
    const before = await getEntry(tx, tenant, id);
    const clockInAt = data.clockIn ? new Date(data.clockIn) : before.clockIn;
    const clockOutAt = data.clockOut ? new Date(data.clockOut) : before.clockOut;
    // Closing an entry left open on a break ends the break at the clock-out, as clocking out
    // does: an open break on a closed entry would be paid as work.
    const closing = !before.clockOut && clockOutAt !== null;
    const breaks =
      data.breaks ??
      before.breaks
        .filter((b) => b.endsAt || closing)
        .map((b) => ({
          startsAt: b.startsAt.toISOString(),
          endsAt: (b.endsAt ?? (clockOutAt as Date)).toISOString(),
        }));
    checkTimes(clockInAt, clockOutAt, breaks, Boolean(data.clockIn || data.clockOut));
    await assertNotLocked(tx, tenant, before.employeeId, before.locationId, before.clockIn);
    await assertNotLocked(tx, tenant, before.employeeId, before.locationId, clockInAt);
    await assertNoOverlap(tx, tenant, {
      employeeId: before.employeeId,
      clockIn: clockInAt,
      clockOut: clockOutAt,
      exceptId: id,
    });
    await tx`
      update ${schemaIdentifier(tx, tenant.schema)}.time_entries
      set clock_in = ${clockInAt}, clock_out = ${clockOutAt}, updated_at = now() where id = ${id}`;
    if (data.breaks || closing) await replaceBreaks(tx, tenant, id, breaks);
    return recordChange(tx, tenant, id, by, data.reason, before);
  });
}

/** The history of manual changes to an entry, oldest first. */
export function entryChanges(sql: Sql, tenant: Tenant, id: string) {
  return sql<{ changedBy: string; reason: string; at: Date; before: unknown; after: unknown }[]>`
    select changed_by as "changedBy", reason, at, before, after
    from ${schemaIdentifier(sql, tenant.schema)}.time_entry_changes where time_entry_id = ${id} order by at, id`;
}

/**
 * A manager deletes an entry made by mistake (for the wrong employee, twice): it leaves the
 * payroll, but its change history stays, ending with the deletion, its reason and the entry as
 * it was.
 */
export async function deleteEntry(
  sql: Sql,
  tenant: Tenant,
  id: string,
  input: z.input<typeof deleteEntryInput>,
  by: string,
): Promise<void> {
  const { reason } = deleteEntryInput.parse(input);
  await sql.begin(async (tx) => {
    await lockEmployeeOfEntry(tx, tenant, id);
    const before = await getEntry(tx, tenant, id);
    await assertNotLocked(tx, tenant, before.employeeId, before.locationId, before.clockIn);
    const s = schemaIdentifier(tx, tenant.schema);
    await tx`
      insert into ${s}.time_entry_changes (time_entry_id, changed_by, reason, before, after)
      values (${id}, ${by}, ${reason}, ${tx.json(before as never)}, null)`;
    await tx`delete from ${s}.time_entries where id = ${id}`;
  });
}

/** An entry a manager deleted, as it was, with who deleted it, when and why. */
export interface DeletedEntry extends TimeEntry {
  deletedAt: Date;
  deletedBy: string;
  reason: string;
}

/**
 * Deleted entries that started in [from, to), by clock-in time, paginated like the entries
 * themselves: each is read back from the change that recorded its deletion (the one with no
 * "after").
 */
export async function listDeletedEntries(sql: Sql, tenant: Tenant, q: EntryQuery): Promise<DeletedEntry[]> {
  const clockIn = sql`(c.before->>'clockIn')::timestamptz`;
  const rows = await sql<DeletedEntry[]>`
    select c.time_entry_id as id, c.before->>'employeeId' as "employeeId",
           c.before->>'locationId' as "locationId", ${clockIn} as "clockIn",
           (c.before->>'clockOut')::timestamptz as "clockOut", c.before->>'source' as source,
           c.before->'breaks' as breaks, c.at as "deletedAt", c.changed_by as "deletedBy", c.reason
    from ${schemaIdentifier(sql, tenant.schema)}.time_entry_changes c
    where c.after is null and ${clockIn} >= ${q.from} and ${clockIn} < ${q.to}
      ${q.employeeId ? sql`and c.before->>'employeeId' = ${q.employeeId}` : sql``}
      ${q.locationIds ? sql`and c.before->>'locationId' = any(${q.locationIds}::text[])` : sql``}
      ${q.after ? sql`and (${clockIn}, c.time_entry_id) > (${q.after.clockIn}, ${q.after.id})` : sql``}
    order by ${clockIn}, c.time_entry_id
    limit ${q.limit}`;
  return rows.map(withDates);
}

/** The location of an entry, or of a deleted one as it was, so its history stays in scope. */
export async function entryLocationId(sql: Sql, tenant: Tenant, id: string): Promise<string> {
  const s = schemaIdentifier(sql, tenant.schema);
  const [row] = await sql<{ locationId: string }[]>`
    select location_id::text as "locationId" from ${s}.time_entries where id = ${id}
    union all
    select before->>'locationId' from ${s}.time_entry_changes where time_entry_id = ${id} and after is null
    limit 1`;
  if (!row) throw new NotFoundError('Time entry');
  return row.locationId;
}
