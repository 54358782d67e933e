/**
 * The load benchmark's report: summaries of the platform and baseline runs, their differences, and
 * the result document written to bench/results/load.json.
 */
import { SEMI_SPACE_FLAG } from '../shared/node-heap';
import { saveResult } from './lib';
import type { ComparedRuns } from './load';
import { percentile, type RunFigures, round2, type SequentialQueries } from './load-cannon';
import {
  CONNECTIONS,
  DURATION_S,
  EMPLOYEES_PER_TENANT,
  POOL,
  SHIFTS_PER_TENANT,
  SLICE_S,
  SLICES,
  TENANTS,
  WARMUP_S,
} from './load-params';

/** Everything measured: each load's runs on both servers, and the round trips counted. */
export interface LoadRuns {
  /** Shifts, 10 connections. */
  shifts: ComparedRuns;
  /** Shifts, one connection (one request at a time). */
  shiftsSingle: ComparedRuns;
  /** Clock-in/out, 10 connections, and one. */
  clock: ComparedRuns;
  clockSingle: ComparedRuns;
  shiftQueries: SequentialQueries;
  clockInQueries: SequentialQueries;
  clockOutQueries: SequentialQueries;
}

/** Sum of `pick` over the runs. */
const total = (runs: RunFigures[], pick: (run: RunFigures) => number) =>
  runs.reduce((sum, run) => sum + pick(run), 0);

/**
 * One server's slices of one load, pooled: percentiles over every response of every slice, req/s
 * over the whole time, and the server's CPU and GC per request; each slice's req/s and p99 too.
 */
function summary(runs: RunFigures[]) {
  const times = runs.flatMap((run) => run.times ?? []).sort((a, b) => a - b);
  const requests = total(runs, (run) => run.requests);
  /** A server total over all slices, per 1,000 requests. */
  const perThousand = (pick: (run: RunFigures) => number) => round2((total(runs, pick) * 1000) / requests);
  const gc = (run: RunFigures) => run.server_gc ?? { minor: 0, minorMs: 0, major: 0, majorMs: 0 };
  return {
    slices: runs.length,
    requests,
    req_per_s: Math.round(requests / (runs.length * SLICE_S)),
    p50_ms: percentile(times, 50),
    p99_ms: percentile(times, 99),
    server_cpu_us_per_request: round2(total(runs, (run) => run.server_cpu_us ?? 0) / requests),
    database_cpu_us_per_request: round2(total(runs, (run) => run.database_cpu_us ?? 0) / requests),
    client_cpu_us_per_request: round2(total(runs, (run) => run.client_cpu_us ?? 0) / requests),
    server_scavenges_per_1000_requests: perThousand((run) => gc(run).minor),
    server_scavenge_ms_per_1000_requests: perThousand((run) => gc(run).minorMs),
    server_major_gc_ms_per_1000_requests: perThousand((run) => gc(run).majorMs),
    non2xx: total(runs, (run) => run.non2xx),
    errors: total(runs, (run) => run.errors),
    statuses: runs.reduce<Record<string, number>>((all, run) => {
      for (const [status, n] of Object.entries(run.statuses)) all[status] = (all[status] ?? 0) + n;
      return all;
    }, {}),
    slice_req_per_s: runs.map((run) => run.req_per_s),
    slice_p99_ms: runs.map((run) => run.p99_ms),
    steal_ms: total(runs, (run) => run.steal_ms ?? 0),
    disk_wait_ms: total(runs, (run) => run.disk_wait_ms ?? 0),
    slice_steal_ms: runs.map((run) => run.steal_ms ?? null),
    slice_disk_wait_ms: runs.map((run) => run.disk_wait_ms ?? null),
  };
}

/** What the platform adds over the baseline, from the pooled figures. */
function comparison(platform: ReturnType<typeof summary>, baseline: ReturnType<typeof summary>) {
  return {
    p99_added_ms: round2(platform.p99_ms - baseline.p99_ms),
    p50_added_ms: round2(platform.p50_ms - baseline.p50_ms),
    server_cpu_added_us_per_request: round2(
      platform.server_cpu_us_per_request - baseline.server_cpu_us_per_request,
    ),
    database_cpu_added_us_per_request: round2(
      platform.database_cpu_us_per_request - baseline.database_cpu_us_per_request,
    ),
    client_cpu_added_us_per_request: round2(
      platform.client_cpu_us_per_request - baseline.client_cpu_us_per_request,
    ),
    server_scavenge_ms_added_per_1000_requests: round2(
      platform.server_scavenge_ms_per_1000_requests - baseline.server_scavenge_ms_per_1000_requests,
    ),
    req_per_s_ratio_platform_vs_baseline: round2(platform.req_per_s / baseline.req_per_s),
  };
}

