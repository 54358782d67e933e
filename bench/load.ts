/**
 * HTTP under load: the real app (createApp) behind a real HTTP server on loopback, against a bare
 * Hono server doing the same single query per request (no auth, no tenancy, no validation, one
 * fixed schema), interleaved baseline, platform, baseline, platform. Routes: listing a week of
 * shifts (admin keys of 3 tenants in rotation) and clock-in/clock-out (one employee per connection).
 *
 * Both servers run in one child process (this file, started with BENCH_LOAD_SERVER=1) so the load
 * generator does not share their event loop; the platform's pool counts every query it sends.
 */
// First: it adds .openapi() to zod, which the route modules call on schemas built at import time.
import '@hono/zod-openapi';
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import postgres from 'postgres';
import { createApiKey } from '../shared/auth/api-keys';
import { signUp } from '../shared/auth/signup';
import { createSql, type Sql } from '../shared/db/client';
import { createApp } from '../shared/http/app';
import { freePort } from '../shared/local/postgres';
import { logger } from '../shared/logger';
import { getTenant, type Tenant } from '../shared/tenancy/registry';
import { createEmployee } from '../shared/timekeeping/employees';
import { createLocation } from '../shared/timekeeping/locations';
import { benchDatabase, saveResult } from './lib';

const TENANTS = 3;
const EMPLOYEES_PER_TENANT = 30;
const SHIFTS_PER_TENANT = 50;
const CONNECTIONS = 10;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = 3;
/** The shifts route once more with one connection: per-request cost without queueing. */
const SINGLE_DURATION_S = Math.max(1, Math.round(DURATION_S / 2));
const POOL = 10;
const WEEK_FROM = '2026-06-01T00:00:00.000Z';
const WEEK_TO = '2026-06-08T00:00:00.000Z';
const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York'];

interface SeededTenant {
  tenant: Tenant;
  locationId: string;
  adminToken: string;
  employees: { id: string; token: string }[];
}

/** What the child needs to serve the baseline: one fixed tenant schema. */
interface ServerConfig {
  url: string;
  schema: string;
}

type ToChild = { cmd: 'reset' } | { cmd: 'read' } | { cmd: 'stop' };
type FromChild =
  | { kind: 'ready'; platformPort: number; baselinePort: number }
  | { kind: 'counts'; queries: number; requests: number; cpuMicros: number; texts: Record<string, number> }
  | { kind: 'ok' };

// ---------------------------------------------------------------------------------------------
// The child: both servers.

/** A query's text with whitespace collapsed and the tenant schema replaced, cut to 90 characters. */
function queryKey(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/"t_[a-z0-9]+"/g, '"<tenant>"')
    .trim()
    .slice(0, 90);
}

