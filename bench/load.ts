/**
 * HTTP under load: the real app (createApp) behind a real HTTP server on loopback, against a bare
 * Hono server sending the same single statement per request through the same query functions (no
 * auth, no tenancy, no validation; the tenant is in the path), in slices rotating baseline,
 * platform, baseline again. Both spread their requests over the same three tenants. Routes:
 * listing a week of shifts (each tenant's location in rotation) and clock-in/clock-out (one
 * employee per connection).
 *
 * Each server runs in a child process of its own, so the load generator does not share its event
 * loop and neither server collects the other's garbage; round trips are counted one request at a
 * time on a third server whose pool records every query. This file is the plan of the run; the
 * parts:
 * - `load-params.ts`: tenants, connections, durations;
 * - `load-seed.ts`: the tenants, employees, keys and shifts;
 * - `load-requests.ts`: the clock-in/out requests each connection sends (shared with `soak.ts`);
 * - `load-servers.ts`: the server child processes, and the parent's handle on them;
 * - `load-cannon.ts`: autocannon runs, measured and sequential;
 * - `load-report.ts`: summaries, comparisons and bench/results/load.json.
 */
// First: it adds .openapi() to zod, which the route modules call on schemas built at import time.
import '@hono/zod-openapi';
import type autocannon from 'autocannon';
import { logger } from '../shared/logger';
import { cannon, connections, measuredRuns, type RunFigures, sequentialQueries } from './load-cannon';
import {
  CONNECTIONS,
  SHIFTS_PER_TENANT,
  SLICE_S,
  SLICES,
  TENANTS,
  WARMUP_S,
  WEEK_FROM,
  WEEK_TO,
} from './load-params';
import { saveLoadResult } from './load-report';
import { baselineClockLists, clockPair, closeOpenEntries, platformClockLists } from './load-requests';
import { withBenchServers } from './load-setup';

/** Slices of one load on both servers, in the order they ran. */
export interface ComparedRuns {
  baseline: RunFigures[];
  platform: RunFigures[];
  /** The baseline once more after each platform slice: how far one server differs from itself. */
  baselineAgain: RunFigures[];
}

/**
 * SLICES rounds of baseline, platform, baseline again, each measured: every server sees the
 * machine's slow spells alike, and the baseline against itself gives the benchmark's resolution.
 */
async function comparedRuns(
  measured: ReturnType<typeof measuredRuns>,
  load: { baseline: () => Promise<RunFigures>; platform: () => Promise<RunFigures> },
): Promise<ComparedRuns> {
  const runs: ComparedRuns = { baseline: [], platform: [], baselineAgain: [] };
  for (let slice = 0; slice < SLICES; slice++) {
    runs.baseline.push(await measured('baseline', load.baseline));
    runs.platform.push(await measured('platform', load.platform));
    runs.baselineAgain.push(await measured('baseline', load.baseline));
  }
  return runs;
}

/**
 * Runs the load benchmark (`npm run bench -- load`): seeds the tenants, starts the servers, runs
 * the shifts and clock-in/out loads against both, counts the platform's queries per request, and
 * writes bench/results/load.json.
 */
