import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createSql, type Sql } from '../../shared/db/client';
import { loadMigrations } from '../../shared/db/migration-files';
import { migrate } from '../../shared/db/migrator';
import { eventually } from './eventually';

export interface TestDatabase {
  url: string;
  sql: Sql;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database on the test cluster, private to the calling test file, so files run
 * in parallel without seeing each other's tenants.
 */
export async function createTestDatabase(
  options: { migrated?: boolean; max?: number } = {},
): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `rota_test_${randomBytes(6).toString('hex')}`;
  const admin = createSql(adminUrl, { max: 1 });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = createSql(url.toString(), { max: options.max ?? 10 });
  if (options.migrated !== false) await migrate(sql, await loadMigrations(), { concurrency: 4 });
  return {
    url: url.toString(),
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const cleanup = createSql(adminUrl, { max: 1 });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}

/**
 * Waits until `sessions` sessions of the test database wait for a lock: requests under test have
 * reached the row or constraint a transaction the test holds open (or one of them) has taken.
 */
export async function untilWaitingForALock(sql: TestDatabase['sql'], sessions = 1): Promise<void> {
  await eventually(async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    return row && row.n >= sessions ? true : undefined;
  });
}

/**
 * Two or more requests arriving at the same moment, in a set order: while `hold` keeps a row
 * locked in a transaction of the test's own, each request is sent once the one before waits for a
 * lock; then the transaction ends and the requests are let go. Answers their results in order.
 */
export async function inOrderBehindALock<T>(
  sql: TestDatabase['sql'],
  hold: (tx: TestDatabase['sql']) => PromiseLike<unknown>,
  requests: (() => Promise<T>)[],
): Promise<T[]> {
  const sent: Promise<T>[] = [];
  await sql.begin(async (tx) => {
    await hold(tx as unknown as TestDatabase['sql']);
    for (const request of requests) {
      sent.push(request());
      await untilWaitingForALock(sql, sent.length);
    }
  });
  return Promise.all(sent);
}
