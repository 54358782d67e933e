import { randomBytes } from 'node:crypto';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { resetConfig } from '../../shared/config';
import { closeDb, createSql, db, SECRET_PASSWORD_TTL_MS } from '../../shared/db/client';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { type SecretsManagerStandIn, startSecretsManager } from '../helpers/secrets-manager';

describe('createSql', () => {
  it('asks for the password when a connection opens (how the Secrets Manager password is supplied)', async () => {
    const url = new URL(inject('adminDatabaseUrl'));
    const password = url.password;
    url.password = '';
    let asked = 0;
    const sql = createSql(url.toString(), {
      max: 1,
      password: async () => {
        asked += 1;
        return decodeURIComponent(password);
      },
    });

    const [{ one }] = (await sql`select 1 as one`) as unknown as [{ one: number }];
    await sql.end();
    const wrong = createSql(url.toString(), { max: 1, password: async () => 'not the password' });
    const failure = await wrong`select 1`.catch((error: Error) => error);
    await wrong.end();

    expect(one).toBe(1);
    expect(asked).toBe(1);
    expect(String(failure)).toMatch(/password authentication failed/);
  });
});

describe('db() with DATABASE_SECRET_ARN', () => {
  // A login role of its own whose password the tests rotate, as RDS's rotation does to `rota`.
  const role = `rota_rotation_${randomBytes(4).toString('hex')}`;
  const secretName = `rota/test/database-${role}`;
  const saved = { ...process.env };
  let database: TestDatabase;
  let secrets: SecretsManagerStandIn;
  let secretArn: string;

  /** What ops and RDS rotation do: a new password for the role, then in the secret. */
  async function rotatePassword(password: string, options: { updateSecret?: boolean } = {}) {
    await database.sql.unsafe(`alter role "${role}" password '${password}'`);
    if (options.updateSecret !== false) {
      const client = new SecretsManagerClient({ region: 'us-east-1' });
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretArn,
          SecretString: JSON.stringify({ username: role, password }),
        }),
      );
    }
  }

  /**
   * Ends the pool's connections, as its 60-second idle timeout would, so the next query opens one,
   * and lets the clock pass the time a read password is kept. The timeout makes the server wait
   * until each backend has exited (and closed its socket); the pause lets the pool see the close
   * before the test's next query would pick a dead connection.
   */
  async function endConnectionsLater() {
    await database.sql`
      select pg_terminate_backend(pid, 5000) from pg_stat_activity where usename = ${role}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
    vi.setSystemTime(Date.now() + SECRET_PASSWORD_TTL_MS);
  }

  beforeAll(async () => {
    // Only Date: the tests move the clock past the time a password is kept.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    database = await createTestDatabase({ migrated: false });
    await database.sql.unsafe(`create role "${role}" login password 'first-password'`);
    secrets = await startSecretsManager();
    secretArn = secrets.put(secretName, JSON.stringify({ username: role, password: 'first-password' }));
    const url = new URL(database.url);
    url.username = role;
    url.password = '';
    Object.assign(process.env, {
      DATABASE_URL: url.toString(),
      DATABASE_SECRET_ARN: secretArn,
      DATABASE_POOL_MAX: '3',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    resetConfig();
  });

  afterAll(async () => {
    vi.useRealTimers();
    await closeDb();
    process.env = saved;
    resetConfig();
    await secrets?.stop();
    if (!database) return;
    await database.sql`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role}`;
    await database.sql.unsafe(`drop role if exists "${role}"`);
    await database.drop();
  });

  it('reads the password from the secret once for connections opening together', async () => {
    const sessions = await Promise.all(
      [1, 2, 3].map(() => db()<{ pid: number }[]>`select pg_backend_pid() as pid, pg_sleep(0.1)`),
    );

    expect(new Set(sessions.map(([row]) => row?.pid)).size).toBe(3);
    expect(secrets.reads(secretArn)).toBe(1);
  });

  it('keeps the password it read for new connections until it is SECRET_PASSWORD_TTL_MS old', async () => {
    const readsBefore = secrets.reads(secretArn);
    await database.sql`select pg_terminate_backend(pid, 5000) from pg_stat_activity where usename = ${role}`;
    await new Promise((resolve) => setTimeout(resolve, 100));

    const [row] = await db()<{ user: string }[]>`select current_user as user`;

    expect(row?.user).toBe(role);
    expect(secrets.reads(secretArn)).toBe(readsBefore);
  });

  it('opens connections with the new password after the secret is rotated', async () => {
    const readsBefore = secrets.reads(secretArn);
    await rotatePassword('second-password');
    await endConnectionsLater();

    // Three at once: each opens a connection, and they share one read of the secret.
    const users = await Promise.all(
      [1, 2, 3].map(() => db()<{ user: string }[]>`select current_user as user, pg_sleep(0.1)`),
    );

    expect(users.map(([row]) => row?.user)).toEqual([role, role, role]);
    expect(secrets.reads(secretArn)).toBe(readsBefore + 1);
  });

  it('opens transactions and reserved connections with the new password too', async () => {
    await rotatePassword('third-password');
    await endConnectionsLater();
    const inTransaction = await db().begin(
      async (tx) => (await tx<{ user: string }[]>`select current_user as user`)[0],
    );
    await rotatePassword('fourth-password');
    await endConnectionsLater();
    const reserved = await db().reserve();
    const [onReserved] = await reserved<{ user: string }[]>`select current_user as user`;
    reserved.release();

    expect(inTransaction?.user).toBe(role);
    expect(onReserved?.user).toBe(role);
  });

  it('leaves queries, helpers and other errors as postgres.js makes them', async () => {
    const readsBefore = secrets.reads(secretArn);
    const sql = db();

    const [named] = await sql<{ user: string }[]>`select ${sql`current_user as ${sql('user')}`}`;
    const values = await sql`select 1, 2`.values();
    const [unsafe] = await sql.unsafe<{ n: number }[]>('select $1::int as n', [7]);
    const missing = await sql`select * from no_such_table`.catch((error: { code?: string }) => error);

    expect(named?.user).toBe(role);
    expect(values).toEqual([[1, 2]]);
    expect(unsafe?.n).toBe(7);
    expect(missing).toMatchObject({ code: '42P01' });
    expect(secrets.reads(secretArn)).toBe(readsBefore);
  });

  it('fails with the server’s error, after one more read, when the secret does not match the database', async () => {
    const readsBefore = secrets.reads(secretArn);
    await rotatePassword('not-in-the-secret', { updateSecret: false });
    await endConnectionsLater();

    const failure = await db()`select 1`.catch((error: { code?: string }) => error);

    expect(failure).toMatchObject({ code: '28P01' });
    expect(secrets.reads(secretArn)).toBe(readsBefore + 1);
  });
});
