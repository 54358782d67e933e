/**
 * The load benchmark's parameters, shared by the seeding, the runs and the report (which records
 * them next to the figures so results stay comparable).
 */

export const TENANTS = 3;
export const EMPLOYEES_PER_TENANT = 30;
export const SHIFTS_PER_TENANT = 50;
export const CONNECTIONS = 10;
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const WARMUP_S = 3;
/** The shifts route once more with one connection: per-request cost without queueing. */
export const SINGLE_DURATION_S = Math.max(1, Math.round(DURATION_S / 2));
/** Connections in each server's pool (platform and baseline alike, so neither queues more). */
export const POOL = 10;
export const WEEK_FROM = '2026-06-01T00:00:00.000Z';
export const WEEK_TO = '2026-06-08T00:00:00.000Z';
/** One location per tenant, each in its own zone, so time-zone handling is part of the load. */
export const ZONES = ['Europe/London', 'Europe/Paris', 'America/New_York'];
