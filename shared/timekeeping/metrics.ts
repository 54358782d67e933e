import { type Sql, schemaIdentifier } from '../db/client';
import type { Tenant } from '../tenancy/registry';
import { localDate, month } from './calendar-input';
import { loadPayrollEntries } from './payroll';
import { calculatePayroll } from './payroll-calculator';
import { addDays, isoWeekday, localToday } from './periods';
import { getSettings, payrollRules, type Settings } from './settings';

/** A clock-in more than this long after the shift's start counts as late. */
export const LATE_GRACE_MINUTES = 5;

export const monthInput = month;
export const weekInput = localDate;

interface Figures {
  workedMinutes: number;
  overtimeMinutes: number;
  laborCostMinor: number;
}

export interface LocationWeek extends Figures {
  locationId: string;
  name: string;
  /** The location's week shown (local dates, both inclusive). */
  weekStart: string;
  weekEnd: string;
  scheduledMinutes: number;
  scheduledCostMinor: number;
  onTheClock: number;
  /** Who is clocked in there now, earliest first. */
  onTheClockNames: string[];
}

export interface WeekDashboard {
  /**
   * The week asked for; else the current week most locations are in (the earlier on a tie), as
   * locations in zones far apart can be in different weeks for a few hours; with no location,
   * the current week in UTC.
   */
  weekStart: string;
  data: LocationWeek[];
}

/**
 * The first day (a local date) of the week containing `now` in `timeZone`, for a business whose
 * weeks start on ISO weekday `weekStartsOn` (1 = Monday … 7 = Sunday).
 */
export function weekStartContaining(timeZone: string, weekStartsOn: number, now = new Date()): string {
  const today = localToday(timeZone, now);
  return addDays(today, -((isoWeekday(today) - weekStartsOn + 7) % 7));
}

/**
 * A week per location: hours and labour cost worked so far against what the schedule planned
 * (published and draft shifts; open shifts count for hours but cost nothing yet). Without
 * `weekStart`, each location shows the week containing `now` in its own time zone. `locationIds`
 * narrows the rows (a manager's locations); each row's figures are the same either way.
 */
export async function weekDashboard(
  sql: Sql,
  tenant: Tenant,
  options: { weekStart?: string; locationIds?: string[]; now?: Date } = {},
): Promise<WeekDashboard> {
  const { locationIds, now = new Date() } = options;
  const s = schemaIdentifier(sql, tenant.schema);
  const [settings, locations] = await Promise.all([
    getSettings(sql, tenant),
    sql<{ id: string; name: string; time_zone: string }[]>`
      select id, name, time_zone from ${s}.locations
      where archived_at is null ${locationIds ? sql`and id = any(${locationIds}::uuid[])` : sql``}
      order by name`,
  ]);
  const weekOf = new Map(
    locations.map((l) => [
      l.id,
      options.weekStart ?? weekStartContaining(l.time_zone, settings.weekStartsOn, now),
    ]),
  );
  const weeks = groupIds(weekOf);
  const [figures, planned] = await Promise.all([
    Promise.all(
      [...weeks].map(([weekStart, ids]) =>
        // Every location in one week and no scope: the whole tenant's entries, as before.
        figuresByLocation(sql, tenant, settings, weekStart, addDays(weekStart, 6), {
          locationIds: !locationIds && weeks.size === 1 ? undefined : ids,
        }),
      ),
    ),
    sql<{ id: string; scheduled_minutes: number; scheduled_cost: string; on_the_clock_names: string[] }[]>`
      select l.id,
             coalesce(sum(extract(epoch from sh.ends_at - sh.starts_at) / 60), 0)::int as scheduled_minutes,
             coalesce(sum(extract(epoch from sh.ends_at - sh.starts_at) / 60 * coalesce(r.hourly_rate_minor, 0) / 60), 0)::bigint as scheduled_cost,
             array(select e.name from ${s}.time_entries te join ${s}.employees e on e.id = te.employee_id
                   where te.location_id = l.id and te.clock_out is null order by te.clock_in) as on_the_clock_names
      from unnest(${[...weekOf.keys()]}::uuid[], ${[...weekOf.values()]}::date[]) as w(location_id, week_start)
      join ${s}.locations l on l.id = w.location_id
      left join ${s}.shifts sh on sh.location_id = l.id
        and (sh.starts_at at time zone l.time_zone)::date between w.week_start and w.week_start + 6
      left join lateral (
        select hourly_rate_minor from ${s}.pay_rates p
        where p.employee_id = sh.employee_id and p.effective_from <= (sh.starts_at at time zone l.time_zone)::date
        order by p.effective_from desc limit 1
      ) r on true
      group by l.id`,
  ]);
  const plannedAt = new Map(planned.map((row) => [row.id, row]));
  const figuresAt = new Map(figures.flatMap((f) => [...f.byLocation]));
  const data = locations.map((l) => {
    const plan = plannedAt.get(l.id);
    const weekStart = weekOf.get(l.id)!;
    return {
      locationId: l.id,
      name: l.name,
      weekStart,
      weekEnd: addDays(weekStart, 6),
      scheduledMinutes: plan?.scheduled_minutes ?? 0,
      scheduledCostMinor: Number(plan?.scheduled_cost ?? 0),
      onTheClock: plan?.on_the_clock_names.length ?? 0,
      onTheClockNames: plan?.on_the_clock_names ?? [],
      ...(figuresAt.get(l.id) ?? { workedMinutes: 0, overtimeMinutes: 0, laborCostMinor: 0 }),
    };
  });
  const mostShared = [...weeks].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1))[0]?.[0];
  return {
    weekStart: options.weekStart ?? mostShared ?? weekStartContaining('UTC', settings.weekStartsOn, now),
    data,
  };
}

