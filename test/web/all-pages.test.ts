/**
 * The web app's reader of whole lists: it asks for the largest page, follows `nextCursor` to the
 * end, and keeps the first page's other fields (a timesheet list's period); against the real API
 * with pages of one row, it gets every location once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import { allPages, MAX_PAGE_SIZE } from '../../web/src/api/pages';
import { call, seedBusiness } from '../helpers/business';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp({ sql: db.sql });
});
afterAll(async () => {
  await db.drop();
});

describe('allPages', () => {
  it('asks for the largest page, follows the cursor to the end, and keeps the first page’s period', async () => {
    const answers = {
      '': { period: { start: '2026-11-02' }, data: [1, 2], nextCursor: 'a' },
      a: { period: { start: '2026-11-02' }, data: [3, 4], nextCursor: 'b' },
      b: { period: { start: '2026-11-02' }, data: [5], nextCursor: null },
    };
    const asked: { limit: number; cursor?: string }[] = [];

    const whole = await allPages(async (query) => {
      asked.push(query);
      return answers[(query.cursor ?? '') as keyof typeof answers];
    });

    expect(asked).toEqual([
      { limit: MAX_PAGE_SIZE },
      { limit: MAX_PAGE_SIZE, cursor: 'a' },
      { limit: MAX_PAGE_SIZE, cursor: 'b' },
    ]);
    expect(whole).toEqual({ period: { start: '2026-11-02' }, data: [1, 2, 3, 4, 5], nextCursor: null });
  });

  it('reads every location of the API once, however small its pages', async () => {
    const { owner } = await seedBusiness(db.sql, 'All Pages');
    for (const name of ['North', 'East', 'South', 'West']) {
      const created = await call(app, owner.token, '/api/v1/locations', {
        json: { name, timeZone: 'Europe/Paris' },
      });
      expect(created.status).toBe(201);
    }

    // Pages of one row instead of the limit asked for: four pages and an empty one.
    const whole = await allPages(
      async ({ cursor }) =>
        (await call(app, owner.token, `/api/v1/locations?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body,
    );

    expect(whole.data.map((l: { name: string }) => l.name)).toEqual(['East', 'North', 'South', 'West']);
  });
});
