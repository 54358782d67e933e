import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql } from '../../shared/db/client';
import { assertTenantSchema, tenantSchemaName } from '../../shared/db/identifiers';
import { defaultMigrationsDir, latestVersion, loadMigrations } from '../../shared/db/migration-files';
import { AppError, NotFoundError } from '../../shared/errors';
import { deleteTenant } from '../../shared/tenancy/delete';
import { exportTenant } from '../../shared/tenancy/export';
import { provisionTenant } from '../../shared/tenancy/provision';
import { getTenant, toTenant } from '../../shared/tenancy/registry';
import { createEmployee } from '../../shared/timekeeping/employees';
import { createLocation, listLocations } from '../../shared/timekeeping/locations';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const actor = 'system:test';

async function tablesIn(schema: string): Promise<string[]> {
  const rows = await db.sql<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = ${schema} order by table_name`;
  return rows.map((row) => row.table_name);
}

async function schemaExists(schema: string): Promise<boolean> {
  const [row] = await db.sql`select 1 from information_schema.schemata where schema_name = ${schema}`;
  return Boolean(row);
}

describe('provisioning', () => {
  it('creates the schema with every table at the latest tenant version, registered and audited', async () => {
    const { tenant: migrations } = await loadMigrations();

    const tenant = await provisionTenant(db.sql, { name: 'Bean There Cafés' }, { actor });

    expect(tenant.schema).toBe(`t_${tenant.id}`);
    expect(tenant.schemaVersion).toBe(latestVersion(migrations));
    expect(await tablesIn(tenant.schema)).toContain('locations');
    const [audit] = await db.sql`select actor, action from platform.audit_log where tenant_id = ${tenant.id}`;
    expect(audit).toEqual({ actor, action: 'tenant.created' });
  });

  it('leaves no schema and no registry row when a tenant migration fails', async () => {
    const brokenDir = await mkdtemp(join(tmpdir(), 'rota-migrations-'));
    await cp(defaultMigrationsDir(), brokenDir, { recursive: true });
    const next = String(latestVersion((await loadMigrations()).tenant) + 1).padStart(4, '0');
    await writeFile(
      join(brokenDir, 'tenant', `${next}_broken.sql`),
      'create table :"tenant_schema".x (id nonsense_type);',
    );
    const before = await db.sql`select count(*)::int as n from platform.tenants`;
    const schemasBefore = await db.sql`select count(*)::int as n from information_schema.schemata`;

    await expect(
      provisionTenant(db.sql, { name: 'Doomed' }, { actor, migrationsDir: brokenDir }),
    ).rejects.toThrow(/nonsense_type/);

    expect(await db.sql`select count(*)::int as n from platform.tenants`).toEqual(before);
    expect(await db.sql`select count(*)::int as n from information_schema.schemata`).toEqual(schemasBefore);
    await rm(brokenDir, { recursive: true, force: true });
  });

  it('rejects a blank or oversized tenant name', async () => {
    await expect(provisionTenant(db.sql, { name: '   ' }, { actor })).rejects.toThrow();
    await expect(provisionTenant(db.sql, { name: 'x'.repeat(201) }, { actor })).rejects.toThrow();
  });
});

describe('isolation', () => {
  it('never shows one tenant the rows of another, even over one shared pooled connection', async () => {
    const single = createSql(db.url, { max: 1 });
    try {
      const a = await provisionTenant(single, { name: 'Tenant A' }, { actor });
      const b = await provisionTenant(single, { name: 'Tenant B' }, { actor });

      // Interleave writes and reads for both tenants on the same connection.
      await createLocation(single, a, { name: 'A-North', timeZone: 'Europe/London' });
      await createLocation(single, b, { name: 'B-East', timeZone: 'America/New_York' });
      const [firstA, firstB] = await Promise.all([listLocations(single, a), listLocations(single, b)]);
      await createLocation(single, a, { name: 'A-South', timeZone: 'Europe/London' });
      const [secondB, secondA] = await Promise.all([listLocations(single, b), listLocations(single, a)]);

      expect(firstA.map((l) => l.name)).toEqual(['A-North']);
      expect(firstB.map((l) => l.name)).toEqual(['B-East']);
      expect(secondA.map((l) => l.name)).toEqual(['A-North', 'A-South']);
      expect(secondB.map((l) => l.name)).toEqual(['B-East']);
      // The connection carries no tenant state: no search_path was changed.
      const [{ search_path }] = (await single`show search_path`) as unknown as [{ search_path: string }];
      expect(search_path).toBe('"$user", public');
    } finally {
      await single.end();
    }
  });

  it('rejects malicious or foreign schema names before any SQL runs', async () => {
    const attacks = [
      't_abcdefgh"; drop schema platform cascade; --',
      'public',
      'platform',
      'T_ABCDEFGH',
      't_short',
      'pg_catalog',
    ];

    for (const attack of attacks) {
      expect(() => assertTenantSchema(attack)).toThrow(AppError);
      expect(() =>
        toTenant({
          id: 'x',
          schema_name: attack,
          name: 'x',
          status: 'active',
          schema_version: 1,
          created_at: new Date(),
        }),
      ).toThrow(/Not a tenant schema name/);
    }
    expect(() => tenantSchemaName('abc"def12')).toThrow(/Not a tenant id/);
    expect(await schemaExists('platform')).toBe(true);
  });
});

describe('export', () => {
  it('streams every row of the tenant and none of any other as one JSON document', async () => {
    const tenant = await provisionTenant(db.sql, { name: 'Export Me' }, { actor });
    const other = await provisionTenant(db.sql, { name: 'Not Me' }, { actor });
    await createLocation(db.sql, other, { name: 'Secret Site', timeZone: 'Europe/Paris' });
    // More rows than one cursor batch (500), so the export really pages through the table.
    await db.sql`
      insert into ${db.sql(tenant.schema)}.locations (name, time_zone)
      select 'Site ' || n, 'Europe/London' from generate_series(1, 1203) as n`;

    const chunks: string[] = [];
    for await (const chunk of exportTenant(db.sql, tenant)) chunks.push(chunk);
    const document = JSON.parse(chunks.join(''));

    expect(chunks.length).toBeGreaterThan(3);
    expect(document.format).toBe('rota.tenant-export');
    expect(document.tenant).toEqual({
      id: tenant.id,
      name: 'Export Me',
      schemaVersion: tenant.schemaVersion,
    });
    expect(document.tables.locations).toHaveLength(1203);
    expect(JSON.stringify(document)).not.toContain('Secret Site');
  });

  it('leaves out kiosk PIN hashes: a 4 to 6 digit PIN is found from its hash in minutes', async () => {
    const tenant = await provisionTenant(db.sql, { name: 'Export PINs' }, { actor });
    const site = await createLocation(db.sql, tenant, { name: 'Till', timeZone: 'Europe/London' });
    await createEmployee(db.sql, tenant, { name: 'Pinned', locationIds: [site.id], pin: '2468' });

    const chunks: string[] = [];
    for await (const chunk of exportTenant(db.sql, tenant)) chunks.push(chunk);
    const [employee] = JSON.parse(chunks.join('')).tables.employees;

    expect(employee).toMatchObject({ name: 'Pinned', pin_failed_attempts: 0 });
    expect(Object.keys(employee)).not.toContain('pin_hash');
  });
});

describe('an export abandoned by its reader', () => {
  it('gives its connection back to the pool outside the export’s read-only transaction', async () => {
    // One connection, so the next query surely gets the one the export used.
    const pool = createSql(db.url, { max: 1 });
    const tenant = await provisionTenant(pool, { name: 'Half Exported' }, { actor });
    const exporting = exportTenant(pool, tenant);
    await exporting.next(); // the header: the transaction is open
    await exporting.next();

    await exporting.return(undefined); // what a destroyed stream does to its generator
    const [state] = await pool`
      select current_setting('transaction_isolation') as isolation,
             current_setting('transaction_read_only') as read_only`;
    const write = await createLocation(pool, tenant, { name: 'Second', timeZone: 'UTC' });
    await pool.end();

    expect(state).toEqual({ isolation: 'read committed', read_only: 'off' });
    expect(write.name).toBe('Second');
  });
});

describe('deletion', () => {
  it('drops the schema, marks the tenant deleted and audits it, leaving other tenants alone', async () => {
    const doomed = await provisionTenant(db.sql, { name: 'Closing Down' }, { actor });
    const survivor = await provisionTenant(db.sql, { name: 'Still Trading' }, { actor });
    await createLocation(db.sql, survivor, { name: 'Main St', timeZone: 'Europe/Dublin' });

    await deleteTenant(db.sql, doomed.id, { actor: 'operator:ops-1', reason: 'customer request' });

    expect(await schemaExists(doomed.schema)).toBe(false);
    expect((await getTenant(db.sql, doomed.id)).status).toBe('deleted');
    const [audit] = await db.sql`
      select actor, details from platform.audit_log where tenant_id = ${doomed.id} and action = 'tenant.deleted'`;
    expect(audit).toEqual({
      actor: 'operator:ops-1',
      details: { schema: doomed.schema, reason: 'customer request' },
    });
    expect((await listLocations(db.sql, survivor)).map((l) => l.name)).toEqual(['Main St']);
    await expect(deleteTenant(db.sql, doomed.id, { actor })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteTenant(db.sql, 'nosuchtenant0', { actor })).rejects.toBeInstanceOf(NotFoundError);
  });
});
