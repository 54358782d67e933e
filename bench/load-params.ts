/**
 * The load benchmark's parameters, shared by the seeding, the runs and the report (which records
 * them next to the figures so results stay comparable).
 */

export const TENANTS = 3;
export const EMPLOYEES_PER_TENANT = 30;
export const SHIFTS_PER_TENANT = 50;
export const CONNECTIONS = 10;
/** Seconds of load per server for each load: the sum of its slices. */
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 30);
export const WARMUP_S = 3;
/**
 * Each load runs as slices of SLICE_S seconds, rotating baseline, platform, baseline again, and
 * each server's response times are pooled across its slices. The machine is shared: its
 * background load drifts over seconds, and whole 10-second runs of the same server differed by
 * up to 2.7 ms at p99, so a slow spell must fall on all three servers alike.
 */
export const SLICE_S = 2;
export const SLICES = Math.max(1, Math.round(DURATION_S / SLICE_S));
/** Connections in each server's pool (platform and baseline alike, so neither queues more). */
export const POOL = 10;
export const WEEK_FROM = '2026-06-01T00:00:00.000Z';
export const WEEK_TO = '2026-06-08T00:00:00.000Z';
/** One location per tenant, each in its own zone, so time-zone handling is part of the load. */
export const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York'];