/** The keys of `map` grouped by their value. */
function groupIds(map: Map<string, string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [id, value] of map) groups.set(value, [...(groups.get(value) ?? []), id]);
  return groups;
}

/**
 * Worked, overtime and cost from the payroll rules, per location and per employee, for local days
 * [from, to]. Overtime is per employee and week across all their locations, so `locationIds`
 * narrows what is reported, never what is counted: the employees with time at those locations are
 * calculated on all their entries, then only those locations' lines kept (and summed per
 * employee). A location's figures are therefore the same whether or not it is asked for alone.
 */
async function figuresByLocation(
  sql: Sql,
  tenant: Tenant,
  settings: Settings,
  from: string,
  to: string,
  { locationIds }: { locationIds?: string[] } = {},
) {
  const byLocation = new Map<string, Figures>();
  const byEmployee = new Map<string, Figures>();
  const employeeIds = locationIds && (await employeesWithTimeAt(sql, tenant, locationIds, from, to));
  if (employeeIds?.length === 0) return { byLocation, byEmployee, currency: settings.currency };
  const entries = await loadPayrollEntries(sql, tenant, from, to, { employeeIds });
  const result = calculatePayroll(entries, payrollRules(settings), { reportFrom: from, reportTo: to });
  const reported = locationIds && new Set(locationIds);
  const add = (
    map: Map<string, Figures>,
    key: string,
    line: { regularMinutes: number; overtimeMinutes: number; grossMinor: number },
  ) => {
    const current = map.get(key) ?? { workedMinutes: 0, overtimeMinutes: 0, laborCostMinor: 0 };
    current.workedMinutes += line.regularMinutes + line.overtimeMinutes;
    current.overtimeMinutes += line.overtimeMinutes;
    current.laborCostMinor += line.grossMinor;
    map.set(key, current);
  };
  for (const employee of result.employees) {
    for (const line of employee.locations) {
      if (reported && !reported.has(line.locationId)) continue;
      add(byLocation, line.locationId, line);
      add(byEmployee, employee.employeeId, line);
    }
  }
  return { byLocation, byEmployee, currency: settings.currency };
}

/**
 * Who has completed time at these locations that may fall on local days [from, to]: a day of
 * slack each side, as rounding can move an entry's start across midnight (the calculator then
 * drops what falls outside).
 */
async function employeesWithTimeAt(
  sql: Sql,
  tenant: Tenant,
  locationIds: string[],
  from: string,
  to: string,
): Promise<string[]> {
  const s = schemaIdentifier(sql, tenant.schema);
  const rows = await sql<{ employee_id: string }[]>`
    select distinct e.employee_id from ${s}.time_entries e
    join ${s}.locations l on l.id = e.location_id
    where e.location_id = any(${locationIds}::uuid[]) and e.clock_out is not null
      and e.clock_in >= ${from}::date - 2 and e.clock_in < ${to}::date + 3
      and (e.clock_in at time zone l.time_zone)::date between ${from}::date - 1 and ${to}::date + 1`;
  return rows.map((row) => row.employee_id);
}

