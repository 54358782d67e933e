import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSql } from '../../shared/db/client';
import { defaultMigrationsDir, latestVersion, loadMigrations } from '../../shared/db/migration-files';
import { type MigrationReport, migrate } from '../../shared/db/migrator';
import { deleteTenant } from '../../shared/tenancy/delete';
import { provisionTenant, provisionTenantInTransaction } from '../../shared/tenancy/provision';
import type { Tenant } from '../../shared/tenancy/registry';
import { createTestDatabase, type TestDatabase, untilWaitingForALock } from '../helpers/database';

const run = promisify(execFile);
const actor = 'system:test';

let db: TestDatabase;
let nextDir: string;
let currentVersion: number;

/** A copy of the real migrations plus one new tenant migration that adds a column. */
async function migrationsWithNewColumn(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rota-migrations-'));
  await cp(defaultMigrationsDir(), dir, { recursive: true });
  const next = String(currentVersion + 1).padStart(4, '0');
  await writeFile(
    join(dir, 'tenant', `${next}_location_notes.sql`),
    'alter table :"tenant_schema".locations add column notes text;',
  );
  return dir;
}

/** A copy of the real migrations without the tenant migrations from `version` on. */
async function migrationsBefore(version: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rota-migrations-'));
  await cp(defaultMigrationsDir(), dir, { recursive: true });
  const later = (await loadMigrations()).tenant.filter((migration) => migration.version >= version);
  for (const migration of later) await rm(join(dir, 'tenant', migration.name));
  return dir;
}

/**
 * A business that signed up while the release with the migrations in `dir` was live: that
 * release's migration run set the tenant version, and its sign-ups built schemas from its files.
 */
async function signedUpUnderRelease(dir: string, name: string): Promise<Tenant> {
  await migrate(db.sql, await loadMigrations(dir), { concurrency: 2 });
  return provisionTenant(db.sql, { name }, { actor, migrationsDir: dir });
}

async function columnsOf(tenant: Tenant): Promise<string[]> {
  const rows = await db.sql<{ column_name: string }[]>`
    select column_name from information_schema.columns
    where table_schema = ${tenant.schema} and table_name = 'locations'`;
  return rows.map((row) => row.column_name);
}

beforeAll(async () => {
  db = await createTestDatabase();
  currentVersion = latestVersion((await loadMigrations()).tenant);
  nextDir = await migrationsWithNewColumn();
});
afterAll(async () => {
  await db.drop();
  await rm(nextDir, { recursive: true, force: true });
});

