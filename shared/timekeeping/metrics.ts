import { type Sql, schemaIdentifier } from '../db/client';
import type { Tenant } from '../tenancy/registry';
import { localDate, month } from './calendar-input';
import { loadPayrollEntries } from './payroll';
import { calculatePayroll } from './payroll-calculator';
import { addDays } from './periods';
import { getSettings, payrollRules } from './settings';

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
  scheduledMinutes: number;
  scheduledCostMinor: number;
  onTheClock: number;
  /** Who is clocked in there now, earliest first. */
  onTheClockNames: string[];
}

/**
 * This week per location: hours and labour cost worked so far against what the schedule planned
 * (published and draft shifts; open shifts count for hours but cost nothing yet).
 */
export async function weekDashboard(
  sql: Sql,
  tenant: Tenant,
  weekStart: string,
  locationIds?: string[],
): Promise<LocationWeek[]> {
  const weekEnd = addDays(weekStart, 6);
  const s = schemaIdentifier(sql, tenant.schema);
  const [figures, planned] = await Promise.all([
    figuresByLocation(sql, tenant, weekStart, weekEnd, locationIds),
    sql<
      {
        id: string;
        name: string;
        scheduled_minutes: number;
        scheduled_cost: string;
        on_the_clock_names: string[];
      }[]
    >`
      select l.id, l.name,
             coalesce(sum(extract(epoch from sh.ends_at - sh.starts_at) / 60), 0)::int as scheduled_minutes,
             coalesce(sum(extract(epoch from sh.ends_at - sh.starts_at) / 60 * coalesce(r.hourly_rate_minor, 0) / 60), 0)::bigint as scheduled_cost,
             array(select e.name from ${s}.time_entries te join ${s}.employees e on e.id = te.employee_id
                   where te.location_id = l.id and te.clock_out is null order by te.clock_in) as on_the_clock_names
      from ${s}.locations l
      left join ${s}.shifts sh on sh.location_id = l.id
        and (sh.starts_at at time zone l.time_zone)::date between ${weekStart}::date and ${weekEnd}::date
      left join lateral (
        select hourly_rate_minor from ${s}.pay_rates p
        where p.employee_id = sh.employee_id and p.effective_from <= (sh.starts_at at time zone l.time_zone)::date
        order by p.effective_from desc limit 1
      ) r on true
      where l.archived_at is null ${locationIds ? sql`and l.id = any(${locationIds}::uuid[])` : sql``}
      group by l.id, l.name
      order by l.name`,
  ]);
  return planned.map((row) => ({
    locationId: row.id,
    name: row.name,
    scheduledMinutes: row.scheduled_minutes,
    scheduledCostMinor: Number(row.scheduled_cost),
    onTheClock: row.on_the_clock_names.length,
    onTheClockNames: row.on_the_clock_names,
    ...(figures.byLocation.get(row.id) ?? { workedMinutes: 0, overtimeMinutes: 0, laborCostMinor: 0 }),
  }));
}

/** Worked, overtime and cost from the payroll rules, per location and per employee, for [from, to]. */
async function figuresByLocation(sql: Sql, tenant: Tenant, from: string, to: string, locationIds?: string[]) {
  const [settings, entries] = await Promise.all([
    getSettings(sql, tenant),
    loadPayrollEntries(sql, tenant, from, to, { locationIds }),
  ]);
  const result = calculatePayroll(entries, payrollRules(settings), { reportFrom: from, reportTo: to });
  const byLocation = new Map<string, Figures>();
  const byEmployee = new Map<string, Figures>();
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
    add(byEmployee, employee.employeeId, employee);
    for (const line of employee.locations) add(byLocation, line.locationId, line);
  }
  return { byLocation, byEmployee, currency: settings.currency };
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
    figuresByLocation(sql, tenant, from, to),
    sql<{ location_id: string; employee_id: string; late: number }[]>`
      select sh.location_id, sh.employee_id, count(*)::int as late
      from ${s}.shifts sh
      join ${s}.locations l on l.id = sh.location_id
      join lateral (
        select te.clock_in from ${s}.time_entries te
        where te.employee_id = sh.employee_id and te.location_id = sh.location_id
          and te.clock_in >= sh.starts_at - interval '2 hours' and te.clock_in < sh.ends_at
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
