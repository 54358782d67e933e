import { stringify } from 'csv-stringify/sync';
import { type Sql, schemaIdentifier } from '../db/client';
import { formatMinorAsDecimal } from '../money';
import type { Tenant } from '../tenancy/registry';
import { z } from '../zod';
import { localDate } from './employees';
import { calculatePayroll, type PayrollEntry, type PayrollResult } from './payroll-calculator';
import { addDays } from './periods';
import { getSettings, payrollRules } from './settings';

export const payrollQuery = z
  .object({ from: localDate, to: localDate })
  .refine((q) => q.to >= q.from, { message: 'Must not be before from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, {
    message: 'At most 93 days',
    path: ['to'],
  });

export interface PayrollReport extends PayrollResult {
  from: string;
  to: string;
  currency: string;
  names: { employees: Record<string, string>; locations: Record<string, string> };
  /** Employees with time in the range but no pay rate in force: paid 0 until one is set. */
  missingRates: string[];
  /** Entries still open (not clocked out) in the range: not paid yet. */
  openEntries: number;
}

interface EntryRow {
  id: string;
  employee_id: string;
  location_id: string;
  time_zone: string;
  clock_in: Date;
  clock_out: Date;
  /** The local day the entry starts on (YYYY-MM-DD): its pay rate is the one in force that day. */
  local_day: string;
  breaks: { start: string; end: string }[];
}

interface RateRow {
  employee_id: string;
  effective_from: string;
  hourly_rate_minor: number;
}

/** The rate in force on `day` from an employee's rates in effective-date order, or null. */
function rateOn(rates: RateRow[] | undefined, day: string): number | null {
  let rate: number | null = null;
  for (const row of rates ?? []) {
    if (row.effective_from > day) break;
    rate = row.hourly_rate_minor;
  }
  return rate;
}

/**
 * Completed entries whose local start day lies in [from, to], plus the week before `from` so the
 * weekly overtime threshold sees the whole first week; each with the pay rate in force on its
 * local start day. calculatePayroll's report window then keeps only [from, to]. `only` narrows
 * them to some locations, or to some employees (whose overtime needs nothing of anyone else's).
 */
export async function loadPayrollEntries(
  sql: Sql,
  tenant: Tenant,
  from: string,
  to: string,
  only: { locationIds?: string[]; employeeIds?: string[] } = {},
) {
  const { locationIds, employeeIds } = only;
  const s = schemaIdentifier(sql, tenant.schema);
  const countFrom = addDays(from, -7);
  // A UTC window the index can use, then the local-day test. One day of slack at the end:
  // rounding can move a start across midnight, and the calculator decides by the rounded start.
  const utcFrom = sql`${countFrom}::date - 1`;
  const utcTo = sql`${to}::date + 3`;
  // Breaks are gathered for the window's entries in one pass, and rates resolved here from the
  // few rate rows, rather than a subquery and a lateral lookup per entry (3 times the time).
  const [rows, rates] = await Promise.all([
    sql<EntryRow[]>`
      select e.id, e.employee_id, e.location_id, l.time_zone, e.clock_in, e.clock_out,
             (e.clock_in at time zone l.time_zone)::date::text as local_day, coalesce(b.breaks, '[]') as breaks
      from ${s}.time_entries e
      join ${s}.locations l on l.id = e.location_id
      left join (
        select b.time_entry_id, json_agg(json_build_object('start', b.starts_at, 'end', b.ends_at)) as breaks
        from ${s}.breaks b join ${s}.time_entries t on t.id = b.time_entry_id
        where b.ends_at is not null and t.clock_in >= ${utcFrom} and t.clock_in < ${utcTo}
        group by b.time_entry_id
      ) b on b.time_entry_id = e.id
      where e.clock_out is not null and e.clock_in >= ${utcFrom} and e.clock_in < ${utcTo}
        and (e.clock_in at time zone l.time_zone)::date between ${countFrom}::date and ${to}::date + 1
        ${locationIds ? sql`and e.location_id = any(${locationIds}::uuid[])` : sql``}
        ${employeeIds ? sql`and e.employee_id = any(${employeeIds}::uuid[])` : sql``}`,
    sql<RateRow[]>`
      select employee_id, effective_from::text, hourly_rate_minor from ${s}.pay_rates
      where effective_from <= ${to}::date + 1
        ${employeeIds ? sql`and employee_id = any(${employeeIds}::uuid[])` : sql``}
      order by employee_id, effective_from`,
  ]);
  const ratesOf = new Map<string, RateRow[]>();
  for (const rate of rates) {
    const list = ratesOf.get(rate.employee_id);
    if (list) list.push(rate);
    else ratesOf.set(rate.employee_id, [rate]);
  }
  return rows.map((row): PayrollEntry & { rateMissing: boolean } => {
    // No rate in force pays 0, flagged so the report can name the employee.
    const rate = rateOn(ratesOf.get(row.employee_id), row.local_day);
    return {
      id: row.id,
      employeeId: row.employee_id,
      locationId: row.location_id,
      timeZone: row.time_zone,
      clockIn: row.clock_in,
      clockOut: row.clock_out,
      breaks: row.breaks.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })),
      hourlyRateMinor: rate ?? 0,
      rateMissing: rate === null,
    };
  });
}

