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
  /**
   * Called when the server refuses the password a new connection offered (the secret was rotated
   * since `password` last read it); `password` must answer the current one once it settles. The
   * request that met the refusal is then sent once more. See {@link retryingRefusedPasswords}.
   */
  renewPassword?: () => Promise<void>;
}

/** Opens a pool against `url`. Notices are dropped: `create schema if not exists` is chatty. */
export function createSql(url: string, options: SqlOptions = {}): Sql {
  const sql = postgres(url, {
    max: options.max ?? 10,
    prepare: options.prepare ?? true,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'rota' },
    ...(options.password ? { password: options.password } : {}),
  });
  return options.renewPassword ? retryingRefusedPasswords(sql, options.renewPassword) : sql;
}

/**
 * SQLSTATEs of a refused login: 28P01 invalid_password is PostgreSQL's answer to a wrong password.
 * 28000 invalid_authorization_specification (PostgreSQL's when no pg_hba rule admits the login) is
 * taken too, in case a proxy in front reports a refused password with it; RDS Proxy's code is not
 * documented. A needless renewal costs one secret read and one retry.
 */
const REFUSED_LOGIN = new Set(['28P01', '28000']);

function isRefusedLogin(error: unknown): boolean {
  return error instanceof postgres.PostgresError && REFUSED_LOGIN.has(error.code);
}

/** The parts of a postgres.js query object (src/query.js) this module relies on. */
interface QueryInternals {
  /** The pool's dispatcher, called once with the query when it is first awaited or executed. */
  handler: ((query: QueryInternals) => void) & { debug?: unknown };
  /** Settles the query's promise with an error; connections call it as `query.reject(error)`. */
  reject: (error: unknown) => void;
  [originalReject]?: (error: unknown) => void;
  [sentAfter]?: number;
}
const originalReject = Symbol('reject before retryingRefusedPasswords');
const sentAfter = Symbol('password renewals before the query was sent');

/**
 * `sql` whose requests survive a rotated database password. postgres.js asks for the password
 * whenever it opens a connection (on first use, and again after 60 s idle or a dropped
 * connection); the caller keeps the value, so that costs no Secrets Manager call, but then a warm
 * process holds it for its life. After a rotation, the next connection it opens is refused, and
 * postgres.js reports that in one place only: it rejects the one request that opened the
 * connection (a query, or the connection wanted by `begin` or `reserve`) with the server's error,
 * code 28P01, and does not reconnect (node_modules/postgres/src/connection.js: ErrorResponse
 * during startup → `errored` → `queryError(initial, …)`; `closed` reconnects only while that
 * request is still pending). The pool has no error hook and the password function is not told
 * the outcome. So the refusal is caught on each request: on that error `renew` re-reads the
 * secret, and the request goes to the pool once more, opening a connection with the new password.
 * A request is retried at most once, and only for a refused login, which happens before anything
 * was sent, so no statement runs twice.
 *
 * Queries (`sql\`…\``, `sql.unsafe`, `sql.file`) are lazy objects the pool dispatches through their
 * own `handler`; that dispatch is wrapped so a refused query is dispatched again (same object, so
 * `.values()`, cursors and the rest still apply). `begin` and `reserve` take their connection
 * through internal requests, so they are retried whole: `begin` only when its callback never
 * started. Transactions and reserved connections run on a connection that is already open, so the
 * `sql` they hand out needs no wrapping. Only pools with a renewable password are wrapped. These
 * are postgres.js internals (3.4): test/integration/db-client.test.ts rotates a real password
 * through this and fails if an upgrade changes them.
 */