export interface MonthlyMetrics {
  month: string;
  currency: string;
  totals: Figures & { lateClockIns: number; scheduledMinutes: number };
  locations: (Figures & {
    locationId: string;
    name: string;
    lateClockIns: number;
    scheduledMinutes: number;
  })[];
  employees: (Figures & { employeeId: string; name: string; lateClockIns: number })[];
}

/**
 * A month's figures for the monthly report: hours, overtime, labour cost and late clock-ins, per
 * location and per employee. A clock-in is late when it comes more than LATE_GRACE_MINUTES after
 * the start of the employee's shift at that location that day.
 */
export async function monthlyMetrics(sql: Sql, tenant: Tenant, month: string): Promise<MonthlyMetrics> {
  const from = `${monthInput.parse(month)}-01`;
  const to = addDays(`${addDays(from, 31).slice(0, 7)}-01`, -1);
  const s = schemaIdentifier(sql, tenant.schema);
  const [figures, late, names, scheduled] = await Promise.all([
    getSettings(sql, tenant).then((settings) => figuresByLocation(sql, tenant, settings, from, to)),
    sql<{ location_id: string; employee_id: string; late: number }[]>`
      select sh.location_id, sh.employee_id, count(*)::int as late
      from ${s}.shifts sh
      join ${s}.locations l on l.id = sh.location_id
      join lateral (
        select te.clock_in from ${s}.time_entries te
        where te.employee_id = sh.employee_id and te.location_id = sh.location_id
          and te.clock_in >= sh.starts_at - interval '2 hours' and te.clock_in < sh.ends_at
          -- not an entry of an earlier shift that ended before this one began
          and (te.clock_out is null or te.clock_out > sh.starts_at)
        order by te.clock_in limit 1
      ) first_in on true
      where sh.employee_id is not null and sh.published_at is not null
        and (sh.starts_at at time zone l.time_zone)::date between ${from}::date and ${to}::date
        and first_in.clock_in > sh.starts_at + make_interval(mins => ${LATE_GRACE_MINUTES})
      group by sh.location_id, sh.employee_id`,
    sql<{ kind: 'location' | 'employee'; id: string; name: string }[]>`
      select 'location' as kind, id::text, name from ${s}.locations
      union all select 'employee', id::text, name from ${s}.employees`,
    sql<{ location_id: string; minutes: number }[]>`
      select sh.location_id, sum(extract(epoch from sh.ends_at - sh.starts_at) / 60)::int as minutes
      from ${s}.shifts sh join ${s}.locations l on l.id = sh.location_id
      where (sh.starts_at at time zone l.time_zone)::date between ${from}::date and ${to}::date
      group by sh.location_id`,
  ]);
  const scheduledAt = (id: string) => scheduled.find((row) => row.location_id === id)?.minutes ?? 0;
  const name = (kind: string, id: string) => names.find((n) => n.kind === kind && n.id === id)?.name ?? '';
  const lateBy = (key: 'location_id' | 'employee_id', id: string) =>
    late.filter((row) => row[key] === id).reduce((sum, row) => sum + row.late, 0);
  const ids = (map: Map<string, Figures>, key: 'location_id' | 'employee_id', extra: string[] = []) =>
    [...new Set([...map.keys(), ...late.map((row) => row[key]), ...extra])].sort();
  const locationIds = ids(
    figures.byLocation,
    'location_id',
    scheduled.map((row) => row.location_id),
  );
  const locations = locationIds.map((id) => ({
    locationId: id,
    name: name('location', id),
    ...(figures.byLocation.get(id) ?? { workedMinutes: 0, overtimeMinutes: 0, laborCostMinor: 0 }),
    lateClockIns: lateBy('location_id', id),
    scheduledMinutes: scheduledAt(id),
  }));
  const employees = ids(figures.byEmployee, 'employee_id').map((id) => ({
    employeeId: id,
    name: name('employee', id),
    ...(figures.byEmployee.get(id) ?? { workedMinutes: 0, overtimeMinutes: 0, laborCostMinor: 0 }),
    lateClockIns: lateBy('employee_id', id),
  }));
  const sum = (key: keyof Figures | 'lateClockIns' | 'scheduledMinutes') =>
    locations.reduce((total, l) => total + l[key], 0);
  return {
    month,
    currency: figures.currency,
    totals: {
      workedMinutes: sum('workedMinutes'),
      overtimeMinutes: sum('overtimeMinutes'),
      laborCostMinor: sum('laborCostMinor'),
      lateClockIns: sum('lateClockIns'),
      scheduledMinutes: sum('scheduledMinutes'),
    },
    locations,
    employees,
  };
}