/** Payroll for local days [from, to]: per employee, per location, and in total. */
export async function payrollReport(
  sql: Sql,
  tenant: Tenant,
  range: { from: string; to: string },
  locationIds?: string[],
): Promise<PayrollReport> {
  const { from, to } = payrollQuery.parse(range);
  const [settings, entries, names, open] = await Promise.all([
    getSettings(sql, tenant),
    loadPayrollEntries(sql, tenant, from, to, { locationIds }),
    loadNames(sql, tenant),
    // Open entries the range's days hold, by the local day each starts on (as payroll and the
    // timesheets count them), within one day either side so the index on clock_in narrows first.
    sql<{ n: number }[]>`
      select count(*)::int as n
      from ${schemaIdentifier(sql, tenant.schema)}.time_entries te
      join ${schemaIdentifier(sql, tenant.schema)}.locations l on l.id = te.location_id
      where te.clock_out is null
        and te.clock_in >= ${from}::date - 1 and te.clock_in < ${to}::date + 2
        and (te.clock_in at time zone l.time_zone)::date between ${from}::date and ${to}::date
        ${locationIds ? sql`and te.location_id = any(${locationIds}::uuid[])` : sql``}`,
  ]);
  const result = calculatePayroll(entries, payrollRules(settings), { reportFrom: from, reportTo: to });
  const paid = new Set(result.employees.map((e) => e.employeeId));
  const missingRates = [
    ...new Set(entries.filter((e) => e.rateMissing && paid.has(e.employeeId)).map((e) => e.employeeId)),
  ];
  return {
    ...result,
    from,
    to,
    currency: settings.currency,
    names,
    missingRates,
    openEntries: open[0]?.n ?? 0,
  };
}

async function loadNames(sql: Sql, tenant: Tenant) {
  const s = schemaIdentifier(sql, tenant.schema);
  const [employees, locations] = await Promise.all([
    sql<{ id: string; name: string }[]>`select id, name from ${s}.employees`,
    sql<{ id: string; name: string }[]>`select id, name from ${s}.locations`,
  ]);
  return {
    employees: Object.fromEntries(employees.map((e) => [e.id, e.name])),
    locations: Object.fromEntries(locations.map((l) => [l.id, l.name])),
  };
}

/**
 * The payroll as CSV for an accountant: UTF-8 with a BOM (so spreadsheets detect the encoding),
 * RFC 4180 quoting, CRLF line ends, a header row, one line per employee and location; `gross` is
 * in major units with the currency's own decimals (12.00 EUR, 1200 JPY, 12.000 KWD). A name that
 * starts like a formula (`=`, `+`, `-`, `@`) gets a leading `'`, so a spreadsheet shows it as
 * text rather than running it: names are typed in by people and imported from files (CSV injection).
 */
export function payrollCsv(report: PayrollReport): string {
  const rows = report.employees.flatMap((employee) =>
    employee.locations.map((line) => [
      employee.employeeId,
      report.names.employees[employee.employeeId] ?? '',
      line.locationId,
      report.names.locations[line.locationId] ?? '',
      report.from,
      report.to,
      line.regularMinutes,
      line.overtimeMinutes,
      line.breakMinutes,
      line.grossMinor,
      formatMinorAsDecimal(line.grossMinor, report.currency),
      report.currency,
    ]),
  );
  const header = [
    'employee_id',
    'employee_name',
    'location_id',
    'location_name',
    'period_from',
    'period_to',
    'regular_minutes',
    'overtime_minutes',
    'break_minutes',
    'gross_minor',
    'gross',
    'currency',
  ];
  return `\uFEFF${stringify([header, ...rows], {
    record_delimiter: '\r\n',
    quoted_match: /[",\r\n]/,
    escape_formulas: true,
  })}`;
}