describe('npm run migrate', () => {
  it('migrates every tenant but a broken one, reports it, and resumes once it is fixed', async () => {
    const tenants = await Promise.all(
      ['One', 'Two', 'Three', 'Four', 'Five'].map((name) => provisionTenant(db.sql, { name }, { actor })),
    );
    const broken = tenants[2] as Tenant;
    // Someone hand-added the column to one tenant, so the new migration fails there.
    await db.sql`alter table ${db.sql(broken.schema)}.locations add column notes integer`;
    const migrations = await loadMigrations(nextDir);

    const first = await migrate(db.sql, migrations, { concurrency: 3 });

    expect(first.tenantsPending).toBe(5);
    expect(first.tenantsMigrated).toBe(4);
    expect(first.failures).toEqual([
      { tenantId: broken.id, schema: broken.schema, error: expect.stringMatching(/already exists/) },
    ]);
    const statuses = await db.sql<{ id: string; schema_version: number; migration_status: string }[]>`
      select id, schema_version, migration_status from platform.tenants where status = 'active'`;
    for (const row of statuses) {
      expect(row).toEqual(
        row.id === broken.id
          ? { id: broken.id, schema_version: currentVersion, migration_status: 'failed' }
          : { id: row.id, schema_version: currentVersion + 1, migration_status: 'ok' },
      );
    }
    expect(await columnsOf(tenants[0] as Tenant)).toContain('notes');

    await db.sql`alter table ${db.sql(broken.schema)}.locations drop column notes`;
    const second = await migrate(db.sql, migrations, { concurrency: 3 });

    expect(second).toMatchObject({ tenantsPending: 1, tenantsMigrated: 1, failures: [] });
    expect(await columnsOf(broken)).toContain('notes');
    const [fixed] = await db.sql`
      select schema_version, migration_status, migration_error from platform.tenants where id = ${broken.id}`;
    expect(fixed).toEqual({
      schema_version: currentVersion + 1,
      migration_status: 'ok',
      migration_error: null,
    });

    const third = await migrate(db.sql, migrations, { concurrency: 3 });
    expect(third).toMatchObject({ sharedApplied: [], tenantsPending: 0, tenantsMigrated: 0, failures: [] });
  });

  it('exits non-zero from the command line, naming each tenant that failed', async () => {
    const broken = await signedUpUnderRelease(defaultMigrationsDir(), 'Broken From CLI');
    await db.sql`drop table ${db.sql(broken.schema)}.locations cascade`;

    const failure = await run('npx', ['tsx', 'shared/db/migrate-cli.ts'], {
      env: { ...process.env, DATABASE_URL: db.url, MIGRATIONS_DIR: nextDir, MIGRATE_CONCURRENCY: '2' },
    }).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(`FAILED ${broken.id} (${broken.schema})`);
    expect(failure?.stdout).toMatch(/failed: 1/);
  });

  it('stops a tenant whose entries already overlap at the constraint, naming it, and resumes once corrected', async () => {
    const migrations = await loadMigrations();
    const constraint = migrations.tenant.find((m) => m.name.includes('entries_never_overlap'));
    // A tenant from before the constraint, whose clock-in raced a manager's entry.
    const before = await migrationsBefore(constraint?.version ?? 0);
    const tenant = await signedUpUnderRelease(before, 'Paid Twice');
    await rm(before, { recursive: true, force: true });
    const s = db.sql(tenant.schema);
    const [site] =
      await db.sql`insert into ${s}.locations (name, time_zone) values ('Main', 'UTC') returning id`;
    const [worker] = await db.sql`insert into ${s}.employees (name) values ('Olly') returning id`;
    const entry = (from: string, to: string, source: string) => db.sql`
      insert into ${s}.time_entries (employee_id, location_id, clock_in, clock_out, source)
      values (${worker?.id}, ${site?.id}, ${from}, ${to}, ${source}) returning id`;
    const [managers] = await entry('2026-11-02T09:00:00Z', '2026-11-02T17:00:00Z', 'manager');
    await entry('2026-11-02T16:00:00Z', '2026-11-02T18:00:00Z', 'self');

    const refused = await migrate(db.sql, migrations, { concurrency: 2 });
    await db.sql`update ${s}.time_entries set clock_out = '2026-11-02T16:00:00Z' where id = ${managers?.id}`;
    const resumed = await migrate(db.sql, migrations, { concurrency: 2 });
    const overlapping = entry('2026-11-02T17:00:00Z', '2026-11-02T19:00:00Z', 'manager');

    expect(refused.failures).toContainEqual({
      tenantId: tenant.id,
      schema: tenant.schema,
      error: expect.stringMatching(/time_entries_no_overlap/),
    });
    expect(resumed.failures.map((failure) => failure.tenantId)).not.toContain(tenant.id);
    await expect(overlapping).rejects.toThrow(/time_entries_no_overlap/);
  });

  it('keeps the calendar months of a business paid monthly when periods start to follow the anchor', async () => {
    const migrations = await loadMigrations();
    const anchored = migrations.tenant.find((m) => m.name.includes('monthly_period_anchor'));
    const before = await migrationsBefore(anchored?.version ?? 0);
    const monthly = await signedUpUnderRelease(before, 'Paid Monthly');
    const weekly = await signedUpUnderRelease(before, 'Paid Weekly');
    await rm(before, { recursive: true, force: true });
    const setPeriods = (tenant: Tenant, payPeriod: string) =>
      db.sql`update ${db.sql(tenant.schema)}.settings set pay_period = ${payPeriod}, pay_period_anchor = '2026-03-09'`;
    await setPeriods(monthly, 'monthly');
    await setPeriods(weekly, 'weekly');

    const result = await migrate(db.sql, migrations, { concurrency: 2 });
    const anchorOf = async (tenant: Tenant) =>
      (await db.sql`select pay_period_anchor::text as anchor from ${db.sql(tenant.schema)}.settings`)[0]
        ?.anchor;

    expect(result.failures).toEqual([]);
    expect(await anchorOf(monthly)).toBe('2026-03-01');
    expect(await anchorOf(weekly)).toBe('2026-03-09');
  });

  it('refuses a single-connection pool instead of deadlocking on its own lock', async () => {
    const single = createSql(db.url, { max: 1 });

    await expect(migrate(single, await loadMigrations(), { concurrency: 4 })).rejects.toThrow(/at least 2/);
    await single.end();
  });

  it('refuses migration folders with gaps or badly named files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rota-migrations-'));
    await cp(defaultMigrationsDir(), dir, { recursive: true });
    const skippedAhead = `${String(currentVersion + 2).padStart(4, '0')}_skipped_ahead.sql`;
    await writeFile(join(dir, 'tenant', skippedAhead), 'select 1;');

    await expect(loadMigrations(dir)).rejects.toThrow(/without gaps/);

    await rm(join(dir, 'tenant', skippedAhead));
    await writeFile(join(dir, 'shared', 'add-things.sql'), 'select 1;');
    await expect(loadMigrations(`${dir}/`)).rejects.toThrow(/0001_name\.sql/);
    await rm(dir, { recursive: true, force: true });
  });
});

