import postgres from 'postgres';
import { config } from '../config';

/** A postgres.js client: a pool of connections that carry no tenant state between queries. */
export type Sql = postgres.Sql;
/** A transaction handle from `sql.begin()`. */
export type TransactionSql = postgres.TransactionSql;

export interface SqlOptions {
  /** Pool size; defaults to DATABASE_POOL_MAX. */
  max?: number;
  /** false behind RDS Proxy, which pins sessions that use named prepared statements. */
  prepare?: boolean;
}

/** Opens a pool against `url`. Notices are dropped: `create schema if not exists` is chatty. */
export function createSql(url: string, options: SqlOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    prepare: options.prepare ?? true,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'rota' },
  });
}

let shared: Sql | undefined;

/**
 * The process-wide pool, created on first use from DATABASE_URL so a warm Lambda reuses it.
 * Locally, `npm start` sets DATABASE_URL to the embedded server before the first call.
 */
export function db(): Sql {
  if (!shared) {
    const { DATABASE_URL, DATABASE_POOL_MAX, DATABASE_PREPARE } = config();
    if (!DATABASE_URL) throw new Error('DATABASE_URL is not set');
    shared = createSql(DATABASE_URL, { max: DATABASE_POOL_MAX, prepare: DATABASE_PREPARE });
  }
  return shared;
}

/** Closes the process-wide pool (local runner shutdown, CLI exit). */
export async function closeDb(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.end({ timeout: 5 });
}
