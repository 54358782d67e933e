/**
 * The lists that once answered every row whatever the `limit` — locations, kiosks, timesheets —
 * page like the others: a walk one row at a time sees every row once, in the list's order, and
 * ends on a null `nextCursor`; a manager's scope holds on every page; and a cursor that is not one
 * of the list's is a 400 naming `cursor`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import { addMember, call, seedBusiness } from '../helpers/business';
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

type Row = Record<string, unknown>;

/**
 * Follows `path`'s cursor `limit` rows at a time; the pages' rows and the last answer (whose
 * fields other than `data`, such as a timesheet list's period, every page must repeat).
 */
async function walk(token: string, path: string, limit = 1) {
  const pages: Row[][] = [];
  const others: Row[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer: Awaited<ReturnType<typeof call>> = await call(
      app,
      token,
      `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    const { data, nextCursor, ...rest } = answer.body;
    pages.push(data);
    others.push(rest);
    cursor = nextCursor;
    // A guard against a cursor that never moves on, which would otherwise loop for ever.
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return { pages, rows: pages.flat(), others };
}

async function location(token: string, name: string): Promise<string> {
  const created = await call(app, token, '/api/v1/locations', { json: { name, timeZone: 'Europe/London' } });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function employee(token: string, name: string, locationIds: string[]): Promise<string> {
  const created = await call(app, token, '/api/v1/employees', { json: { name, locationIds } });
  expect(created.status).toBe(201);
  return created.body.id;
}

const ids = (rows: Row[]) => rows.map((row) => row.id ?? row.employeeId);

describe('GET /api/v1/locations', () => {
  it('pages through every current location by name, one at a time, and a manager’s only', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Paged Sites');
    const [cedar, ash, dune, birch] = [
      await location(owner.token, 'Cedar'),
      await location(owner.token, 'Ash'),
      await location(owner.token, 'Dune'),
      await location(owner.token, 'Birch'),
    ];
    const elm = await location(owner.token, 'Elm');
    await call(app, owner.token, `/api/v1/locations/${elm}`, { method: 'PATCH', json: { archived: true } });
    const manager = await addMember(db.sql, tenant, 'manager');
    for (const site of [dune, ash])
      await db.sql`insert into ${db.sql(tenant.schema)}.location_managers (location_id, user_id) values (${site}, ${manager.userId})`;

    const byOwner = await walk(owner.token, '/api/v1/locations');
    const byTwos = await walk(owner.token, '/api/v1/locations', 2);
    const byManager = await walk(manager.token, '/api/v1/locations');
    const whole = await call(app, owner.token, '/api/v1/locations');

    expect(byOwner.pages.map((rows) => rows.length)).toEqual([1, 1, 1, 1, 0]);
    expect(ids(byOwner.rows)).toEqual([ash, birch, cedar, dune]);
    expect(ids(byTwos.rows)).toEqual([ash, birch, cedar, dune]);
    expect(ids(byManager.rows)).toEqual([ash, dune]);
    expect(whole.body).toEqual({ data: byOwner.rows, nextCursor: null });
  });
});

describe('GET /api/v1/kiosks', () => {
  it('pages through every kiosk not revoked, newest first, telling apart those made in one millisecond', async () => {
    const { owner } = await seedBusiness(db.sql, 'Paged Kiosks');
    const site = await location(owner.token, 'Till site');
    const made: string[] = [];
    for (const name of ['K1', 'K2', 'K3', 'K4', 'K5']) {
      const created = await call(app, owner.token, '/api/v1/kiosks', { json: { locationId: site, name } });
      expect(created.status).toBe(201);
      made.push(created.body.kiosk.id);
    }
    const [k1, k2, k3, k4, k5] = made as [string, string, string, string, string];
    // Three made within one millisecond, the newest of them in a later microsecond: a cursor
    // (a JS Date, milliseconds) must neither skip one nor show one twice.
    // Sent as text: postgres.js would turn a timestamptz parameter into a Date, losing microseconds.
    const at = (instant: string, id: string) =>
      db.sql`update platform.kiosks set created_at = ${instant}::text::timestamptz where id = ${id}`;
    await at('2026-03-01T10:00:00.123100Z', k1);
    await at('2026-03-01T10:00:00.123400Z', k2);
    await at('2026-03-01T10:00:00.123900Z', k3);
    await at('2026-03-02T10:00:00Z', k4);
    await at('2026-03-03T10:00:00Z', k5);
    await call(app, owner.token, `/api/v1/kiosks/${k4}`, { method: 'DELETE' });

    const paged = await walk(owner.token, '/api/v1/kiosks');
    const whole = await call(app, owner.token, '/api/v1/kiosks');

    expect(new Set(ids(paged.rows)).size).toBe(4);
    expect(ids(paged.rows)).toEqual(ids(whole.body.data));
    expect(ids(paged.rows).slice(0, 1)).toEqual([k5]);
    expect([...ids(paged.rows)].sort()).toEqual([k1, k2, k3, k5].sort());
    expect(whole.body.nextCursor).toBeNull();
  });
});

describe('GET /api/v1/timesheets', () => {
  it('pages through the period’s sheets by name, as the whole list has them, and a manager’s only', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Paged Sheets');
    const x = await location(owner.token, 'X');
    const y = await location(owner.token, 'Y');
    // Two called Sam: the id orders them, and neither is lost at a page boundary.
    const staff = [
      await employee(owner.token, 'Sam', [x]),
      await employee(owner.token, 'Ann', [y]),
      await employee(owner.token, 'Sam', [x, y]),
      await employee(owner.token, 'Cy', [x]),
    ];
    const gone = await employee(owner.token, 'Al', [x]);
    await call(app, owner.token, `/api/v1/employees/${gone}`, { method: 'PATCH', json: { archived: true } });
    for (const [i, person] of staff.entries()) {
      const entry = await call(app, owner.token, '/api/v1/time-entries', {
        json: {
          employeeId: person,
          locationId: i === 1 ? y : x,
          clockIn: '2026-11-03T09:00:00Z',
          clockOut: `2026-11-03T1${i + 1}:00:00Z`, // 2 to 5 hours
          reason: 'paper timesheet',
        },
      });
      expect(entry.status).toBe(201);
    }
    const manager = await addMember(db.sql, tenant, 'manager');
    await db.sql`insert into ${db.sql(tenant.schema)}.location_managers (location_id, user_id) values (${x}, ${manager.userId})`;
    const period = '/api/v1/timesheets?periodStart=2026-11-02';

    const byOwner = await walk(owner.token, period);
    const byManager = await walk(manager.token, period);
    const whole = await call(app, owner.token, `${period}&limit=500`);

    const [sam1, sam2] = [staff[0], staff[2]].sort();
    expect(byOwner.pages.map((rows) => rows.length)).toEqual([1, 1, 1, 1, 0]);
    expect(ids(byOwner.rows)).toEqual([staff[1], staff[3], sam1, sam2]);
    // Each sheet's hours are the same whether it came in a page of one or with everyone.
    expect(byOwner.rows).toEqual(whole.body.data);
    expect(Object.fromEntries(byOwner.rows.map((sheet) => [sheet.employeeId, sheet.regularMinutes]))).toEqual(
      Object.fromEntries(staff.map((person, i) => [person, (i + 2) * 60])),
    );
    expect(new Set(byOwner.others.map((rest) => JSON.stringify(rest)))).toEqual(
      new Set([JSON.stringify({ period: whole.body.period })]),
    );
    expect(whole.body.period).toMatchObject({ start: '2026-11-02', end: '2026-11-08' });
    expect(ids(byManager.rows)).toEqual([staff[3], sam1, sam2]);
  });
});

describe('a bad page of any of these lists', () => {
  it('is a 400 problem naming cursor or limit', async () => {
    const { owner } = await seedBusiness(db.sql, 'Bad Pages');
    const lists = ['/api/v1/locations', '/api/v1/kiosks', '/api/v1/timesheets'];
    // Well-formed JSON, but no list's key: a name with no id, and a date that is not an instant.
    const foreign = [['Ash'], ['2026-01-01', 'x']].map((key) =>
      Buffer.from(JSON.stringify(key)).toString('base64url'),
    );
    const problems: Record<string, unknown> = {};
    for (const list of lists) {
      for (const query of [
        'cursor=not-a-cursor',
        ...foreign.map((c) => `cursor=${c}`),
        'limit=0',
        'limit=501',
      ]) {
        const answer = await call(app, owner.token, `${list}?${query}`);
        problems[`${list}?${query}`] = [
          answer.status,
          answer.headers.get('content-type'),
          answer.body.errors.map((e: { field: string }) => e.field),
        ];
      }
    }

    for (const list of lists) {
      const problem = (field: string) => [400, 'application/problem+json', [field]];
      expect({
        [`${list}?cursor=not-a-cursor`]: problems[`${list}?cursor=not-a-cursor`],
        [`${list}?cursor=${foreign[0]}`]: problems[`${list}?cursor=${foreign[0]}`],
        [`${list}?cursor=${foreign[1]}`]: problems[`${list}?cursor=${foreign[1]}`],
        [`${list}?limit=0`]: problems[`${list}?limit=0`],
        [`${list}?limit=501`]: problems[`${list}?limit=501`],
      }).toEqual({
        [`${list}?cursor=not-a-cursor`]: problem('cursor'),
        [`${list}?cursor=${foreign[0]}`]: problem('cursor'),
        [`${list}?cursor=${foreign[1]}`]: problem('cursor'),
        [`${list}?limit=0`]: problem('limit'),
        [`${list}?limit=501`]: problem('limit'),
      });
    }
  });

  it('keeps a cursor of one list from being read as another’s', async () => {
    const { owner } = await seedBusiness(db.sql, 'Crossed Cursors');
    const site = await location(owner.token, 'Only');
    await location(owner.token, 'Other');
    await call(app, owner.token, '/api/v1/kiosks', { json: { locationId: site, name: 'K' } });
    await call(app, owner.token, '/api/v1/kiosks', { json: { locationId: site, name: 'L' } });

    const locationCursor = (await call(app, owner.token, '/api/v1/locations?limit=1')).body.nextCursor;
    const kioskCursor = (await call(app, owner.token, '/api/v1/kiosks?limit=1')).body.nextCursor;
    const kiosksAfterLocation = await call(app, owner.token, `/api/v1/kiosks?cursor=${locationCursor}`);
    const locationsAfterKiosk = await call(app, owner.token, `/api/v1/locations?cursor=${kioskCursor}`);

    expect(kiosksAfterLocation.status).toBe(400);
    expect(kiosksAfterLocation.body.errors).toEqual([{ field: 'cursor', message: 'Invalid cursor' }]);
    expect(locationsAfterKiosk.status).toBe(400);
    expect(locationsAfterKiosk.body.errors).toEqual([{ field: 'cursor', message: 'Invalid cursor' }]);
  });
});

describe('a cursor the database could not compare', () => {
  it('answers a name with a NUL or an instant in year 0 with a 400 naming the cursor', async () => {
    const { owner } = await seedBusiness(db.sql, 'Odd Cursors');
    const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    const week = 'from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z';
    const tampered = [
      `/api/v1/locations?cursor=${cursor(['a\u0000b', id])}`,
      `/api/v1/employees?cursor=${cursor(['a\u0000b', id])}`,
      `/api/v1/timesheets?cursor=${cursor(['a\u0000b', id])}`,
      `/api/v1/shifts?${week}&cursor=${cursor(['0000-01-01T00:00:00Z', id])}`,
      `/api/v1/kiosks?cursor=${cursor(['0000-01-01T00:00:00Z', 'abc'])}`,
    ];

    const answers = await Promise.all(tampered.map((path) => call(app, owner.token, path)));

    expect(answers.map((a) => [a.status, a.body.errors])).toEqual(
      tampered.map(() => [400, [{ field: 'cursor', message: 'Invalid cursor' }]]),
    );
  });
});

describe('time entries', () => {
  it('pages through clock-ins stamped to the microsecond, each once', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Microsecond Café');
    const site = await location(owner.token, 'Main');
    const people = [];
    for (const name of ['Ann', 'Bo', 'Cy']) people.push(await employee(owner.token, name, [site]));
    // As clock-in's now() stamps them: microseconds, two in the same millisecond.
    const stamps = ['09:00:00.123456', '09:00:00.123789', '09:00:00.987001'];
    for (const [i, employeeId] of people.entries())
      await db.sql`
        insert into ${db.sql(tenant.schema)}.time_entries (employee_id, location_id, clock_in, clock_out, source)
        values (${employeeId}, ${site}, ${`2026-11-03 ${stamps[i]}+00`}, ${`2026-11-03 17:00:00+00`}, 'self')`;

    const { rows } = await walk(
      owner.token,
      '/api/v1/time-entries?from=2026-11-03T00:00:00Z&to=2026-11-04T00:00:00Z',
    );

    expect(rows.map((row) => row.employeeId).sort()).toEqual([...people].sort());
  });
});
