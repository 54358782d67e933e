/**
 * Payroll for a month: one tenant, 3 locations in 3 time zones, 500 employees (a fifth of them with
 * a rate change mid-month), ~22 working days each of 7–10 hours with rounding, unpaid breaks, and
 * daily and weekly overtime. Measures the calculation alone, loading the entries, and the API end to
 * end (JSON and CSV), interleaved with the baseline: one bare SQL aggregate of worked minutes.
 */
// First: it adds .openapi() to zod, which the route modules call on schemas built at import time.
import '@hono/zod-openapi';
import { createApiKey } from '../shared/auth/api-keys';
import { signUp } from '../shared/auth/signup';
import type { Sql } from '../shared/db/client';
import { createApp } from '../shared/http/app';
import { logger } from '../shared/logger';
import { getTenant, type Tenant } from '../shared/tenancy/registry';
import { createEmployee, setPayRate } from '../shared/timekeeping/employees';
import { createLocation } from '../shared/timekeeping/locations';
import { loadPayrollEntries } from '../shared/timekeeping/payroll';
import { calculatePayroll } from '../shared/timekeeping/payroll-calculator';
import { getSettings, payrollRules, updateSettings } from '../shared/timekeeping/settings';
import { benchDatabase, round, saveResult, stats } from './lib';

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 500);
const SAMPLES = 20;
/** Samples of each of the other manager reads (timesheets, dashboard, monthly metrics). */
const READ_SAMPLES = 10;
const CALC_SAMPLES = 50;
const WARMUP = 3;
const FROM = '2026-03-01';
const TO = '2026-03-31';
/** Entries start a week earlier: the weekly overtime threshold sees the whole first week. */
const FIRST_DAY = '2026-02-23';
const RATE_CHANGE_DAY = '2026-03-16';
/** A Monday in the month: a weekly pay period (anchored on Monday 2026-01-05) and a week. */
const WEEK = '2026-03-09';
const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York'];