export function retryingRefusedPasswords(sql: Sql, renew: () => Promise<void>): Sql {
  // Renewals finished so far. Connections opened together with the old password are refused
  // together; a refusal of a request sent before the latest renewal finished needs no new read.
  let renewals = 0;
  let renewing: Promise<void> | undefined;
  function renewSince(seen: number): Promise<void> {
    if (renewals !== seen) return Promise.resolve();
    renewing ??= renew().then(
      () => {
        renewals += 1;
        renewing = undefined;
      },
      (error: unknown) => {
        renewing = undefined;
        throw error;
      },
    );
    return renewing;
  }

  let poolHandler: QueryInternals['handler'] | undefined;
  function dispatch(query: QueryInternals): void {
    query[originalReject] = query.reject;
    query[sentAfter] = renewals;
    query.reject = rejectOrRetry;
    (poolHandler as QueryInternals['handler'])(query);
  }
  function rejectOrRetry(this: QueryInternals, error: unknown): void {
    const reject = this[originalReject] as (error: unknown) => void;
    this.reject = reject;
    if (!isRefusedLogin(error)) {
      reject(error);
      return;
    }
    renewSince(this[sentAfter] as number).then(
      () => (poolHandler as QueryInternals['handler'])(this),
      () => reject(error),
    );
  }
  function retrying<T>(query: T): T {
    const internals = query as unknown as QueryInternals;
    if (poolHandler === undefined) {
      poolHandler = internals.handler;
      Object.assign(dispatch, { debug: poolHandler.debug });
    }
    internals.handler = dispatch;
    return query;
  }
  async function retriedOnce<T>(request: () => Promise<T>, mayRetry: () => boolean = () => true): Promise<T> {
    const seen = renewals;
    try {
      return await request();
    } catch (error) {
      if (!isRefusedLogin(error) || !mayRetry()) throw error;
      await renewSince(seen).catch(() => {
        throw error;
      });
      return request();
    }
  }

  const unsafe = ((...args: unknown[]) =>
    retrying((sql.unsafe as (...a: unknown[]) => unknown)(...args))) as Sql['unsafe'];
  const file = ((...args: unknown[]) =>
    retrying((sql.file as (...a: unknown[]) => unknown)(...args))) as Sql['file'];
  const reserve: Sql['reserve'] = () => retriedOnce(() => sql.reserve());
  const begin = ((...args: unknown[]) => {
    const callback = args.pop() as (transaction: TransactionSql) => unknown;
    let started = false;
    const run = () =>
      (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args, (transaction: TransactionSql) => {
        started = true;
        return callback(transaction);
      });
    return retriedOnce(run, () => !started);
  }) as Sql['begin'];
  const wrapped: Partial<Record<PropertyKey, unknown>> = { unsafe, file, reserve, begin };

  return new Proxy(sql, {
    apply(target, thisArg, args) {
      const result = Reflect.apply(target, thisArg, args) as unknown;
      // A tagged template makes a query; `sql(name)` and `sql(rows, …)` make helpers, left alone.
      return Array.isArray((args[0] as { raw?: unknown } | undefined)?.raw) ? retrying(result) : result;
    },
    get(target, property, receiver) {
      return Object.hasOwn(wrapped, property) ? wrapped[property] : Reflect.get(target, property, receiver);
    },
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
    const secret = DATABASE_SECRET_ARN ? secretPassword(DATABASE_SECRET_ARN) : undefined;
    shared = createSql(DATABASE_URL, {
      max: DATABASE_POOL_MAX,
      prepare: DATABASE_PREPARE,
      ...(secret ? { password: secret.password, renewPassword: secret.renew } : {}),
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
 * The password from an RDS-managed secret (JSON with a `password` field), read on first use and
 * kept, so opening a connection costs no Secrets Manager call; `renew` reads it again, which the
 * pool does when the server refuses the kept one (after a rotation, see
 * {@link retryingRefusedPasswords}). Connections opening meanwhile wait for that read. A failed
 * read is retried on the next connection.
 */
function secretPassword(secretArn: string): { password: () => Promise<string>; renew: () => Promise<void> } {
  const client = new SecretsManagerClient({ region: config().AWS_REGION });
  let password: Promise<string> | undefined;
  const read = (): Promise<string> => {
    const reading = client
      .send(new GetSecretValueCommand({ SecretId: secretArn }))
      .then((secret) => {
        const value = JSON.parse(secret.SecretString ?? '{}') as { password?: string };
        if (!value.password) throw new Error('The database secret has no password field');
        return value.password;
      })
      .catch((error: unknown) => {
        if (password === reading) password = undefined;
        throw error;
      });
    password = reading;
    return reading;
  };
  return {
    password: () => password ?? read(),
    renew: async () => {
      await read();
    },
  };
}
