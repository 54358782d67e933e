/**
 * Soak: clock-in/out at one connection for five minutes on the platform and on the bare
 * server, in windows alternating between them, to catch cost that grows with the number of
 * requests a process has served. postgres.js's pool queue did (bench/README.md): with one request
 * at a time and ten pooled connections its idle queue grew by a slot per query and every query
 * searched it, so CPU per request rose through a run. The figure that matters is each server's
 * CPU per request in the last third of its windows over the first third. The bare server, soaked
 * alongside, shows the machine's drift, and also what the libraries both share cost: unpatched,
 * the queue made both grow alike.
 */
// First: it adds .openapi() to zod, which the route modules call on schemas built at import time.
import '@hono/zod-openapi';
import { logger } from '../shared/logger';
import { saveResult } from './lib';
import { cannon, connections, measuredRuns, type RunFigures, round2, type Side } from './load-cannon';
import { CONNECTIONS, WARMUP_S } from './load-params';
import { baselineClockLists, closeOpenEntries, platformClockLists } from './load-requests';
import { withBenchServers } from './load-setup';

/** Seconds per server in all, and per window. */
const SOAK_S = Number(process.env.BENCH_SOAK_S ?? 300);
const WINDOW_S = 10;
const WINDOWS = Math.max(3, Math.round(SOAK_S / WINDOW_S));
/** Largest growth of the platform's CPU per request: the last third of its windows over the first. */
const TARGET_GROWTH = 1.1;

/** Mean server CPU per request over some windows, weighted by their requests. */
function cpuPerRequest(runs: RunFigures[]): number {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  const cpu = runs.reduce((sum, run) => sum + (run.server_cpu_us ?? 0), 0);
  return cpu / Math.max(1, requests);
}

/** How one server's cost moved through the soak: the last third of its windows against the first. */
function growth(runs: RunFigures[]) {
  const third = Math.max(1, Math.floor(runs.length / 3));
  const first = cpuPerRequest(runs.slice(0, third));
  const last = cpuPerRequest(runs.slice(-third));
  return {
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    first_third_server_cpu_us_per_request: round2(first),
    last_third_server_cpu_us_per_request: round2(last),
    server_cpu_growth: round2(last / first),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    window_server_cpu_us_per_request: runs.map((run) => Math.round(cpuPerRequest([run]))),
    window_req_per_s: runs.map((run) => run.req_per_s),
    window_p99_ms: runs.map((run) => run.p99_ms),
  };
}

/** `npm run bench -- soak`: seeds, starts both servers, soaks them, writes bench/results/soak.json. */
export async function runSoakBench(): Promise<void> {
  logger.setLogLevel('SILENT');
  await withBenchServers(async ({ db, tenants, platformSide, baselineSide }) => {
    const urls: Record<Side, string> = {
      platform: `http://127.0.0.1:${platformSide.ready.platformPort}`,
      baseline: `http://127.0.0.1:${baselineSide.ready.baselinePort}`,
    };
    // The warm-up is a burst at CONNECTIONS: it opens the pools' connections, as a busy spell
    // does in a long-lived server or a warm Lambda, so that the one-at-a-time load after it
    // leaves several connections idle (with one ever opened, an idle queue empties every query).
    const bursts: Record<Side, ReturnType<typeof connections>> = {
      platform: connections(platformClockLists(tenants, CONNECTIONS)),
      baseline: connections(baselineClockLists(tenants, CONNECTIONS)),
    };
    const clients: Record<Side, ReturnType<typeof connections>> = {
      platform: connections(platformClockLists(tenants, 1)),
      baseline: connections(baselineClockLists(tenants, 1)),
    };
    const measured = measuredRuns({ platform: platformSide.server, baseline: baselineSide.server }, db);
    /** One window on one server, starting with everyone clocked out. */
    const window = async (side: Side) => {
      await closeOpenEntries(db.sql, tenants);
      return measured(side, () => cannon(urls[side], WINDOW_S, clients[side], 1));
    };

    for (const side of ['baseline', 'platform'] as const) {
      await closeOpenEntries(db.sql, tenants);
      await cannon(urls[side], WARMUP_S, bursts[side]);
    }
    const runs: Record<Side, RunFigures[]> = { baseline: [], platform: [] };
    for (let i = 0; i < WINDOWS; i++) {
      runs.baseline.push(await window('baseline'));
      runs.platform.push(await window('platform'));
    }
    await closeOpenEntries(db.sql, tenants);

    const platform = growth(runs.platform);
    const baseline = growth(runs.baseline);
    await saveResult({
      name: 'soak',
      params: {
        load: 'clock-in/clock-out, one employee, one connection, pool of 10 per server',
        seconds_per_server: WINDOWS * WINDOW_S,
        window_s: WINDOW_S,
        windows: WINDOWS,
        order: `warm-up ${WARMUP_S} s each at ${CONNECTIONS} connections, then windows alternating baseline, platform`,
      },
      metrics: {
        platform,
        platform_growth_vs_baseline: round2(platform.server_cpu_growth / baseline.server_cpu_growth),
      },
      baseline: {
        what: 'the bare server of the load benchmark (same statements, no auth, tenancy, validation or middleware), soaked the same way in the same run',
        metrics: { bare: baseline },
      },
      target: { server_cpu_growth: TARGET_GROWTH, non2xx: 0 },
      postgresVersion: db.postgresVersion,
    });
  });
}
