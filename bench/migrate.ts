/**
 * Migrating many tenants: 1,000 tenant schemas, then a no-op run, a new column, and a new table
 * with an index, each at the default concurrency; the baseline is another new column applied one
 * tenant at a time (concurrency 1), measured in the same run on the same database.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultMigrationsDir, latestVersion, loadMigrations } from '../shared/db/migration-files';
import { migrate } from '../shared/db/migrator';
import { provisionTenant } from '../shared/tenancy/provision';
import { type BenchDatabase, benchDatabase, round, saveResult } from './lib';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const CONCURRENCY = 8;

/** Each step gets its own folder: the migrations it adds on top of those before it. */
class MigrationFolders {
  private added: [string, string][] = [];
  private folders: string[] = [];
  constructor(private nextVersion: number) {}

  async with(name: string, sql: string): Promise<string> {
    this.added.push([`${String(this.nextVersion++).padStart(4, '0')}_${name}.sql`, sql]);
    const folder = await mkdtemp(join(tmpdir(), 'rota-bench-migrations-'));
    this.folders.push(folder);
    await cp(defaultMigrationsDir(), folder, { recursive: true });
    for (const [file, text] of this.added) await writeFile(join(folder, 'tenant', file), text);
    return folder;
  }

  async remove() {
    await Promise.all(this.folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
}

async function timedMigrate(db: BenchDatabase, folder: string, concurrency: number) {
  const migrations = await loadMigrations(folder);
  const started = performance.now();
  const report = await migrate(db.sql, migrations, { concurrency });
  const ms = round(performance.now() - started);
  if (report.failures.length > 0) throw new Error(`Benchmark migration failed: ${report.failures[0]?.error}`);
  return { ms, tenantsMigrated: report.tenantsMigrated };
}

export async function runMigrateBench(): Promise<void> {
  const db = await benchDatabase(CONCURRENCY + 2);
  const current = latestVersion((await loadMigrations()).tenant);
  const folders = new MigrationFolders(current + 1);
  try {
    const provisionStarted = performance.now();
    for (let i = 0; i < TENANTS; i++)
      await provisionTenant(db.sql, { name: `Bench ${i}` }, { actor: 'system:bench' });
    const provisionAllMs = round(performance.now() - provisionStarted);

    const noopRuns: number[] = [];
    for (let run = 0; run < 5; run++)
      noopRuns.push((await timedMigrate(db, defaultMigrationsDir(), CONCURRENCY)).ms);
    noopRuns.sort((a, b) => a - b);

    const addColumn = await timedMigrate(
      db,
      await folders.with(
        'bench_add_column',
        'alter table :"tenant_schema".locations add column bench_note text;',
      ),
      CONCURRENCY,
    );
    const addTable = await timedMigrate(
      db,
      await folders.with(
        'bench_add_table',
        `create table :"tenant_schema".bench_events (
           id bigint generated always as identity primary key,
           location_id uuid not null references :"tenant_schema".locations (id),
           at timestamptz not null,
           kind text not null
         );
         create index bench_events_location_at on :"tenant_schema".bench_events (location_id, at);`,
      ),
      CONCURRENCY,
    );
    const sequentialColumn = await timedMigrate(
      db,
      await folders.with(
        'bench_add_column_again',
        'alter table :"tenant_schema".locations add column bench_flag boolean;',
      ),
      1,
    );

    await saveResult({
      name: 'migrate',
      postgresVersion: db.postgresVersion,
      params: { tenants: TENANTS, concurrency: CONCURRENCY, noopRuns: noopRuns.length },
      metrics: {
        noop_ms_median: noopRuns[Math.floor(noopRuns.length / 2)],
        noop_ms_max: noopRuns.at(-1),
        add_column_ms: addColumn.ms,
        add_table_with_index_ms: addTable.ms,
        tenants_migrated_per_step: addColumn.tenantsMigrated,
        provision_all_tenants_ms: provisionAllMs,
        ratio_add_column_vs_sequential: round(sequentialColumn.ms / addColumn.ms),
      },
      baseline: {
        what: 'add a column with concurrency 1 (one tenant at a time), same database, same run',
        metrics: { add_column_sequential_ms: sequentialColumn.ms },
      },
      target: { noop_ms: 2000, add_column_ms: 5000, add_table_with_index_ms: 15000 },
    });
  } finally {
    await folders.remove();
    await db.close();
  }
}
