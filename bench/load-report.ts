/**
 * The load benchmark's report: summaries of the platform and baseline runs, their differences, and
 * the result document written to bench/results/load.json.
 */
import { saveResult } from './lib';
import type { ComparedRuns } from './load';
import { type RunFigures, round2, type SequentialQueries } from './load-cannon';
import {
  CONNECTIONS,
  DURATION_S,
  EMPLOYEES_PER_TENANT,
  POOL,
  SHIFTS_PER_TENANT,
  SINGLE_DURATION_S,
  TENANTS,
  WARMUP_S,
} from './load-params';

/** Everything measured: each load's runs on both servers, and the round trips counted. */
export interface LoadRuns {
  /** Shifts, 10 connections. */
  shifts: ComparedRuns;
  /** Shifts, one connection (one request at a time). */
  shiftsSingle: ComparedRuns;
  /** Clock-in/out, 10 connections. */
  clock: ComparedRuns;
  shiftQueries: SequentialQueries;
  clockInQueries: SequentialQueries;
  clockOutQueries: SequentialQueries;
}

/** Arithmetic mean to 0.01 (0 for no values). */
const mean = (values: number[]) =>
  Math.round((values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)) * 100) / 100;

/** The runs of one route on one server, with their means and totals. */
function summary(runs: RunFigures[]) {
  return {
    runs,
    req_per_s_mean: mean(runs.map((r) => r.req_per_s)),
    p50_ms_mean: mean(runs.map((r) => r.p50_ms)),
    p99_ms_mean: mean(runs.map((r) => r.p99_ms)),
    server_cpu_us_per_request_mean: mean(runs.map((r) => r.server_cpu_us_per_request ?? 0)),
    server_scavenges_per_1000_requests_mean: mean(runs.map((r) => r.server_scavenges_per_1000_requests ?? 0)),
    server_scavenge_ms_per_1000_requests_mean: mean(
      runs.map((r) => r.server_scavenge_ms_per_1000_requests ?? 0),
    ),
    non2xx_total: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors_total: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** What the platform adds over the baseline: means, and p99 per baseline/platform pair of runs. */
function comparison(platform: ReturnType<typeof summary>, baseline: ReturnType<typeof summary>) {
  return {
    p99_added_ms: round2(platform.p99_ms_mean - baseline.p99_ms_mean),
    p50_added_ms: round2(platform.p50_ms_mean - baseline.p50_ms_mean),
    server_cpu_added_us_per_request: round2(
      platform.server_cpu_us_per_request_mean - baseline.server_cpu_us_per_request_mean,
    ),
    server_scavenge_ms_added_per_1000_requests: round2(
      platform.server_scavenge_ms_per_1000_requests_mean - baseline.server_scavenge_ms_per_1000_requests_mean,
    ),
    req_per_s_ratio_platform_vs_baseline: round2(platform.req_per_s_mean / baseline.req_per_s_mean),
    p99_added_ms_per_pair: platform.runs.map((run, i) =>
      round2(run.p99_ms - (baseline.runs[i]?.p99_ms ?? 0)),
    ),
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
  const [shifts, single, clock] = [runs.shifts, runs.shiftsSingle, runs.clock].map(compared) as ReturnType<
    typeof compared
  >[];
  await saveResult({
    name: 'load',
    postgresVersion,
    params: {
      tenants: TENANTS,
      employees_per_tenant: EMPLOYEES_PER_TENANT,
      shifts_per_tenant_week: SHIFTS_PER_TENANT,
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      shifts_1_connection_duration_s: SINGLE_DURATION_S,
      warmup_s: WARMUP_S,
      order: 'per load: warm-up baseline, warm-up platform, then baseline, platform, baseline again, twice',
      pool_per_server: POOL,
      servers: 'one child process, both servers; autocannon in the parent; loopback',
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
      clock_in_queries_sequential: runs.clockInQueries,
      clock_out_queries_sequential: runs.clockOutQueries,
    },
    baseline: {
      what: 'bare Hono on another port, same process as the platform server: one query per request (shifts select; clock-in insert; clock-out update) on one fixed schema, no auth, tenancy or validation',
      metrics: {
        shifts: shifts?.baseline,
        shifts_1_connection: single?.baseline,
        clock: clock?.baseline,
      },
    },
    target: { p99_added_ms: 0.3, clock_non2xx: 0, tenant_resolution_queries: 1 },
    notes: [
      'p50_ms/p99_ms come from the time of every response (autocannon per-response event, 0.01 ms); autocannon_p50_ms/p99_ms are its own histogram, whole milliseconds.',
      'With 10 connections autocannon sends as fast as each server answers, and it shares the 2 cores with the server and PostgreSQL: every microsecond of CPU the platform adds lowers req/s and, by Little’s law, raises p50 and p99 with it.',
      'Statements counted one request at a time on a third server (the real app on a pool with the postgres.js debug hook: every statement sent, begin and commit included), after one warm-up request per key.',
      'server_scavenge*: the server process’s young-generation garbage collections (PerformanceObserver "gc"), count and pause time per 1,000 responses; each pause delays every request in flight.',
      '*_baseline_vs_itself compares the baseline with itself: its p99 differences are the resolution of the p99 comparison on this machine.',
    ],
  });
}
