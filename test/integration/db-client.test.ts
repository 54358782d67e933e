import { describe, expect, inject, it } from 'vitest';
import { createSql } from '../../shared/db/client';

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