/**
 * Summarises the runs and writes the result document (bench/results/load.json) with the
 * parameters they ran with and the targets they are judged against.
 */
export async function saveLoadResult(postgresVersion: string, runs: LoadRuns): Promise<void> {
  /** A load's platform and baseline summaries and their comparison (and the baseline against itself). */
  const compared = (load: ComparedRuns) => {
    const platform = summary(load.platform);
    const baseline = summary(load.baseline);
    return {
      platform,
      baseline,
      vs_baseline: comparison(platform, baseline),
      baseline_vs_itself: comparison(summary(load.baselineAgain), baseline),
    };
  };
  const [shifts, single, clock, clockSingle] = [
    runs.shifts,
    runs.shiftsSingle,
    runs.clock,
    runs.clockSingle,
  ].map(compared) as ReturnType<typeof compared>[];
  await saveResult({
    name: 'load',
    postgresVersion,
    params: {
      tenants: TENANTS,
      employees_per_tenant: EMPLOYEES_PER_TENANT,
      shifts_per_tenant_week: SHIFTS_PER_TENANT,
      connections: CONNECTIONS,
      duration_s_per_server: DURATION_S,
      slice_s: SLICE_S,
      slices: SLICES,
      warmup_s: WARMUP_S,
      order: `per load: warm-up baseline, warm-up platform, then ${SLICES} rounds of baseline, platform, baseline again, ${SLICE_S} s each; response times pooled per server`,
      pool_per_server: POOL,
      servers: 'each measured server in a child process of its own; autocannon in the parent; loopback',
      server_node_flags: SEMI_SPACE_FLAG,
    },
    metrics: {
      shifts: shifts?.platform,
      shifts_vs_baseline: shifts?.vs_baseline,
      shifts_baseline_vs_itself: shifts?.baseline_vs_itself,
      shifts_1_connection: single?.platform,
      shifts_1_connection_vs_baseline: single?.vs_baseline,
      shifts_1_connection_baseline_vs_itself: single?.baseline_vs_itself,
      shifts_queries_sequential: runs.shiftQueries,
      clock: clock?.platform,
      clock_vs_baseline: clock?.vs_baseline,
      clock_baseline_vs_itself: clock?.baseline_vs_itself,
      clock_1_connection: clockSingle?.platform,
      clock_1_connection_vs_baseline: clockSingle?.vs_baseline,
      clock_1_connection_baseline_vs_itself: clockSingle?.baseline_vs_itself,
      clock_in_queries_sequential: runs.clockInQueries,
      clock_out_queries_sequential: runs.clockOutQueries,
    },
    baseline: {
      what: 'bare Hono in a child process of its own (the same program and Node flags as the platform): one statement per request, sent by the same query functions as the platform (listShifts; clockIn and clockOut naming the employee by user id, as the platform does from the API key) for the same three tenants (named by a path segment) and the same employees per connection, so PostgreSQL receives the same statements on the same tables from both; no auth, tenancy, validation or middleware',
      metrics: {
        shifts: shifts?.baseline,
        shifts_1_connection: single?.baseline,
        clock: clock?.baseline,
        clock_1_connection: clockSingle?.baseline,
      },
    },
    target: { p99_added_ms: 0.3, clock_non2xx: 0, tenant_resolution_queries: 1 },
    notes: [
      'p50_ms/p99_ms come from the time of every response (autocannon per-response event, 0.01 ms); autocannon_p50_ms/p99_ms are its own histogram, whole milliseconds.',
      'With 10 connections autocannon sends as fast as each server answers, and it shares the 2 cores with the server and PostgreSQL: every microsecond of CPU the platform adds lowers req/s and, by Little’s law, raises p50 and p99 with it.',
      'server_cpu/database_cpu/client_cpu: CPU time per response of the server process, of PostgreSQL (postmaster and backends, from /proc) and of autocannon; the three share the 2 cores. PostgreSQL’s CPU is largely per second (commits wait for the WAL flush), so its figure per response rises when req/s falls even for the same statements.',
      'Statements counted one request at a time on a third server (the real app on a pool with the postgres.js debug hook: every statement sent, begin and commit included), after one warm-up request per key.',
      'server_scavenge*: the server process’s young-generation garbage collections (PerformanceObserver "gc"), count and pause time per 1,000 responses; each pause delays every request in flight.',
      '*_baseline_vs_itself compares the baseline with itself: its p99 differences are the resolution of the p99 comparison on this machine.',
      'steal_ms, slice_steal_ms: CPU time the hypervisor gave other machines during the server’s slices, in all and each (/proc/stat steal, both cores); disk_wait_ms, slice_disk_wait_ms: time the database disk spent writing and flushing (/proc/diskstats), where commits wait. Both belong to the machine, not to the server measured in those slices: a server whose slices lost much more than the other’s was measured on a slower machine.',
    ],
  });
}
