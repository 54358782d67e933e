import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const run = promisify(execFile);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('npm run operator', () => {
  it('grants and revokes operator access by email, auditing each as operator.granted and operator.revoked', async () => {
    await db.sql`
      insert into platform."user" (id, name, email, "emailVerified", "twoFactorEnabled")
      values ('operatorcli0001', 'Olga Operator', 'olga@example.com', true, false)`;
    const operator = (...args: string[]) =>
      run('npx', ['tsx', 'shared/auth/operator-cli.ts', ...args], {
        env: { ...process.env, DATABASE_URL: db.url },
      });
    const roleOf = async () =>
      (await db.sql`select "platformRole" as role from platform."user" where id = 'operatorcli0001'`)[0]
        ?.role;

    const granted = await operator('grant', 'Olga@Example.com');
    const roleAfterGrant = await roleOf();
    await operator('revoke', 'olga@example.com');
    const unknown = await operator('grant', 'nobody@example.com').catch((error: { code: number }) => error);
    const actions = await db.sql`
      select action, details->>'email' as email from platform.audit_log
      where actor = 'system:operator-cli' order by id`;

    expect(granted.stdout).toContain('Granted operator access');
    expect(roleAfterGrant).toBe('operator');
    expect(await roleOf()).toBeNull();
    expect(unknown).toMatchObject({ code: 1 });
    expect(actions).toEqual([
      { action: 'operator.granted', email: 'Olga@Example.com' },
      { action: 'operator.revoked', email: 'olga@example.com' },
    ]);
  });
});
