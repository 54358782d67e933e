/**
 * Provisioning: how long creating one tenant takes (registry row, schema and every table at the
 * latest version, audit entry), against the bare DDL batch it is built on, interleaved one for one.
 */
import { newTenantId, tenantSchemaName } from '../shared/db/identifiers';
import { loadMigrations, renderTenantMigrations } from '../shared/db/migration-files';
import { provisionTenant } from '../shared/tenancy/provision';
import { benchDatabase, round, saveResult, stats } from './lib';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 200);
const WARMUP = 20;

export async function runProvisionBench(): Promise<void> {
  const db = await benchDatabase(4);
  try {
    const { tenant: migrations } = await loadMigrations();
    const platform: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < WARMUP + TENANTS; i++) {
      const started = performance.now();
      await provisionTenant(db.sql, { name: `Bench ${i}` }, { actor: 'system:bench' });
      const platformMs = performance.now() - started;

      const schema = tenantSchemaName(newTenantId());
      const ddl = `create schema "${schema}";\n${renderTenantMigrations(migrations, schema)}`;
      const bareStarted = performance.now();
      await db.sql.begin((tx) => tx.unsafe(ddl));
      const bareMs = performance.now() - bareStarted;

      if (i >= WARMUP) {
        platform.push(platformMs);
        bare.push(bareMs);
      }
    }
    const tables = await db.sql`
      select count(*)::int as n from information_schema.tables
      where table_schema = (select schema_name from platform.tenants limit 1)`;
    const metrics = stats(platform);
    const baseline = stats(bare);
    await saveResult({
      name: 'provision',
      postgresVersion: db.postgresVersion,
      params: {
        tenants: TENANTS,
        warmup: WARMUP,
        tenantMigrations: migrations.length,
        tablesPerTenant: tables[0]?.n,
      },
      metrics: { ...metrics, ratio_p95_vs_baseline: round(metrics.p95_ms / baseline.p95_ms) },
      baseline: { what: 'bare DDL batch in one transaction (no registry row, no audit)', metrics: baseline },
      target: { p95_ms: 100 },
    });
  } finally {
    await db.close();
  }
}
