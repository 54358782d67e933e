import type { Sql } from './client';
import { latestVersion, type Migration, type MigrationSet, renderTenantMigrations } from './migration-files';

/** Advisory lock key held for a whole migration run, so two deploys never migrate at once. */
const MIGRATION_LOCK_KEY = 7_201_001;

export interface TenantFailure {
  tenantId: string;
  schema: string;
  error: string;
}

export interface MigrationReport {
  sharedApplied: string[];
  latestTenantVersion: number;
  /** Tenants that were behind the latest version when the run started. */
  tenantsPending: number;
  tenantsMigrated: number;
  failures: TenantFailure[];
}

export interface MigrateOptions {
  /** How many tenant schemas migrate at once. */
  concurrency: number;
  /** Called once before tenants start (with the count) and after each tenant finishes. */
  onProgress?: (event: { total: number; done: number; failed: number }) => void;
}

/**
 * Applies shared migrations, then brings every live tenant schema to the latest tenant version.
 *
 * Each tenant migrates in its own transaction together with its registry row, so a tenant is
 * either fully at the new version or untouched. A failing tenant is recorded (migration_status
 * 'failed' with the error) and the others carry on; running again resumes with whoever is still
 * behind, which is how a fixed tenant catches up.
 */
export async function migrate(
  sql: Sql,
  migrations: MigrationSet,
  options: MigrateOptions,
): Promise<MigrationReport> {
  // One connection holds the lock for the whole run; tenants need at least one more.
  const poolSize = sql.options.max;
  if (poolSize < 2) throw new Error(`migrate needs a pool of at least 2 connections (got ${poolSize})`);
  const concurrency = Math.min(options.concurrency, poolSize - 1);
  const lock = await sql.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    const sharedApplied = await migrateShared(sql, migrations.shared);
    const tenants = await migrateTenants(sql, migrations.tenant, { ...options, concurrency });
    return { sharedApplied, latestTenantVersion: latestVersion(migrations.tenant), ...tenants };
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    lock.release();
  }
}

/** Applies pending platform migrations in order, each in its own transaction; returns their names. */
export async function migrateShared(sql: Sql, migrations: Migration[]): Promise<string[]> {
  await sql`create schema if not exists platform`;
  await sql`
    create table if not exists platform.schema_migrations (
      version    integer primary key,
      name       text not null,
      applied_at timestamptz not null default now()
    )`;
  const rows = await sql<{ version: number }[]>`select version from platform.schema_migrations`;
  const applied = new Set(rows.map((row) => row.version));
  const names: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await sql.begin(async (tx) => {
      await tx.unsafe(migration.sql);
      await tx`insert into platform.schema_migrations (version, name) values (${migration.version}, ${migration.name})`;
    });
    names.push(migration.name);
  }
  return names;
}

interface PendingTenant {
  id: string;
  schema_name: string;
}

async function migrateTenants(
  sql: Sql,
  migrations: Migration[],
  options: MigrateOptions,
): Promise<Omit<MigrationReport, 'sharedApplied' | 'latestTenantVersion'>> {
  const latest = latestVersion(migrations);
  await setTenantSchemaTarget(sql, latest);
  const pending = await sql<PendingTenant[]>`
    select id, schema_name from platform.tenants
    where status <> 'deleted' and schema_version < ${latest}
    order by id`;
  const failures: TenantFailure[] = [];
  let done = 0;
  options.onProgress?.({ total: pending.length, done, failed: 0 });

  await forEachConcurrently(pending, options.concurrency, async (tenant) => {
    try {
      await migrateOneTenant(sql, tenant, migrations, latest);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ tenantId: tenant.id, schema: tenant.schema_name, error: message });
      await sql`
        update platform.tenants set migration_status = 'failed', migration_error = ${message}
        where id = ${tenant.id}`;
    }
    done += 1;
    options.onProgress?.({ total: pending.length, done, failed: failures.length });
  });

  failures.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
  return { tenantsPending: pending.length, tenantsMigrated: pending.length - failures.length, failures };
}

/**
 * Records `version` as the one new tenants must be created at (at least), before the run lists the
 * tenants behind it. Provisioning holds this row FOR SHARE until it commits, so the update waits
 * for every tenant being created from older migrations; each is then committed and in the list.
 * Provisioning that starts afterwards reads `version` and refuses if its migrations are older
 * (shared/tenancy/provision.ts): during a deploy that is the previous release, still serving.
 * Committed at once, so sign-ups wait only for this one statement, not for the run.
 *
 * Set, not raised: a rollback's run sets the older version back, so the release it restores
 * can sign businesses up again (the next run migrates them with the rest).
 */
async function setTenantSchemaTarget(sql: Sql, version: number): Promise<void> {
  await sql`update platform.tenant_schema_target set version = ${version}`;
}

async function migrateOneTenant(sql: Sql, tenant: PendingTenant, migrations: Migration[], latest: number) {
  await sql.begin(async (tx) => {
    // Re-read under a row lock: the list is as old as the run. Provisioning or another tenant
    // operation may have moved the tenant on, and a deletion that held the row when the run
    // listed it has since dropped its schema: there is nothing left to migrate, and no failure.
    const [row] = await tx<{ schema_version: number; status: string }[]>`
      select schema_version, status from platform.tenants where id = ${tenant.id} for update`;
    if (!row || row.status === 'deleted' || row.schema_version >= latest) return;
    // All pending files in one simple-protocol batch: one round trip per tenant.
    await tx.unsafe(renderTenantMigrations(migrations, tenant.schema_name, row.schema_version));
    await tx`
      update platform.tenants
      set schema_version = ${latest}, migration_status = 'ok', migration_error = null, migrated_at = now()
      where id = ${tenant.id}`;
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function forEachConcurrently<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
