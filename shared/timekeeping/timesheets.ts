import { type Sql, schemaIdentifier, type TransactionSql } from '../db/client';
import { AppError, NotFoundError, ValidationError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import { lockEmployee } from './clock';
import { getEmployee } from './employees';
import { loadPayrollEntries } from './payroll';
import { calculatePayroll } from './payroll-calculator';
import { type Period, periodContaining } from './periods';
import { getSettings, payrollRules, type Settings } from './settings';
import { LONG_ENTRY_HOURS } from './time-entry-input';

export type TimesheetStatus = 'open' | 'submitted' | 'approved';

export interface Timesheet {
  employeeId: string;
  employeeName: string;
  periodStart: string;
  periodEnd: string;
  status: TimesheetStatus;
  regularMinutes: number;
  overtimeMinutes: number;
  breakMinutes: number;
  /** The period's entries not clocked out yet: the sheet cannot be approved until they are. */
  openEntries: number;
  /** The period's entries longer than LONG_ENTRY_HOURS: most likely a clock-out forgotten. */
  longEntries: number;
  approvedAt: Date | null;
  approvedBy: string | null;
}

/** The pay period that starts on `periodStart` under the settings; 400 when no period starts that day. */
export function periodStartingOn(periodStart: string, settings: Settings): Period {
  const period = periodContaining(periodStart, settings);
  if (period.start !== periodStart) {
    throw new ValidationError([
      {
        field: 'periodStart',
        message: `No pay period starts on this day; the one containing it starts ${period.start}`,
      },
    ]);
  }
  return period;
}

/**
 * The period of the timesheets starting on `periodStart` (of one employee, with `employeeId`): the
 * settings' period when one starts that day, else the period a submitted or approved sheet starting
 * that day was kept under. A change of the pay period setting leaves such sheets behind, and an
 * approved one keeps its days locked (the lock reads the stored rows), so it must stay reachable to
 * be reopened. Without an employee, the longest of those periods (sheets of one start differ only
 * after the setting changed twice). 400 as {@link periodStartingOn} when neither.
 */
export async function timesheetPeriodStartingOn(
  sql: Sql,
  tenant: Tenant,
  periodStart: string,
  settings: Settings,
  employeeId?: string,
): Promise<Period> {
  const current = periodContaining(periodStart, settings);
  if (current.start === periodStart) return current;
  const [kept] = await sql<{ period_end: string | null }[]>`
    select max(period_end)::text as period_end from ${schemaIdentifier(sql, tenant.schema)}.timesheets
    where period_start = ${periodStart} and status <> 'open'
      ${employeeId ? sql`and employee_id = ${employeeId}` : sql``}`;
  return kept?.period_end
    ? { start: periodStart, end: kept.period_end }
    : periodStartingOn(periodStart, settings);
}

/**
 * Entries `te`, joined with their location `l`, that belong to the period: those starting on one
 * of its days in their location's zone (payroll's rule). The coarse bounds a day either side let
 * the index on clock_in narrow the rows first.
 */
function startsInPeriod(sql: Sql | TransactionSql, period: Period) {
  return sql`te.clock_in >= ${period.start}::date - 1 and te.clock_in < ${period.end}::date + 2
    and (te.clock_in at time zone l.time_zone)::date between ${period.start}::date and ${period.end}::date`;
}

/**
 * Every active employee's timesheet for a period (in `employeeIds` when given: a manager's or an
 * employee's scope), by employee name, with worked, overtime and break minutes, status and what
 * is missing. With `page`, at most `page.limit` sheets after the `(name, id)` of `page.after`,
 * and only those employees' entries are loaded.
 */
export async function listTimesheets(
  sql: Sql,
  tenant: Tenant,
  period: Period,
  employeeIds?: string[],
  page?: { limit: number; after?: { name: string; id: string } },
): Promise<Timesheet[]> {
  const s = schemaIdentifier(sql, tenant.schema);
  const after = page?.after;
  const entriesOf = (ids?: string[]) =>
    loadPayrollEntries(sql, tenant, period.start, period.end, { employeeIds: ids });
  const [settings, everyonesEntries, rows] = await Promise.all([
    getSettings(sql, tenant),
    // Unpaged, everyone's entries load alongside; a page's wait for the page's employees below.
    page ? undefined : entriesOf(employeeIds),
    sql<
      {
        id: string;
        name: string;
        status: TimesheetStatus | null;
        approved_at: Date | null;
        approved_by: string | null;
        open_entries: number;
        long_entries: number;
      }[]
    >`
      select e.id, e.name, t.status, t.approved_at, t.approved_by,
             (select count(*)::int from ${s}.time_entries te join ${s}.locations l on l.id = te.location_id
              where te.employee_id = e.id and te.clock_out is null and ${startsInPeriod(sql, period)}) as open_entries,
             (select count(*)::int from ${s}.time_entries te join ${s}.locations l on l.id = te.location_id
              where te.employee_id = e.id and te.clock_out - te.clock_in > make_interval(hours => ${LONG_ENTRY_HOURS})
                and ${startsInPeriod(sql, period)}) as long_entries
      from ${s}.employees e
      left join ${s}.timesheets t on t.employee_id = e.id and t.period_start = ${period.start}
        and t.period_end = ${period.end}
      where e.archived_at is null ${employeeIds ? sql`and e.id = any(${employeeIds}::uuid[])` : sql``}
        ${after ? sql`and (e.name, e.id) > (${after.name}, ${after.id}::uuid)` : sql``}
      order by e.name, e.id
      ${page ? sql`limit ${page.limit}` : sql``}`,
  ]);
  const entries = everyonesEntries ?? (rows.length > 0 ? await entriesOf(rows.map((row) => row.id)) : []);
  const totals = calculatePayroll(entries, payrollRules(settings), {
    reportFrom: period.start,
    reportTo: period.end,
  });
  const byEmployee = new Map(totals.employees.map((e) => [e.employeeId, e]));
  return rows.map((row) => ({
    employeeId: row.id,
    employeeName: row.name,
    periodStart: period.start,
    periodEnd: period.end,
    status: row.status ?? 'open',
    regularMinutes: byEmployee.get(row.id)?.regularMinutes ?? 0,
    overtimeMinutes: byEmployee.get(row.id)?.overtimeMinutes ?? 0,
    breakMinutes: byEmployee.get(row.id)?.breakMinutes ?? 0,
    openEntries: row.open_entries,
    longEntries: row.long_entries,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
  }));
}

async function setStatus(
  sql: Sql,
  tenant: Tenant,
  employeeId: string,
  period: Period,
  status: TimesheetStatus,
  by: string,
) {
  await writeStatus(sql, tenant, employeeId, period, status, by);
  return sheetOf(sql, tenant, employeeId, period);
}

async function writeStatus(
  sql: Sql | TransactionSql,
  tenant: Tenant,
  employeeId: string,
  period: Period,
  status: TimesheetStatus,
  by: string,
) {
  const s = schemaIdentifier(sql, tenant.schema);
  // The employee's approved_period follows in the same statement (tenant migration 0008): set by
  // an approval, cleared when that period leaves the approved state, left alone otherwise.
  await sql`
    with sheet as (
      insert into ${s}.timesheets (employee_id, period_start, period_end, status, submitted_at, approved_at, approved_by)
      values (${employeeId}, ${period.start}, ${period.end}, ${status},
              ${status === 'submitted' ? sql`now()` : null}, ${status === 'approved' ? sql`now()` : null},
              ${status === 'approved' ? by : null})
      on conflict (employee_id, period_start) do update set
        status = excluded.status,
        -- A row kept under an older pay period setting with the same start: submitting or approving
        -- claims the period acted on; reopening keeps the days it locked, so approved_period below
        -- is cleared when it names them.
        period_end = case when excluded.status = 'open' then ${s}.timesheets.period_end else excluded.period_end end,
        submitted_at = coalesce(excluded.submitted_at, ${s}.timesheets.submitted_at),
        approved_at = excluded.approved_at, approved_by = excluded.approved_by, updated_at = now()
      returning status, daterange(period_start, period_end, '[]') as period
    )
    update ${s}.employees e
    set approved_period = case when sheet.status = 'approved' then sheet.period end
    from sheet
    where e.id = ${employeeId} and (sheet.status = 'approved' or e.approved_period = sheet.period)`;
}

async function sheetOf(sql: Sql, tenant: Tenant, employeeId: string, period: Period) {
  const [sheet] = await listTimesheets(sql, tenant, period, [employeeId]);
  if (!sheet) throw new NotFoundError('Timesheet');
  return sheet;
}

/** The employee (or their manager) says the period's hours are complete. */
export async function submitTimesheet(
  sql: Sql,
  tenant: Tenant,
  employeeId: string,
  period: Period,
  by: string,
) {
  await getEmployee(sql, tenant, employeeId);
  // Under the employee's lock, as an approval is: a submit that waited for one sees the sheet
  // approved and is refused, instead of turning it back to submitted and unlocking its entries.
  await sql.begin(async (tx) => {
    await lockEmployee(tx, tenant, employeeId);
    const current = await currentStatus(tx, tenant, employeeId, period);
    if (current === 'approved') throw new AppError('timesheet_locked', 'This timesheet is approved already.');
    await writeStatus(tx, tenant, employeeId, period, 'submitted', by);
  });
  return sheetOf(sql, tenant, employeeId, period);
}

/**
 * Approves a period's hours, which locks its entries against changes. Refused while one of the
 * period's entries is still open; an entry begun after the period (today's shift, when last
 * week's sheet is approved) does not stand in the way.
 */
export async function approveTimesheet(
  sql: Sql,
  tenant: Tenant,
  employeeId: string,
  period: Period,
  by: string,
) {
  await getEmployee(sql, tenant, employeeId);
  // Under the employee's lock, as a manager's entry writes are: one waiting for this approval
  // then finds the day locked.
  await sql.begin(async (tx) => {
    await lockEmployee(tx, tenant, employeeId);
    const s = schemaIdentifier(tx, tenant.schema);
    const [open] = await tx`
      select 1 from ${s}.time_entries te join ${s}.locations l on l.id = te.location_id
      where te.employee_id = ${employeeId} and te.clock_out is null and ${startsInPeriod(tx, period)}`;
    if (open)
      throw new AppError('conflict', 'The employee is still clocked in: clock them out before approving.');
    await writeStatus(tx, tenant, employeeId, period, 'approved', by);
  });
  return sheetOf(sql, tenant, employeeId, period);
}

/** Unlocks an approved (or submitted) timesheet for corrections. */
export async function reopenTimesheet(
  sql: Sql,
  tenant: Tenant,
  employeeId: string,
  period: Period,
  by: string,
) {
  await getEmployee(sql, tenant, employeeId);
  return setStatus(sql, tenant, employeeId, period, 'open', by);
}

/** The locations where the employee has entries in the period (by each entry's local start day). */
export async function locationsWorkedIn(
  sql: Sql,
  tenant: Tenant,
  employeeId: string,
  period: Period,
): Promise<string[]> {
  const s = schemaIdentifier(sql, tenant.schema);
  const rows = await sql<{ location_id: string }[]>`
    select distinct te.location_id from ${s}.time_entries te join ${s}.locations l on l.id = te.location_id
    where te.employee_id = ${employeeId} and ${startsInPeriod(sql, period)}`;
  return rows.map((row) => row.location_id);
}

async function currentStatus(
  sql: TransactionSql,
  tenant: Tenant,
  employeeId: string,
  period: Period,
): Promise<TimesheetStatus> {
  const [row] = await sql<{ status: TimesheetStatus }[]>`
    select status from ${schemaIdentifier(sql, tenant.schema)}.timesheets where employee_id = ${employeeId} and period_start = ${period.start}`;
  return row?.status ?? 'open';
}