export async function runLoadBench(): Promise<void> {
  logger.setLogLevel('SILENT');
  await withBenchServers(async ({ db, tenants, platformSide, baselineSide }) => {
    const platformUrl = `http://127.0.0.1:${platformSide.ready.platformPort}`;
    const baselineUrl = `http://127.0.0.1:${baselineSide.ready.baselinePort}`;
    const countingUrl = `http://127.0.0.1:${platformSide.ready.countingPort}`;

    // --- Shifts: the same week of each tenant's location, through the platform and the bare server.
    // One page holds the week: the platform's default page size, sent by both so both use it.
    const week = `from=${encodeURIComponent(WEEK_FROM)}&to=${encodeURIComponent(WEEK_TO)}&limit=100`;
    const platformShifts: autocannon.Request[] = tenants.map((t) => ({
      method: 'GET',
      path: `/api/v1/shifts?${week}&locationId=${t.locationId}`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    }));
    const baselineShifts: autocannon.Request[] = tenants.map((t, index) => ({
      method: 'GET',
      path: `/${index}/shifts?${week}&locationId=${t.locationId}`,
    }));
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

    // Every connection cycles through the three tenants, in a different starting order.
    const rotated = <T>(list: T[], i: number) => [...list.slice(i % TENANTS), ...list.slice(0, i % TENANTS)];
    const platformShiftLists = Array.from({ length: CONNECTIONS }, (_, i) => rotated(platformShifts, i));
    const baselineShiftLists = Array.from({ length: CONNECTIONS }, (_, i) => rotated(baselineShifts, i));
    const shiftsPlatform = connections(platformShiftLists);
    const shiftsBaseline = connections(baselineShiftLists);

    const measured = measuredRuns({ platform: platformSide.server, baseline: baselineSide.server }, db);
    /** Flat out with autocannon: `connections` at once, each sending as soon as it has its answer. */
    const flatOut =
      (url: string, setupClient: (client: autocannon.Client) => void, connectionCount = CONNECTIONS) =>
      () =>
        cannon(url, SLICE_S, setupClient, connectionCount);

    await cannon(baselineUrl, WARMUP_S, shiftsBaseline);
    await cannon(platformUrl, WARMUP_S, shiftsPlatform);
    const shifts = await comparedRuns(measured, {
      baseline: flatOut(baselineUrl, shiftsBaseline),
      platform: flatOut(platformUrl, shiftsPlatform),
    });
    await cannon(baselineUrl, 2, shiftsBaseline, 1);
    await cannon(platformUrl, 2, shiftsPlatform, 1);
    const shiftsSingle = await comparedRuns(measured, {
      baseline: flatOut(baselineUrl, shiftsBaseline, 1),
      platform: flatOut(platformUrl, shiftsPlatform, 1),
    });

    // --- Clock-in / clock-out: each connection alternates the two for its own employee.
    const clockOutEveryone = () => closeOpenEntries(db.sql, tenants);
    const platformClock = connections(platformClockLists(tenants, CONNECTIONS));
    const baselineClock = connections(baselineClockLists(tenants, CONNECTIONS));
    /** A run that starts with every employee clocked out. */
    const fromClockedOut = (run: () => Promise<RunFigures>) => async () => {
      await clockOutEveryone();
      return run();
    };
    await cannon(baselineUrl, WARMUP_S, baselineClock);
    await clockOutEveryone();
    await cannon(platformUrl, WARMUP_S, platformClock);
    const clock = await comparedRuns(measured, {
      baseline: fromClockedOut(flatOut(baselineUrl, baselineClock)),
      platform: fromClockedOut(flatOut(platformUrl, platformClock)),
    });
    const clockSingle = await comparedRuns(measured, {
      baseline: fromClockedOut(flatOut(baselineUrl, baselineClock, 1)),
      platform: fromClockedOut(flatOut(platformUrl, platformClock, 1)),
    });
    await clockOutEveryone();

    // --- Database round trips per platform request, one request at a time.
    const sequential = sequentialQueries(platformSide.server, countingUrl);
    // An employee no connection used, so the pair is valid.
    const clockingEmployee = tenants[1]!.employees.at(-1)!;
    // Steady state: the counting pool has looked up its types and every key has been seen once.
    const employeeShifts = {
      ...platformShifts[1]!,
      headers: { authorization: `Bearer ${clockingEmployee.token}` },
    };
    await sequential([...platformShifts, employeeShifts], platformShifts.length + 1);
    const shiftQueries = await sequential(platformShifts, 30);
    const [clockIn, clockOut] = clockPair(tenants[1]!, clockingEmployee);
    const clockInQueries = await sequential([clockIn!], 1);
    const clockOutQueries = await sequential([clockOut!], 1);

    await saveLoadResult(db.postgresVersion, {
      shifts,
      shiftsSingle,
      clock,
      clockSingle,
      shiftQueries,
      clockInQueries,
      clockOutQueries,
    });
  });
}