async function seed(sql: Sql) {
  const outcome = await signUp(sql, {
    companyName: 'Payroll Bench',
    name: 'Owner',
    email: `owner-${Date.now()}@payroll-bench.example.com`,
    password: 'correct horse battery',
  });
  if (outcome.kind !== 'created') throw new Error('bench sign-up failed');
  await sql`update platform."user" set "emailVerified" = true where id = ${outcome.userId}`;
  // A chain with 500 staff pays for the Business plan (Pro allows 50 active employees).
  await sql`update platform.subscriptions set plan = 'business', status = 'active' where tenant_id = ${outcome.tenantId}`;
  const tenant = await getTenant(sql, outcome.tenantId);
  const { token } = await createApiKey(sql, tenant, outcome.userId, { name: 'bench', role: 'admin' });

  const settings = await getSettings(sql, tenant);
  await updateSettings(sql, tenant, {
    ...settings,
    overtime: { dailyThresholdMinutes: 480, weeklyThresholdMinutes: 2400, multiplier: 1.5 },
    rounding: { minutes: 5, mode: 'nearest' },
    breaksPaid: false,
  });

  const locations: string[] = [];
  for (const timeZone of ZONES) {
    locations.push((await createLocation(sql, tenant, { name: timeZone, timeZone })).id);
  }
  // Each employee works at one site; every tenth also at a second one (alternate days).
  const staff: { id: string; home: string; second: string; rate: number }[] = [];
  for (let i = 0; i < EMPLOYEES; i += 10) {
    const batch = Array.from({ length: Math.min(10, EMPLOYEES - i) }, (_, k) => i + k);
    const created = await Promise.all(
      batch.map(async (n) => {
        const home = locations[n % 3]!;
        const second = n % 10 === 0 ? locations[(n + 1) % 3]! : home;
        const rate = 1100 + (n % 40) * 25;
        const employee = await createEmployee(sql, tenant, {
          name: `Employee ${n}`,
          locationIds: second === home ? [home] : [home, second],
          hourlyRateMinor: rate,
          rateEffectiveFrom: '2026-01-01',
        });
        if (n % 5 === 0) {
          await setPayRate(sql, tenant, employee.id, {
            hourlyRateMinor: rate + 120,
            effectiveFrom: RATE_CHANGE_DAY,
          });
        }
        return { id: employee.id, home, second, rate };
      }),
    );
    staff.push(...created);
  }

  const s = sql(tenant.schema);
  await sql.begin(async (tx) => {
    await tx`select setseed(0.42)`;
    // Weekdays only; start between 06:00 and 09:00 local (with seconds), 7 to 10 hours long.
    await tx`
      with staff as (
        select * from unnest(${staff.map((e) => e.id)}::uuid[], ${staff.map((e) => e.home)}::uuid[],
                             ${staff.map((e) => e.second)}::uuid[]) as t(employee_id, home, second)
      ), days as (
        select d::date as day from generate_series(${FIRST_DAY}::date, ${TO}::date, interval '1 day') d
        where extract(isodow from d) < 6
      ), planned as (
        select st.employee_id,
               case when extract(day from d.day)::int % 2 = 1 then st.second else st.home end as location_id,
               d.day,
               interval '6 hours' + random() * interval '3 hours' as starts,
               interval '7 hours' + random() * interval '3 hours' as length
        from staff st cross join days d
      )
      insert into ${s}.time_entries (employee_id, location_id, clock_in, clock_out, source)
      select p.employee_id, p.location_id, (p.day + p.starts) at time zone l.time_zone,
             ((p.day + p.starts) at time zone l.time_zone) + p.length, 'kiosk'
      from planned p join ${s}.locations l on l.id = p.location_id`;
    // Half the entries have a 30-minute break in the middle.
    await tx`
      insert into ${s}.breaks (time_entry_id, starts_at, ends_at)
      select id, clock_in + (clock_out - clock_in) / 2, clock_in + (clock_out - clock_in) / 2 + interval '30 minutes'
      from ${s}.time_entries where random() < 0.5`;
  });
  await sql`analyze ${s}.time_entries`;
  await sql`analyze ${s}.breaks`;
  await sql`analyze ${s}.pay_rates`;
  return { tenant, token };
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

async function counts(sql: Sql, tenant: Tenant) {
  const s = sql(tenant.schema);
  const [row] = await sql<{ entries: number; in_month: number; breaks: number; rate_changes: number }[]>`
    select (select count(*)::int from ${s}.time_entries) as entries,
           (select count(*)::int from ${s}.time_entries where clock_in >= ${FROM}::date and clock_in < ${TO}::date + 1) as in_month,
           (select count(*)::int from ${s}.breaks) as breaks,
           (select count(*)::int from ${s}.pay_rates where effective_from = ${RATE_CHANGE_DAY}::date) as rate_changes`;
  return row!;
}

export async function runPayrollBench(): Promise<void> {
  logger.setLogLevel('SILENT');
  const db = await benchDatabase(6);
  try {
    const seedStarted = performance.now();
    const { tenant, token } = await seed(db.sql);
    const seedMs = round(performance.now() - seedStarted);
    const seeded = await counts(db.sql, tenant);
    const app = createApp({ sql: db.sql });
    const s = db.sql(tenant.schema);

    // (a) The calculation alone, on entries loaded once.
    const rules = payrollRules(await getSettings(db.sql, tenant));
    const entries = await loadPayrollEntries(db.sql, tenant, FROM, TO);
    const window = { reportFrom: FROM, reportTo: TO };
    let result = calculatePayroll(entries, rules, window);
    for (let i = 0; i < WARMUP + 2; i++) result = calculatePayroll(entries, rules, window);
    const calculation: number[] = [];
    for (let i = 0; i < CALC_SAMPLES; i++) {
      const started = performance.now();
      result = calculatePayroll(entries, rules, window);
      calculation.push(performance.now() - started);
    }

    // (b) End to end through the API, the entry load alone, and the bare aggregate, interleaved.
    const request = async (format: 'json' | 'csv') => {
      const response = await app.request(`/api/v1/payroll?from=${FROM}&to=${TO}&format=${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`payroll ${format} answered ${response.status}: ${body}`);
      return body;
    };
    const bare = () => db.sql`
      select employee_id, sum(extract(epoch from clock_out - clock_in) / 60)::bigint as minutes
      from ${s}.time_entries
      where clock_out is not null and clock_in >= ${FROM}::date and clock_in < ${TO}::date + 1
      group by employee_id`;
    const samples = { json: [] as number[], csv: [] as number[], load: [] as number[], bare: [] as number[] };
    let jsonBody = '';
    let csvBody = '';
    let bareRows = 0;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const [bareMs, rows] = await timed(bare);
      const [jsonMs, json] = await timed(() => request('json'));
      const [loadMs] = await timed(() => loadPayrollEntries(db.sql, tenant, FROM, TO));
      const [csvMs, csv] = await timed(() => request('csv'));
      if (i < WARMUP) continue;
      samples.bare.push(bareMs);
      samples.json.push(jsonMs);
      samples.load.push(loadMs);
      samples.csv.push(csvMs);
      [jsonBody, csvBody, bareRows] = [json, csv, rows.length];
    }

    // (c) The manager's other reads of the same month: a weekly period's timesheets, the
    // dashboard's week and the monthly report's metrics, alternated.
    const reads = {
      // Every employee on one page (the largest), as the web app asks for them.
      timesheets: `/api/v1/timesheets?periodStart=${WEEK}&limit=500`,
      dashboard: `/api/v1/dashboard?weekStart=${WEEK}`,
      metrics: `/api/v1/metrics/monthly?month=${FROM.slice(0, 7)}`,
    };
    const readSamples = { timesheets: [] as number[], dashboard: [] as number[], metrics: [] as number[] };
    for (let i = 0; i < WARMUP + READ_SAMPLES; i++) {
      for (const [name, path] of Object.entries(reads) as [keyof typeof reads, string][]) {
        const [ms, response] = await timed(async () => {
          const answer = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
          return { status: answer.status, body: await answer.text() };
        });
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.body}`);
        if (i >= WARMUP) readSamples[name].push(ms);
      }
    }

    const report = JSON.parse(jsonBody) as {
      employees: unknown[];
      missingRates: unknown[];
      totals: Record<string, number>;
    };
    if (report.totals.grossMinor !== result.totals.grossMinor)
      throw new Error('API and calculator disagree on the gross total');
    const calc = stats(calculation);
    const json = stats(samples.json);
    const csv = stats(samples.csv);
    const load = stats(samples.load);
    const baseline = stats(samples.bare);
    await saveResult({
      name: 'payroll',
      postgresVersion: db.postgresVersion,
      params: {
        employees: EMPLOYEES,
        locations: ZONES,
        month: `${FROM}..${TO}`,
        entries_in_month: seeded.in_month,
        entries_loaded_incl_week_before: entries.length,
        entries_with_break: seeded.breaks,
        rate_changes_mid_month: seeded.rate_changes,
        rules: 'daily 480 min, weekly 2400 min, x1.5, round 5 min nearest, unpaid breaks',
        samples: SAMPLES,
        other_read_samples: READ_SAMPLES,
        calculation_samples: CALC_SAMPLES,
        warmup: WARMUP,
        seed_ms: seedMs,
      },
      metrics: {
        calculation: calc,
        load_entries: load,
        api_json: json,
        api_csv: csv,
        json_bytes: Buffer.byteLength(jsonBody),
        csv_bytes: Buffer.byteLength(csvBody),
        employees_paid: report.employees.length,
        missing_rates: report.missingRates.length,
        overtime_minutes: result.totals.overtimeMinutes,
        regular_minutes: result.totals.regularMinutes,
        api_timesheets_week: stats(readSamples.timesheets),
        api_dashboard_week: stats(readSamples.dashboard),
        api_metrics_month: stats(readSamples.metrics),
        ratio_api_json_p50_vs_baseline: round(json.p50_ms / baseline.p50_ms),
        ratio_calculation_p50_vs_baseline: round(calc.p50_ms / baseline.p50_ms),
      },
      baseline: {
        what: 'one bare SQL aggregate: sum(clock_out - clock_in) minutes per employee for the (UTC) month',
        metrics: { ...baseline, rows: bareRows },
      },
      target: { calculation_p95_ms: 100, api_p95_ms: 1000, other_reads_p95_ms: 1000 },
    });
  } finally {
    await db.close();
  }
}