async function runServers(config: ServerConfig): Promise<void> {
  logger.setLogLevel('SILENT');
  let queries = 0;
  let requests = 0;
  let texts = new Map<string, number>();
  let cpu = process.cpuUsage();
  // The same options as createSql, plus a counter of every query sent.
  const platformSql = postgres(config.url, {
    max: POOL,
    prepare: true,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'rota-bench-platform' },
    debug: (_connection, query) => {
      queries++;
      const key = queryKey(query);
      texts.set(key, (texts.get(key) ?? 0) + 1);
    },
  });
  const baselineSql = createSql(config.url, { max: POOL });
  const app = createApp({ sql: platformSql });

  const bare = new Hono();
  const s = baselineSql(config.schema);
  bare.get('/shifts', async (c) => {
    const rows = await baselineSql`
      select id, location_id as "locationId", employee_id as "employeeId", starts_at as "startsAt",
             ends_at as "endsAt", role, notes, published_at is not null as published
      from ${s}.shifts
      where location_id = ${c.req.query('locationId') ?? ''} and starts_at >= ${c.req.query('from') ?? ''}
        and starts_at < ${c.req.query('to') ?? ''}
      order by starts_at`;
    return c.json({ data: rows });
  });
  const entryColumns = baselineSql`
    id, employee_id as "employeeId", location_id as "locationId", clock_in as "clockIn",
    clock_out as "clockOut", source`;
  bare.post('/clock-in', async (c) => {
    const { employeeId, locationId } = await c.req.json<{ employeeId: string; locationId: string }>();
    const [row] = await baselineSql`
      insert into ${s}.time_entries (employee_id, location_id, clock_in, source)
      values (${employeeId}, ${locationId}, now(), 'self')
      on conflict (employee_id) where clock_out is null do nothing
      returning ${entryColumns}`;
    return row ? c.json(row) : c.json({ error: 'already clocked in' }, 409);
  });
  bare.post('/clock-out', async (c) => {
    const { employeeId } = await c.req.json<{ employeeId: string }>();
    const [row] = await baselineSql`
      update ${s}.time_entries set clock_out = now(), updated_at = now()
      where employee_id = ${employeeId} and clock_out is null
      returning ${entryColumns}`;
    return row ? c.json(row) : c.json({ error: 'not clocked in' }, 409);
  });

  const [platformPort, baselinePort] = [await freePort(), await freePort()];
  const platformServer = serve({
    fetch: (request, env) => {
      requests++;
      return app.fetch(request, env);
    },
    port: platformPort,
    hostname: '127.0.0.1',
  });
  const baselineServer = serve({ fetch: bare.fetch, port: baselinePort, hostname: '127.0.0.1' });

  const send = (message: FromChild) => process.send?.(message);
  process.on('message', async (message: ToChild) => {
    if (message.cmd === 'reset') {
      [queries, requests, texts, cpu] = [0, 0, new Map(), process.cpuUsage()];
      send({ kind: 'ok' });
    } else if (message.cmd === 'read') {
      const used = process.cpuUsage(cpu);
      const cpuMicros = used.user + used.system;
      send({ kind: 'counts', queries, requests, cpuMicros, texts: Object.fromEntries(texts) });
    } else if (message.cmd === 'stop') {
      platformServer.close();
      baselineServer.close();
      await Promise.all([platformSql.end({ timeout: 5 }), baselineSql.end({ timeout: 5 })]);
      send({ kind: 'ok' });
      process.exit(0);
    }
  });
  send({ kind: 'ready', platformPort, baselinePort });
}

if (process.env.BENCH_LOAD_SERVER === '1') {
  runServers(JSON.parse(process.env.BENCH_LOAD_CONFIG ?? '{}') as ServerConfig).catch((error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  });
}

// ---------------------------------------------------------------------------------------------
// The parent: seeding, the load generator, the report.

class ServerProcess {
  private waiting: ((message: FromChild) => void)[] = [];
  private constructor(private child: ChildProcess) {
    child.on('message', (message: FromChild) => this.waiting.shift()?.(message));
  }

