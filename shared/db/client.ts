import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import postgres from 'postgres';
import { config } from '../config';
import { assertTenantSchema } from './identifiers';

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

const schemaIdentifiers = new Map<string, postgres.Helper<string>>();

/**
 * `sql(schema)` (a quoted identifier for a tenant schema), created once per schema and reused.
 * A fresh identifier or fragment in every query makes V8 keep each finished postgres.js query,
 * and with it its rows, alive through minor GCs: measured in-process on `GET /api/v1/shifts`,
 * 25 KB promoted per request instead of 6 KB and p99 latency doubled (bench/README.md, load).
 * Identifiers do not depend on the pool or transaction they are used with. Only generated tenant
 * schema names are accepted, so the cache holds at most one entry per tenant.
 */
export function schemaIdentifier(sql: Sql | TransactionSql, schema: string): postgres.Helper<string> {
  let identifier = schemaIdentifiers.get(schema);
  if (!identifier) {
    identifier = sql(assertTenantSchema(schema));
    schemaIdentifiers.set(schema, identifier);
  }
  return identifier;
}

type StatementBuilder = (quotedSchema: string) => string;
/** Statement texts by builder, then by tenant schema: no key is composed on the hot path. */
const tenantStatements = new Map<StatementBuilder, Map<string, string>>();

/**
 * A hot statement's text for one tenant schema, built by `build` (given the quoted schema) once
 * and then reused, for `sql.unsafe(text, params, { prepare: true })`. Built by postgres.js's
 * template on every call, a statement's text and fragments outlive minor GCs while it runs:
 * measured in-process on `GET /api/v1/shifts`, reusing the text cut young-generation GC time by a
 * third and the p99 added over the bare baseline by about half (bench/README.md, load). `build`
 * must be a module-level function (it is the cache key); only generated tenant schema names are
 * accepted, so the cache holds a few entries per tenant.
 */
export function tenantStatement({ schema }: { schema: string }, build: StatementBuilder): string {
  let bySchema = tenantStatements.get(build);
  if (!bySchema) {
    bySchema = new Map();
    tenantStatements.set(build, bySchema);
  }
  let text = bySchema.get(schema);
  if (text === undefined) {
    text = build(`"${assertTenantSchema(schema)}"`);
    bySchema.set(schema, text);
  }
  return text;
}

/**
 * The rows of a query as a plain array, leaving postgres.js's own result array empty. V8 keeps a
 * finished postgres.js query reachable for a while (see schemaIdentifier), and with it every row,
 * until the next full GC; emptying its array lets minor GCs free the rows. Used where it was
 * measured to matter: the shifts list, the load benchmark's busiest route.
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
 * Locally, `npm start` sets DATABASE_URL to the embedded server before the first call. With
 * DATABASE_SECRET_ARN (in AWS) the password comes from that secret and follows its rotation.
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

/** How long a password read from the secret is used for new connections before it is read again. */
export const SECRET_PASSWORD_TTL_MS = 30_000;

/**
 * The password from an RDS-managed secret (JSON with a `password` field), kept for
 * SECRET_PASSWORD_TTL_MS and then read again when the pool next opens a connection: a rotated
 * password takes effect on a warm function's connections opened from then on, and a cold start's
 * connections share one read (the caching AWS recommends for secrets in Lambda). A failed read is
 * retried on the next connection.
 */
function secretPassword(secretArn: string): () => Promise<string> {
  const client = new SecretsManagerClient({ region: config().AWS_REGION });
  let kept: { password: Promise<string>; readAt: number } | undefined;
  return () => {
    if (kept && Date.now() - kept.readAt < SECRET_PASSWORD_TTL_MS) return kept.password;
    const reading = client
      .send(new GetSecretValueCommand({ SecretId: secretArn }))
      .then((secret) => {
        const value = JSON.parse(secret.SecretString ?? '{}') as { password?: string };
        if (!value.password) throw new Error('The database secret has no password field');
        return value.password;
      })
      .catch((error: unknown) => {
        if (kept?.password === reading) kept = undefined;
        throw error;
      });
    kept = { password: reading, readAt: Date.now() };
    return reading;
  };
}
