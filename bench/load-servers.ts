/**
 * The load benchmark's servers: the real app (createApp) and a bare Hono server sending the same
 * single statement per request (no auth, no tenancy, no validation; the tenant is in the path).
 * Each child process starts both, and the benchmark measures each in a child of its own, so the
 * load generator does not share their event loop and neither server's garbage is collected on
 * the other's time. A third server, the real app again on a pool that counts and records every
 * statement, answers the one-at-a-time requests that count round trips: postgres.js's `debug`
 * hook captures a stack trace per query, a cost the measured servers must not carry.
 *
 * This file is both sides: imported by the parent for {@link ServerProcess}, and the child's entry
 * point when {@link ServerProcess.start} forks it with BENCH_LOAD_SERVER=1 (the check after
 * `runServers`).
 */
// First: it adds .openapi() to zod, which the route modules call on schemas built at import time.
import '@hono/zod-openapi';
import { type ChildProcess, fork } from 'node:child_process';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';
import { createSql, type Sql } from '../shared/db/client';
import { ConflictError } from '../shared/errors';
import { createApp } from '../shared/http/app';
import { freePort } from '../shared/local/postgres';
import { logger } from '../shared/logger';
import { SEMI_SPACE_FLAG } from '../shared/node-heap';
import { getTenant, type Tenant } from '../shared/tenancy/registry';
import { clockIn, clockOut } from '../shared/timekeeping/clock';
import { listShifts } from '../shared/timekeeping/shifts';
import { POOL } from './load-params';

/** What the child needs to serve the baseline: the tenants, in the order of their paths. */
export interface ServerConfig {
  url: string;
  tenantIds: string[];
}

/** Garbage collections in the server process: V8's pauses show up in the tail latency. */
export interface GcTotals {
  /** Scavenges of the young generation, and the time they took. */
  minor: number;
  minorMs: number;
  /** Every other collection (mark-compact, incremental marking, weak callbacks). */
  major: number;
  majorMs: number;
}

const noGc = (): GcTotals => ({ minor: 0, minorMs: 0, major: 0, majorMs: 0 });

/** Adds up the process's garbage collections into `totals()` from now on. */
function watchGc(totals: () => GcTotals): void {
  new PerformanceObserver((list) => {
    const current = totals();
    for (const entry of list.getEntries()) {
      const { detail } = entry as { detail?: { kind?: number } };
      const minor = detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR;
      if (minor) [current.minor, current.minorMs] = [current.minor + 1, current.minorMs + entry.duration];
      else [current.major, current.majorMs] = [current.major + 1, current.majorMs + entry.duration];
    }
  }).observe({ entryTypes: ['gc'] });
}

type ToChild = { cmd: 'reset' } | { cmd: 'read' } | { cmd: 'stop' };
type FromChild =
  | { kind: 'ready'; platformPort: number; baselinePort: number; countingPort: number }
  | {
      kind: 'counts';
      queries: number;
      requests: number;
      cpuMicros: number;
      gc: GcTotals;
      texts: Record<string, number>;
    }
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

/**
 * The baseline: bare Hono routes calling the product's own query functions, one statement each,
 * with no authentication, tenancy, validation or middleware. Tenant number `i` of `tenants` is
 * served under `/i/`, routes written out per tenant so no path parameter is parsed: the load
 * spreads over the same tenants' tables as the platform's, so PostgreSQL does the same work for
 * both (with one tenant, ten connections clocking in contend for one index's last page). The
 * caller names the employee by their user id in the body, as the platform knows them from the API
 * key, so both servers send the very same statements: the comparison measures what the platform
 * adds around them, not the difference between two queries.
 */
function bareServer(sql: Sql, tenants: Tenant[]): Hono {
  const bare = new Hono();
  const conflict = (error: unknown) => {
    if (error instanceof ConflictError) return new Response(null, { status: 409 });
    throw error;
  };
  tenants.forEach((tenant, index) => {
    bare.get(`/${index}/shifts`, async (c) => {
      const rows = await listShifts(sql, tenant, {
        from: new Date(c.req.query('from') ?? ''),
        to: new Date(c.req.query('to') ?? ''),
        locationId: c.req.query('locationId'),
        limit: Number(c.req.query('limit')),
      });
      return c.json({ data: rows });
    });
    bare.post(`/${index}/clock-in`, async (c) => {
      const { userId, locationId } = await c.req.json<{ userId: string; locationId: string }>();
      return clockIn(sql, tenant, { userId, locationId, source: 'self' }).then(
        (entry) => c.json(entry),
        conflict,
      );
    });
    bare.post(`/${index}/clock-out`, async (c) => {
      const { userId } = await c.req.json<{ userId: string }>();
      return clockOut(sql, tenant, { userId }).then((entry) => c.json(entry), conflict);
    });
  });
  return bare;
}

