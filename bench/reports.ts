/**
 * Monthly reports: 100 tenants (3 locations, 30 employees, a month of shifts and worked days
 * each); per report, the time to aggregate the month from the database and render the PDF, after a
 * warm-up. Also the worker Lambda bundle (which generates reports): size and cold import time in
 * a fresh Node process. Baseline in the same run: rendering alone, from data already aggregated.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleLambda } from '../infra/bundle';
import { signUp } from '../shared/auth/signup';
import type { Sql } from '../shared/db/client';
import { logger } from '../shared/logger';
import { buildReportData } from '../shared/reports/monthly-report';
import { renderMonthlyReport } from '../shared/reports/render';
import { getTenant, type Tenant } from '../shared/tenancy/registry';
import { benchDatabase, coldRuns, importTimer, round, saveResult, stats } from './lib';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
const MONTH = '2026-10';

/** One tenant with 3 sites, 30 staff and their October: shifts and entries on weekdays. */
async function seedTenant(sql: Sql, n: number): Promise<Tenant> {
  const outcome = await signUp(sql, {
    companyName: `Report Co ${n}`,
    name: 'Owner',
    email: `report-${n}-${Date.now()}@example.com`,
    password: 'correct horse battery',
  });
  if (outcome.kind !== 'created') throw new Error('seed failed');
  const tenant = await getTenant(sql, outcome.tenantId);
  const s = sql(tenant.schema);
  await sql`
    insert into ${s}.locations (name, time_zone)
    select 'Site ' || i, (array['Europe/Madrid', 'Europe/London', 'America/New_York'])[i] from generate_series(1, 3) as i`;
  await sql`
    insert into ${s}.employees (name) select 'Employee ' || lpad(i::text, 2, '0') from generate_series(1, 30) as i`;
  // Staff spread over the sites in turn.
  await sql`
    insert into ${s}.employee_locations (employee_id, location_id)
    select e.id, l.id
    from (select id, row_number() over (order by name) % 3 as slot from ${s}.employees) e
    join (select id, row_number() over (order by name) - 1 as slot from ${s}.locations) l on l.slot = e.slot`;
  await sql`insert into ${s}.pay_rates (employee_id, effective_from, hourly_rate_minor) select id, '2026-01-01', 1400 from ${s}.employees`;
  await sql`
    insert into ${s}.shifts (location_id, employee_id, starts_at, ends_at, published_at)
    select el.location_id, el.employee_id, (d + time '08:00') at time zone l.time_zone, (d + time '16:00') at time zone l.time_zone, now()
    from ${s}.employee_locations el join ${s}.locations l on l.id = el.location_id,
         generate_series(date '2026-10-01', date '2026-10-31', interval '1 day') as d
    where extract(isodow from d) < 6`;
  await sql`
    insert into ${s}.time_entries (employee_id, location_id, clock_in, clock_out, source)
    select sh.employee_id, sh.location_id, sh.starts_at + make_interval(mins => (random() * 12)::int),
           sh.ends_at + make_interval(mins => (random() * 90)::int), 'kiosk'
    from ${s}.shifts sh`;
  return tenant;
}

async function workerBundle() {
  const dir = await mkdtemp(join(tmpdir(), 'rota-worker-bundle-'));
  await bundleLambda('functions/queues/worker.ts', dir);
  const outfile = join(dir, 'index.mjs');
  const bytes = await readFile(outfile);
  const coldImport = stats(coldRuns(importTimer(outfile), 10));
  await rm(dir, { recursive: true, force: true });
  return { bytes: bytes.length, gzip_bytes: gzipSync(bytes).length, cold_import: coldImport };
}

export async function runReportsBench(): Promise<void> {
  logger.setLogLevel('SILENT');
  const db = await benchDatabase(4);
  try {
    const seedStarted = performance.now();
    const tenants: Tenant[] = [];
    for (let n = 0; n < TENANTS; n++) tenants.push(await seedTenant(db.sql, n));
    const seedMs = round(performance.now() - seedStarted);

    for (const tenant of tenants.slice(0, 3))
      await renderMonthlyReport(await buildReportData(db.sql, tenant, MONTH));
    const full: number[] = [];
    const renderOnly: number[] = [];
    let pdfBytes = 0;
    for (const tenant of tenants) {
      const started = performance.now();
      const data = await buildReportData(db.sql, tenant, MONTH);
      const pdf = await renderMonthlyReport(data);
      full.push(performance.now() - started);
      pdfBytes += pdf.length;
      const renderStarted = performance.now();
      await renderMonthlyReport(data);
      renderOnly.push(performance.now() - renderStarted);
    }
    await saveResult({
      name: 'reports',
      postgresVersion: db.postgresVersion,
      params: {
        tenants: TENANTS,
        month: MONTH,
        locationsPerTenant: 3,
        employeesPerTenant: 30,
        seed_ms: seedMs,
      },
      metrics: {
        per_report: stats(full),
        mean_pdf_bytes: Math.round(pdfBytes / TENANTS),
        worker_bundle: await workerBundle(),
      },
      baseline: {
        what: 'rendering alone, from the same aggregated data',
        metrics: { render_only: stats(renderOnly) },
      },
      target: { per_report_p95_ms: 150 },
    });
  } finally {
    await db.close();
  }
}
