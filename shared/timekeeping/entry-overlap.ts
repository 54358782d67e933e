/**
 * No minute of an employee's time in two entries: payroll counts every entry, so an overlap
 * would pay the same time twice. Clock-in checks it in its own statement; these explain a refusal
 * and guard a manager's added or corrected entries. Behind both, the database's exclusion
 * constraint (tenant migration 0007) refuses what a race between them would let through.
 */
import { type Sql, schemaIdentifier, type TransactionSql } from '../db/client';
import { AppError } from '../errors';
import type { Tenant } from '../tenancy/registry';

type Db = Sql | TransactionSql;

/** An entry of the employee that another would overlap, as a person reads it. */
export interface OverlappedEntry {
  open: boolean;
  error: AppError;
}

/**
 * The employee's first entry other than `exceptId` overlapping [clockIn, clockOut) (to no end
 * when clockOut is null), at any location: payroll counts every entry's minutes, so an overlap
 * would pay the same time twice. Its error names that entry in its location's local time.
 */
export async function overlappedEntry(
  sql: Db,
  tenant: Tenant,
  entry: { employeeId: string; clockIn: Date; clockOut: Date | null; exceptId?: string },
): Promise<OverlappedEntry | undefined> {
  const s = schemaIdentifier(sql, tenant.schema);
  const [other] = await sql<{ location: string; starts: string; ends: string | null; timeZone: string }[]>`
    select l.name as location, l.time_zone as "timeZone",
           to_char(t.clock_in at time zone l.time_zone, 'YYYY-MM-DD HH24:MI') as starts,
           to_char(t.clock_out at time zone l.time_zone, 'YYYY-MM-DD HH24:MI') as ends
    from ${s}.time_entries t join ${s}.locations l on l.id = t.location_id
    where t.employee_id = ${entry.employeeId} and t.id is distinct from ${entry.exceptId ?? null}::uuid
      -- As the exclusion constraint compares them, so its index finds them.
      and tstzrange(t.clock_in, t.clock_out) && tstzrange(${entry.clockIn}, ${entry.clockOut})
    order by t.clock_in limit 1`;
  if (!other) return undefined;
  const span = other.ends ? `${other.starts} to ${other.ends}` : `${other.starts}, still on the clock`;
  const message = `This overlaps the employee's entry at ${other.location} (${span}, ${other.timeZone}): correct that entry first.`;
  return { open: other.ends === null, error: new AppError('entry_overlap', message) };
}

/**
 * Refuses a manager's entry that overlaps another of the employee's ({@link overlappedEntry}).
 * Callers hold the employee's row lock (`lockEmployee` in clock.ts), so two managers' writes for
 * one employee are checked one after the other, and a clock-in in flight, which holds the key-share
 * lock on that row until it commits, is waited for and then seen.
 */
export async function assertNoOverlap(
  tx: TransactionSql,
  tenant: Tenant,
  entry: { employeeId: string; clockIn: Date; clockOut: Date | null; exceptId?: string },
) {
  const overlapped = await overlappedEntry(tx, tenant, entry);
  if (overlapped) throw overlapped.error;
}

/** The database's exclusion constraint on overlapping entries of an employee. */
const NO_OVERLAP_CONSTRAINT = 'time_entries_no_overlap';

/**
 * Whether `error` is PostgreSQL refusing an entry that overlaps another (exclusion_violation on
 * {@link NO_OVERLAP_CONSTRAINT}): a clock-in that met a manager's entry it could not see.
 */
export function isOverlapRefusal(error: unknown): boolean {
  const { code, constraint_name: constraint } = error as { code?: string; constraint_name?: string };
  return code === '23P01' && constraint === NO_OVERLAP_CONSTRAINT;
}
