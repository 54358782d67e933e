/**
 * The load generator: autocannon runs against either server, with latencies to 0.01 ms, plus the
 * measured and sequential runs that read the child's counters around the load.
 */
import autocannon from 'autocannon';
import { type BenchDatabase, machineStealMs } from './lib';
import { CONNECTIONS } from './load-params';
import type { GcTotals, ServerProcess } from './load-servers';

/** The two servers compared. */
export type Side = 'baseline' | 'platform';

/** The figures of one autocannon run. */
export interface RunFigures {
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
  /** Every response's time in ms, sorted (pooled across slices; not written to the results). */
  times?: number[];
  /** The server process's CPU time during the run, in µs (both servers live there; one is idle). */
  server_cpu_us?: number;
  /** The server process's garbage collections during the run. */
  server_gc?: GcTotals;
  /** PostgreSQL's CPU time during the run (all its processes), in µs, when it runs here. */
  database_cpu_us?: number;
  /** The load generator's CPU time during the run (autocannon, in this process), in µs. */
  client_cpu_us?: number;
  /**
   * What the machine lost during the run, whichever server was measured: CPU time the hypervisor
   * gave to other machines (steal, ms over both cores), and time the database's disk spent on
   * writes and flushes (ms), where commits wait. A spike in either is a slow spell of the
   * shared machine, not of the server.
   */
  steal_ms?: number;
  disk_wait_ms?: number;
}

/** Rounds to 0.01, the precision every figure in the report keeps. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Resolves after `ms` milliseconds. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile, in ms to 0.01. */
export function percentile(sorted: number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return Math.round(value * 100) / 100;
}

/**
 * One autocannon run of `duration` seconds against `url`; `setupClient` gives each connection its
 * requests. Response times are collected from the per-response event because autocannon's own
 * histogram only keeps whole milliseconds.
 */
export function cannon(
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
          times,
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
export function connections(perConnection: autocannon.Request[][]) {
  let next = 0;
  return (client: autocannon.Client) => {
    client.setRequests(perConnection[next++ % perConnection.length]!);
  };
}

/**
 * Measured runs against the server processes of `servers`: each resets its server's counters,
 * runs the load, then adds the CPU time of that server, the database and the load generator, the
 * server's garbage collections, and the machine's steal and the database disk's wait. The three
 * processes share the machine's cores, so where the platform's extra CPU goes tells what lowers
 * its req/s. The pause lets work still in flight when the load stops reach the counters before
 * they are read.
 */
export function measuredRuns(
  servers: Record<Side, ServerProcess>,
  db: Pick<BenchDatabase, 'cpuMicros' | 'diskWaitMs'>,
) {
  /** `read()` after the run less `read()` before, when both are known. */
  const during = (read: () => number | undefined, before: number | undefined) => {
    const after = read();
    return before === undefined || after === undefined ? undefined : after - before;
  };
  /** One measured run of `load` (an autocannon run) against `side`, with the processes' own figures. */
  return async (side: Side, load: () => Promise<RunFigures>) => {
    const server = servers[side];
    await server.ask({ cmd: 'reset' });
    const [databaseBefore, stealBefore, diskBefore] = [db.cpuMicros(), machineStealMs(), db.diskWaitMs()];
    const client = process.cpuUsage();
    const figures = await load();
    await pause(100);
    const clientUsed = process.cpuUsage(client);
    figures.database_cpu_us = during(db.cpuMicros, databaseBefore);
    figures.steal_ms = during(machineStealMs, stealBefore);
    figures.disk_wait_ms = during(db.diskWaitMs, diskBefore);
    const counts = await server.counts();
    figures.server_cpu_us = counts.cpuMicros;
    figures.server_gc = counts.gc;
    figures.client_cpu_us = clientUsed.user + clientUsed.system;
    return figures;
  };
}

/** Statements the platform sent per request, in total and by query text, one request at a time. */
export interface SequentialQueries {
  requests: number;
  queries_per_request: number;
  queries: Record<string, number>;
}

/**
 * Database round trips per platform request: sends `requests` in turn to the counting server,
 * `times` requests in all, one at a time so each request's statements can be told apart, and
 * averages the counts.
 */
export function sequentialQueries(server: ServerProcess, countingUrl: string) {
  return async (requests: autocannon.Request[], times: number): Promise<SequentialQueries> => {
    const totals = { queries: 0, requests: 0, texts: {} as Record<string, number> };
    for (let i = 0; i < times; i++) {
      const request = requests[i % requests.length]!;
      await server.ask({ cmd: 'reset' });
      const response = await fetch(`${countingUrl}${request.path}`, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body as string | undefined,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${request.path} answered ${response.status}`);
      await pause(20); // the key's last_used_at update is not awaited by the request
      const counts = await server.counts();
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
}
