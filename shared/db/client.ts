import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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
  /** Supplies the password when a connection opens (from Secrets Manager in AWS). */
  password?: () => Promise<string>;
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
    ...(options.password ? { password: options.password } : {}),
  });
}

/**
 * The rows of a query as a plain array, leaving postgres.js's own result array empty. V8 keeps
 * each finished postgres.js query reachable from young objects for a while, so every row of a
 * list survived minor GCs and was copied into the old generation: 29 KB promoted per
 * `GET /api/v1/shifts` of 50 rows, scavenges of ~3.5 ms instead of ~1 ms (bench/results/load.json).
 * List queries hand their rows over with this; single-row lookups need not.
 */
export async function takeRows<T>(query: PromiseLike<T[]>): Promise<T[]> {
  const result = await query;
  const rows = Array.from(result);
  result.length = 0;
  return rows;
}

let shared: Sql | undefined;

/**
 * The process-wide pool, created on first use from DATABASE_URL so a warm Lambda reuses it.
 * Locally, `npm start` sets DATABASE_URL to the embedded server before the first call.
 */
export function db(): Sql {
  if (!shared) {
    const { DATABASE_URL, DATABASE_POOL_MAX, DATABASE_PREPARE, DATABASE_SECRET_ARN } = config();
    if (!DATABASE_URL) throw new Error('DATABASE_URL is not set');
    shared = createSql(DATABASE_URL, {
      max: DATABASE_POOL_MAX,
      prepare: DATABASE_PREPARE,
      ...(DATABASE_SECRET_ARN ? { password: secretPassword(DATABASE_SECRET_ARN) } : {}),
    });
  }
  return shared;
}

/** Closes the process-wide pool (local runner shutdown, CLI exit). */
export async function closeDb(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.end({ timeout: 5 });
}

/**
 * The password from an RDS-managed secret (JSON with a `password` field), fetched on first use and
 * kept for the life of the process; a failed fetch is retried on the next connection.
 */
function secretPassword(secretArn: string): () => Promise<string> {
  let password: Promise<string> | undefined;
  return () => {
    password ??= new SecretsManagerClient({ region: config().AWS_REGION })
      .send(new GetSecretValueCommand({ SecretId: secretArn }))
      .then((secret) => {
        const value = JSON.parse(secret.SecretString ?? '{}') as { password?: string };
        if (!value.password) throw new Error('The database secret has no password field');
        return value.password;
      })
      .catch((error: unknown) => {
        password = undefined;
        throw error;
      });
    return password;
  };
}