// Deploys migrate while the old release still serves requests: these tests stall one side on a lock
// the test holds, so the other acts in the middle of it. Each gets a database of its own, as the
// runs move the tenant version on.
describe('a migration run while businesses come and go', () => {
  let own: TestDatabase;
  beforeEach(async () => {
    own = await createTestDatabase();
  });
  afterEach(async () => {
    await own.drop();
  });

  it('skips a business deleted while the run waited for it, instead of failing the deploy', async () => {
    const doomed = await provisionTenant(own.sql, { name: 'Closing Down' }, { actor });
    let deleting: Promise<void> | undefined;
    let migrating: Promise<MigrationReport> | undefined;
    // A reader of the business's data holds up the delete's DROP SCHEMA, and the delete holds the
    // registry row the run then waits for: the run listed the business while it was still live.
    await own.sql.begin(async (reader) => {
      await reader`lock table ${reader(doomed.schema)}.locations in access share mode`;
      deleting = deleteTenant(own.sql, doomed.id, { actor });
      await untilWaitingForALock(own.sql, 1);
      migrating = migrate(own.sql, await loadMigrations(nextDir), { concurrency: 2 });
      await untilWaitingForALock(own.sql, 2);
    });
    await deleting;
    const report = await migrating;

    expect(report?.failures).toEqual([]);
    const [row] = await own.sql`
      select status, migration_status from platform.tenants where id = ${doomed.id}`;
    expect(row).toEqual({ status: 'deleted', migration_status: 'ok' });
  });

  it('refuses a sign-up by the previous release once the run has listed the tenants; a retry on the new one succeeds', async () => {
    const existing = await provisionTenant(own.sql, { name: 'Already Here' }, { actor });
    const next = await loadMigrations(nextDir);
    let migrating: Promise<MigrationReport> | undefined;
    let signUpOnPreviousRelease: Promise<unknown> | undefined;
    // The run stalls on a tenant it listed; meanwhile a function still running the previous
    // release (the current files) provisions a business.
    await own.sql.begin(async (tx) => {
      await tx`select 1 from platform.tenants where id = ${existing.id} for update`;
      migrating = migrate(own.sql, next, { concurrency: 2 });
      await untilWaitingForALock(own.sql, 1);
      signUpOnPreviousRelease = provisionTenant(own.sql, { name: 'Too Early' }, { actor });
      await signUpOnPreviousRelease.catch(() => {});
    });
    const report = await migrating;
    const retried = await provisionTenant(own.sql, { name: 'Too Early' }, { actor, migrationsDir: nextDir });

    await expect(signUpOnPreviousRelease).rejects.toMatchObject({
      code: 'service_unavailable',
      message: expect.stringMatching(/being updated/),
    });
    expect(report?.failures).toEqual([]);
    expect(retried.schemaVersion).toBe(currentVersion + 1);
    const behind = await own.sql`
      select name from platform.tenants where status <> 'deleted' and schema_version <= ${currentVersion}`;
    expect(behind).toEqual([]);
  });

  it('migrates a business the previous release was provisioning when the run started', async () => {
    let migrating: Promise<MigrationReport> | undefined;
    // A sign-up's transaction built the schema at the previous version and has not committed yet
    // when the run starts: the run must wait for it and migrate it too.
    const provisioned = await own.sql.begin(async (tx) => {
      const tenant = await provisionTenantInTransaction(tx, { name: 'Mid Sign-Up' }, { actor });
      migrating = migrate(own.sql, await loadMigrations(nextDir), { concurrency: 2 });
      await untilWaitingForALock(own.sql, 1);
      return tenant;
    });
    const report = await migrating;

    expect(provisioned.schemaVersion).toBe(currentVersion);
    expect(report).toMatchObject({ tenantsPending: 1, failures: [] });
    const [row] = await own.sql`select schema_version from platform.tenants where id = ${provisioned.id}`;
    expect(row?.schema_version).toBe(currentVersion + 1);
  });
});