  static async start(config: ServerConfig) {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: {
        ...process.env,
        BENCH_LOAD_SERVER: '1',
        BENCH_LOAD_CONFIG: JSON.stringify(config),
        LOG_LEVEL: 'SILENT',
      },
    });
    const server = new ServerProcess(child);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`))),
    );
    const ready = await Promise.race([server.next(), exited]);
    if (ready.kind !== 'ready') throw new Error('bench server did not start');
    return { server, ready };
  }

  next(): Promise<FromChild> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async ask(message: ToChild): Promise<FromChild> {
    const reply = this.next();
    this.child.send(message);
    return reply;
  }

  async counts() {
    const reply = await this.ask({ cmd: 'read' });
    if (reply.kind !== 'counts') throw new Error('unexpected reply');
    return reply;
  }

  async stop() {
    if (this.child.exitCode === null) await this.ask({ cmd: 'stop' });
  }

  kill() {
    if (this.child.exitCode === null) this.child.kill();
  }
}

async function seedTenant(sql: Sql, index: number): Promise<SeededTenant> {
  const outcome = await signUp(sql, {
    companyName: `Load Bench ${index}`,
    name: 'Owner',
    email: `owner-${randomBytes(4).toString('hex')}@load-bench.example.com`,
    password: 'correct horse battery',
  });
  if (outcome.kind !== 'created') throw new Error('bench sign-up failed');
  await sql`update platform."user" set "emailVerified" = true where id = ${outcome.userId}`;
  const tenant = await getTenant(sql, outcome.tenantId);
  const { token: adminToken } = await createApiKey(sql, tenant, outcome.userId, {
    name: 'bench admin',
    role: 'admin',
  });
  const zone = ZONES[index % ZONES.length]!;
  const { id: locationId } = await createLocation(sql, tenant, { name: zone, timeZone: zone });
  const employees: SeededTenant['employees'] = [];
  for (let i = 0; i < EMPLOYEES_PER_TENANT; i++) {
    const employee = await createEmployee(sql, tenant, {
      name: `Employee ${i}`,
      locationIds: [locationId],
      hourlyRateMinor: 1200,
      rateEffectiveFrom: '2026-01-01',
    });
    // As test/helpers/business.ts addMember: a verified user, an employee membership, their key.
    const userId = randomBytes(12).toString('hex');
    await sql`
      insert into platform."user" (id, name, email, "emailVerified")
      values (${userId}, ${`Employee ${i}`}, ${`${userId}@load-bench.example.com`}, true)`;
    await sql`
      insert into platform.member (id, "organizationId", "userId", role, "createdAt")
      values (${randomBytes(12).toString('hex')}, ${tenant.id}, ${userId}, 'employee', now())`;
    await sql`update ${sql(tenant.schema)}.employees set user_id = ${userId} where id = ${employee.id}`;
    const { token } = await createApiKey(sql, tenant, userId, { name: `employee ${i}`, role: 'employee' });
    employees.push({ id: employee.id, token });
  }
  // A published week: ~7 shifts a day at 08:00, 12:00 or 16:00 UTC, 4 to 8 hours long.
  const week = Date.parse(WEEK_FROM);
  const shifts = Array.from({ length: SHIFTS_PER_TENANT }, (_, n) => {
    const startsAt = new Date(week + (n % 7) * 86_400_000 + (8 + (n % 3) * 4) * 3_600_000);
    return {
      location_id: locationId,
      employee_id: employees[n % employees.length]!.id,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + (4 + (n % 5)) * 3_600_000),
      published_at: new Date(),
    };
  });
  await sql`insert into ${sql(tenant.schema)}.shifts ${sql(shifts)}`;
  await sql`analyze ${sql(tenant.schema)}.shifts`;
  return { tenant, locationId, adminToken, employees };
}

/** Nearest-rank percentile, in ms to 0.01. */
function percentile(sorted: number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return Math.round(value * 100) / 100;
}

interface RunFigures {
  req_per_s: number;
  requests: number;
  /** autocannon's own percentiles (its histogram keeps whole milliseconds). */
  autocannon_p50_ms: number;
  autocannon_p99_ms: number;
  /** The same responses' times to 0.01 ms, from autocannon's per-response event. */
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
  /** CPU time of the server process (both servers live there; one is idle) per response. */
  server_cpu_us_per_request?: number;
  /** Platform only: statements its pool sent per request it received. */
  queries_per_request?: number;
}

function cannon(
  url: string,
  duration: number,
  setupClient: (client: autocannon.Client) => void,
  connections = CONNECTIONS,
): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const statuses: Record<string, number> = {};
    const instance = autocannon(
      { url, connections, duration, setupClient },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error);
        times.sort((a, b) => a - b);
        resolve({
          req_per_s: Math.round(result.requests.average),
          requests: result.requests.total,
          autocannon_p50_ms: result.latency.p50,
          autocannon_p99_ms: result.latency.p99,
          p50_ms: percentile(times, 50),
          p99_ms: percentile(times, 99),
          non2xx: result.non2xx,
          errors: result.errors,
          statuses,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      times.push(ms);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}

/** Hands each new connection the next entry of `perConnection`, round robin. */
function connections(perConnection: autocannon.Request[][]) {
  let next = 0;
  return (client: autocannon.Client) => {
    client.setRequests(perConnection[next++ % perConnection.length]!);
  };
}

const mean = (values: number[]) =>
  Math.round((values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)) * 100) / 100;

function summary(runs: RunFigures[]) {
  return {
    runs,
    req_per_s_mean: mean(runs.map((r) => r.req_per_s)),
    p50_ms_mean: mean(runs.map((r) => r.p50_ms)),
    p99_ms_mean: mean(runs.map((r) => r.p99_ms)),
    server_cpu_us_per_request_mean: mean(runs.map((r) => r.server_cpu_us_per_request ?? 0)),
    non2xx_total: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors_total: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

function comparison(platform: ReturnType<typeof summary>, baseline: ReturnType<typeof summary>) {
  return {
    p99_added_ms: round2(platform.p99_ms_mean - baseline.p99_ms_mean),
    p50_added_ms: round2(platform.p50_ms_mean - baseline.p50_ms_mean),
    server_cpu_added_us_per_request: round2(
      platform.server_cpu_us_per_request_mean - baseline.server_cpu_us_per_request_mean,
    ),
    req_per_s_ratio_platform_vs_baseline: round2(platform.req_per_s_mean / baseline.req_per_s_mean),
    p99_added_ms_per_pair: platform.runs.map((run, i) =>
      round2(run.p99_ms - (baseline.runs[i]?.p99_ms ?? 0)),
    ),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoadBench(): Promise<void> {
  logger.setLogLevel('SILENT');
  const db = await benchDatabase(4);
  let server: ServerProcess | undefined;
  try {
    const tenants: SeededTenant[] = [];
    for (let i = 0; i < TENANTS; i++) tenants.push(await seedTenant(db.sql, i));
    const fixed = tenants[0]!;
    const started = await ServerProcess.start({ url: db.url, schema: fixed.tenant.schema });
    server = started.server;
    const platformUrl = `http://127.0.0.1:${started.ready.platformPort}`;
    const baselineUrl = `http://127.0.0.1:${started.ready.baselinePort}`;

    // --- Shifts: the same week of one location, through the platform and the bare server.
    const week = `from=${encodeURIComponent(WEEK_FROM)}&to=${encodeURIComponent(WEEK_TO)}`;
    const platformShifts: autocannon.Request[] = tenants.map((t) => ({
      method: 'GET',
      path: `/api/v1/shifts?${week}&locationId=${t.locationId}`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    }));
    const baselineShifts: autocannon.Request[] = [
      { method: 'GET', path: `/shifts?${week}&locationId=${fixed.locationId}` },
    ];
    // Both answer the same 50 shifts.
    const check = async (url: string, request: autocannon.Request) => {
      const response = await fetch(`${url}${request.path}`, {
        headers: request.headers as Record<string, string>,
      });
      const body = (await response.json()) as { data: unknown[] };
      if (response.status !== 200 || body.data.length !== SHIFTS_PER_TENANT)
        throw new Error(`${url}${request.path} answered ${response.status} with ${body.data?.length} shifts`);
      return body.data.length;
    };
    await check(platformUrl, platformShifts[0]!);
    await check(baselineUrl, baselineShifts[0]!);

    // Every connection cycles through the three tenants' keys, in a different starting order.
    const shiftsPlatform = connections(
      platformShifts.map((_, i) => [...platformShifts.slice(i), ...platformShifts.slice(0, i)]),
    );
    const shiftsBaseline = connections([baselineShifts]);

    /** One measured run, with the server's CPU time and (platform) statements per request. */
    const measured = async (
      url: string,
      setupClient: (client: autocannon.Client) => void,
      [connectionCount, duration] = [CONNECTIONS, DURATION_S],
    ) => {
      await server!.ask({ cmd: 'reset' });
      const figures = await cannon(url, duration, setupClient, connectionCount);
      await pause(100);
      const counts = await server!.counts();
      figures.server_cpu_us_per_request = Math.round(counts.cpuMicros / figures.requests);
      if (url === platformUrl) figures.queries_per_request = round2(counts.queries / counts.requests);
      return figures;
    };

    const platformShiftRuns: RunFigures[] = [];
    const baselineShiftRuns: RunFigures[] = [];
    await cannon(baselineUrl, WARMUP_S, shiftsBaseline);
    await cannon(platformUrl, WARMUP_S, shiftsPlatform);
    for (let pass = 0; pass < 2; pass++) {
      baselineShiftRuns.push(await measured(baselineUrl, shiftsBaseline));
      platformShiftRuns.push(await measured(platformUrl, shiftsPlatform));
    }
    const single: [number, number] = [1, SINGLE_DURATION_S];
    const platformSingleRuns: RunFigures[] = [];
    const baselineSingleRuns: RunFigures[] = [];
    await cannon(baselineUrl, 2, shiftsBaseline, 1);
    await cannon(platformUrl, 2, shiftsPlatform, 1);
    for (let pass = 0; pass < 2; pass++) {
      baselineSingleRuns.push(await measured(baselineUrl, shiftsBaseline, single));
      platformSingleRuns.push(await measured(platformUrl, shiftsPlatform, single));
    }

    // --- Clock-in / clock-out: each connection alternates the two for its own employee.
    const closeOpenEntries = async () => {
      await pause(300); // requests still in flight when a run stops
      for (const t of tenants)
        await db.sql`update ${db.sql(t.tenant.schema)}.time_entries set clock_out = now() where clock_out is null`;
    };
    const json = { 'content-type': 'application/json' };
    /** Clock-in then clock-out as one employee, with their own key. */
    const clockPair = (t: SeededTenant, employee: { token: string }): autocannon.Request[] => {
      const headers = { ...json, authorization: `Bearer ${employee.token}` };
      return [
        {
          method: 'POST',
          path: '/api/v1/time-entries/clock-in',
          headers,
          body: JSON.stringify({ locationId: t.locationId }),
        },
        { method: 'POST', path: '/api/v1/time-entries/clock-out', headers, body: '{}' },
      ];
    };
    const platformClock = connections(
      Array.from({ length: CONNECTIONS }, (_, k) => {
        const t = tenants[k % TENANTS]!;
        return clockPair(t, t.employees[Math.floor(k / TENANTS)]!);
      }),
    );
    const baselineClock = connections(
      Array.from({ length: CONNECTIONS }, (_, k) => {
        const employeeId = fixed.employees[k]!.id;
        return [
          {
            method: 'POST',
            path: '/clock-in',
            headers: json,
            body: JSON.stringify({ employeeId, locationId: fixed.locationId }),
          },
          { method: 'POST', path: '/clock-out', headers: json, body: JSON.stringify({ employeeId }) },
        ];
      }),
    );
    const platformClockRuns: RunFigures[] = [];
    const baselineClockRuns: RunFigures[] = [];
    await cannon(baselineUrl, WARMUP_S, baselineClock);
    await closeOpenEntries();
    await cannon(platformUrl, WARMUP_S, platformClock);
    for (let pass = 0; pass < 2; pass++) {
      await closeOpenEntries();
      baselineClockRuns.push(await measured(baselineUrl, baselineClock));
      await closeOpenEntries();
      platformClockRuns.push(await measured(platformUrl, platformClock));
    }
    await closeOpenEntries();

    // --- Database round trips per platform request, one request at a time.
    const sequential = async (requests: autocannon.Request[], times: number) => {
      const totals = { queries: 0, requests: 0, texts: {} as Record<string, number> };
      for (let i = 0; i < times; i++) {
        const request = requests[i % requests.length]!;
        await server!.ask({ cmd: 'reset' });
        const response = await fetch(`${platformUrl}${request.path}`, {
          method: request.method,
          headers: request.headers as Record<string, string>,
          body: request.body as string | undefined,
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${request.path} answered ${response.status}`);
        await pause(20); // the key's last_used_at update is not awaited by the request
        const counts = await server!.counts();
        totals.queries += counts.queries;
        totals.requests += counts.requests;
        for (const [text, n] of Object.entries(counts.texts))
          totals.texts[text] = (totals.texts[text] ?? 0) + n;
      }
      return {
        requests: totals.requests,
        queries_per_request: round2(totals.queries / totals.requests),
        queries: Object.fromEntries(
          Object.entries(totals.texts).map(([text, n]) => [text, round2(n / totals.requests)]),
        ),
      };
    };
    const shiftQueries = await sequential(platformShifts, 30);
    // An employee no connection used, so the pair is valid.
    const [clockIn, clockOut] = clockPair(tenants[1]!, tenants[1]!.employees.at(-1)!);
    const clockInQueries = await sequential([clockIn!], 1);
    const clockOutQueries = await sequential([clockOut!], 1);

    const shiftsPlatformSummary = summary(platformShiftRuns);
    const shiftsBaselineSummary = summary(baselineShiftRuns);
    const singlePlatformSummary = summary(platformSingleRuns);
    const singleBaselineSummary = summary(baselineSingleRuns);
    const clockPlatformSummary = summary(platformClockRuns);
    const clockBaselineSummary = summary(baselineClockRuns);
    await saveResult({
      name: 'load',
      postgresVersion: db.postgresVersion,
      params: {
        tenants: TENANTS,
        employees_per_tenant: EMPLOYEES_PER_TENANT,
        shifts_per_tenant_week: SHIFTS_PER_TENANT,
        connections: CONNECTIONS,
        duration_s: DURATION_S,
        shifts_1_connection_duration_s: SINGLE_DURATION_S,
        warmup_s: WARMUP_S,
        order: 'warm-up baseline, warm-up platform, then baseline, platform, baseline, platform',
        pool_per_server: POOL,
        servers: 'one child process, both servers; autocannon in the parent; loopback',
      },
      metrics: {
        shifts: shiftsPlatformSummary,
        shifts_vs_baseline: comparison(shiftsPlatformSummary, shiftsBaselineSummary),
        shifts_1_connection: singlePlatformSummary,
        shifts_1_connection_vs_baseline: comparison(singlePlatformSummary, singleBaselineSummary),
        shifts_queries_sequential: shiftQueries,
        clock: clockPlatformSummary,
        clock_vs_baseline: comparison(clockPlatformSummary, clockBaselineSummary),
        clock_in_queries_sequential: clockInQueries,
        clock_out_queries_sequential: clockOutQueries,
      },
      baseline: {
        what: 'bare Hono on another port, same process as the platform server: one query per request (shifts select; clock-in insert; clock-out update) on one fixed schema, no auth, tenancy or validation',
        metrics: {
          shifts: shiftsBaselineSummary,
          shifts_1_connection: singleBaselineSummary,
          clock: clockBaselineSummary,
        },
      },
      target: { p99_added_ms: 0.3, clock_non2xx: 0, tenant_resolution_queries: 1 },
      notes: [
        'p50_ms/p99_ms come from the time of every response (autocannon per-response event, 0.01 ms); autocannon_p50_ms/p99_ms are its own histogram, whole milliseconds.',
        'Queries counted with the postgres.js debug hook on the platform pool (every statement sent, begin and commit included).',
      ],
    });
  } finally {
    await server?.stop().catch(() => server?.kill());
    await db.close();
  }
}
