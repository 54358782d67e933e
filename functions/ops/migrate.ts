import { config, loadSecretsIntoEnvironment } from '../../shared/config';
import { db } from '../../shared/db/client';
import { loadMigrations } from '../../shared/db/migration-files';
import { migrate } from '../../shared/db/migrator';
import { logger } from '../../shared/logger';

// Secrets arrive as ARNs in AWS: fetch them once, before anything reads the configuration.
await loadSecretsIntoEnvironment();

/**
 * Runs on every deploy (invoked by the stack after the database is up). Fails the invocation, and
 * so the deploy, when any tenant could not be migrated; the report names them.
 */
export const handler = async () => {
  const report = await migrate(db(), await loadMigrations(), { concurrency: config().MIGRATE_CONCURRENCY });
  logger.info('migration report', { report });
  if (report.failures.length > 0) {
    throw new Error(`Tenants failed to migrate: ${report.failures.map((f) => f.tenantId).join(', ')}`);
  }
  return report;
};