/**
 * The child's work: starts both servers on free loopback ports, reports them with a `ready`
 * message, then answers the parent's `reset` / `read` / `stop` until told to stop.
 */
async function runServers(config: ServerConfig): Promise<void> {
  logger.setLogLevel('SILENT');
  let queries = 0;
  let requests = 0;
  let texts = new Map<string, number>();
  let cpu = process.cpuUsage();
  let gc = noGc();
  watchGc(() => gc);
  const platformSql = createSql(config.url, { max: POOL });
  // The same options as createSql, plus a counter of every query sent.
  const countingSql = postgres(config.url, {
    max: POOL,
    prepare: true,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'rota-bench-counting' },
    debug: (_connection, query) => {
      queries++;
      const key = queryKey(query);
      texts.set(key, (texts.get(key) ?? 0) + 1);
    },
  });
  const baselineSql = createSql(config.url, { max: POOL });
  const app = createApp({ sql: platformSql });
  const countingApp = createApp({ sql: countingSql });

  const tenants = await Promise.all(config.tenantIds.map((id) => getTenant(baselineSql, id)));
  const bare = bareServer(baselineSql, tenants);
  const [platformPort, baselinePort, countingPort] = [await freePort(), await freePort(), await freePort()];
  const platformServer = serve({ fetch: app.fetch, port: platformPort, hostname: '127.0.0.1' });
  const baselineServer = serve({ fetch: bare.fetch, port: baselinePort, hostname: '127.0.0.1' });
  const countingServer = serve({
    fetch: (request, env) => {
      requests++;
      return countingApp.fetch(request, env);
    },
    port: countingPort,
    hostname: '127.0.0.1',
  });

  const send = (message: FromChild) => process.send?.(message);
  process.on('message', async (message: ToChild) => {
    if (message.cmd === 'reset') {
      [queries, requests, texts, cpu, gc] = [0, 0, new Map(), process.cpuUsage(), noGc()];
      send({ kind: 'ok' });
    } else if (message.cmd === 'read') {
      const used = process.cpuUsage(cpu);
      const cpuMicros = used.user + used.system;
      send({ kind: 'counts', queries, requests, cpuMicros, gc, texts: Object.fromEntries(texts) });
    } else if (message.cmd === 'stop') {
      for (const server of [platformServer, baselineServer, countingServer]) server.close();
      await Promise.all([platformSql, baselineSql, countingSql].map((pool) => pool.end({ timeout: 5 })));
      send({ kind: 'ok' });
      process.exit(0);
    }
  });
  // serve() listens asynchronously: report ready only once every port accepts connections.
  await Promise.all(
    [platformServer, baselineServer, countingServer].map((server) =>
      server.listening ? undefined : new Promise((resolve) => server.once('listening', resolve)),
    ),
  );
  send({ kind: 'ready', platformPort, baselinePort, countingPort });
}

if (process.env.BENCH_LOAD_SERVER === '1') {
  runServers(JSON.parse(process.env.BENCH_LOAD_CONFIG ?? '{}') as ServerConfig).catch((error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  });
}

// ---------------------------------------------------------------------------------------------
// The parent's side.

/**
 * The parent's handle on the child: forks this file as the child and exchanges messages with it.
 * Replies come in the order of the requests, so a queue of waiting resolvers is enough.
 */
export class ServerProcess {
  private waiting: ((message: FromChild) => void)[] = [];
  private constructor(private child: ChildProcess) {
    child.on('message', (message: FromChild) => this.waiting.shift()?.(message));
  }

  /** Forks the child and waits for its `ready` (or rejects if it exits first). */
  static async start(config: ServerConfig) {
    const child = fork(fileURLToPath(import.meta.url), [], {
      // The young generation a deployed function gets, as `npm start` runs with.
      execArgv: [...process.execArgv, SEMI_SPACE_FLAG],
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

  /** The child's next message. */
  next(): Promise<FromChild> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends a command and resolves with its reply. */
  async ask(message: ToChild): Promise<FromChild> {
    const reply = this.next();
    this.child.send(message);
    return reply;
  }

  /** Queries, requests, CPU time and query texts since the last `reset`. */
  async counts() {
    const reply = await this.ask({ cmd: 'read' });
    if (reply.kind !== 'counts') throw new Error('unexpected reply');
    return reply;
  }

  /** Stops the servers and the child, if it is still running. */
  async stop() {
    if (this.child.exitCode === null) await this.ask({ cmd: 'stop' });
  }

  /** Kills the child when a clean stop failed. */
  kill() {
    if (this.child.exitCode === null) this.child.kill();
  }
}
