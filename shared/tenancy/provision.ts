import { config } from '../config';
import type { Sql, TransactionSql } from '../db/client';
import { newTenantId, tenantSchemaName } from '../db/identifiers';
import { latestVersion, loadMigrations, renderTenantMigrations } from '../db/migration-files';
import { AppError } from '../errors';
import { z } from '../zod';
import { writeAudit } from './audit';
import { type Tenant, toTenant } from './registry';

export const provisionTenantInput = z.object({
  name: z.string().trim().min(1).max(200),
});
export type ProvisionTenantInput = z.infer<typeof provisionTenantInput>;

/**
 * Creates a tenant: registry row, schema and every table at the latest tenant version, all in one
 * transaction, so a failure leaves neither a half-built schema nor a registry row behind.
 * The DDL goes to PostgreSQL as one batch (one round trip).
 */
export async function provisionTenant(
  sql: Sql,
  input: ProvisionTenantInput,
  options: { actor: string; migrationsDir?: string },
): Promise<Tenant> {
  return sql.begin((tx) => provisionTenantInTransaction(tx, input, options));
}

/**
 * The same, inside a transaction the caller owns, so sign-up can create the user, the
 * organization and the tenant together or not at all.
 */
export async function provisionTenantInTransaction(
  tx: TransactionSql,
  input: ProvisionTenantInput,
  options: { actor: string; migrationsDir?: string },
): Promise<Tenant> {
  const { name } = provisionTenantInput.parse(input);
  const { tenant: migrations } = await loadMigrations(options.migrationsDir);
  await assertMigrationsAreCurrent(tx, latestVersion(migrations));
  const id = newTenantId();
  const schema = tenantSchemaName(id);
  await tx.unsafe(`create schema "${schema}";\n${renderTenantMigrations(migrations, schema)}`);
  const [row] = await tx`
    insert into platform.tenants (id, schema_name, name, schema_version, migrated_at)
    values (${id}, ${schema}, ${name}, ${latestVersion(migrations)}, now())
    returning id, schema_name, name, status, schema_version, created_at`;
  await startTrial(tx, id);
  await writeAudit(tx, { actor: options.actor, action: 'tenant.created', tenantId: id, details: { name } });
  return toTenant(row as Parameters<typeof toTenant>[0]);
}

/**
 * Refuses to build a tenant from migrations older than the version the last migration run set
 * (platform.tenant_schema_target): during a deploy, this code may be the previous release's, still
 * serving after the new release's run listed the tenants it migrates. Such a tenant would stay on
 * the old version with the run reporting success.
 *
 * The row is read FOR SHARE and stays locked until this transaction commits, and the migrator sets
 * it before it lists the tenants, waiting for such locks. So either this transaction commits first,
 * and the run sees the new tenant and migrates it, or it reads the run's version and refuses here;
 * no tenant falls between the two. Provisioning at a newer version than the target is fine: the
 * run that follows finds it already there.
 */
async function assertMigrationsAreCurrent(tx: TransactionSql, ownLatestVersion: number): Promise<void> {
  const [target] = await tx<{ version: number }[]>`
    select version from platform.tenant_schema_target for share`;
  if (target && ownLatestVersion < target.version) {
    throw new AppError('service_unavailable', 'Rota is being updated; try again in a minute.');
  }
}

/** Every new business starts on a Pro trial without a card (TRIAL_DAYS; 0 = Free from the start). */
async function startTrial(tx: TransactionSql, tenantId: string): Promise<void> {
  const days = config().TRIAL_DAYS;
  await tx`
    insert into platform.subscriptions (tenant_id, plan, trial_ends_at)
    values (${tenantId}, ${days > 0 ? 'pro' : 'free'}, ${days > 0 ? tx`now() + make_interval(days => ${days})` : null})`;
}
