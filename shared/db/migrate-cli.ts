/**
 * `npm run migrate`: shared migrations, then every tenant schema in parallel, with a progress bar.
 * Exits non-zero naming each tenant that failed; the others are migrated regardless, and running
 * it again resumes with the tenants still behind.
 */
import { SingleBar } from 'cli-progress';
import { config } from '../config';
import { createSql } from './client';
import { loadMigrations } from './migration-files';
import { type MigrationReport, migrate } from './migrator';

/** Where `npm start` serves its embedded database; used when DATABASE_URL is not set. */
const LOCAL_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54329/rota';

async function main(): Promise<number> {
  const { DATABASE_URL, MIGRATE_CONCURRENCY } = config();
  const url = DATABASE_URL ?? LOCAL_DATABASE_URL;
  const sql = createSql(url, { max: MIGRATE_CONCURRENCY + 2 });
  const bar = new SingleBar({
    format: 'tenants {bar} {value}/{total} | failed {failed} | {duration}s',
    noTTYOutput: !process.stdout.isTTY,
    notTTYSchedule: 5_000,
  });
  try {
    await sql`select 1`.catch((error) => {
      throw new Error(
        `Cannot reach the database at ${redact(url)}. Start it with \`npm start\` or set DATABASE_URL.`,
        { cause: error },
      );
    });
    let started = false;
    const report = await migrate(sql, await loadMigrations(), {
      concurrency: MIGRATE_CONCURRENCY,
      onProgress: ({ total, done, failed }) => {
        if (!started) {
          started = true;
          bar.start(total, 0, { failed: 0 });
        }
        bar.update(done, { failed });
      },
    });
    bar.stop();
    printReport(report);
    return report.failures.length > 0 ? 1 : 0;
  } finally {
    bar.stop();
    await sql.end({ timeout: 5 });
  }
}

function printReport(report: MigrationReport) {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`Shared migrations applied: ${report.sharedApplied.length ? report.sharedApplied.join(', ') : 'none'}`);
  out(`Tenant schema version: ${report.latestTenantVersion}`);
  out(
    `Tenants behind: ${report.tenantsPending}, migrated: ${report.tenantsMigrated}, failed: ${report.failures.length}`,
  );
  for (const failure of report.failures) {
    out(`  FAILED ${failure.tenantId} (${failure.schema}): ${failure.error}`);
  }
  if (report.failures.length > 0) out('Fix the failures and run `npm run migrate` again to resume.');
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : error}\n`);
    if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${String(error.cause)}\n`);
    process.exit(2);
  },
);
