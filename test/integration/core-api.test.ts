import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import { PIN_MAX_ATTEMPTS } from '../../shared/timekeeping/employees';
import { addMember, call, seedBusiness } from '../helpers/business';
import {
  createTestDatabase,
  inOrderBehindALock,
  type TestDatabase,
  untilWaitingForALock,
} from '../helpers/database';

let db: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp({ sql: db.sql });
});
afterAll(async () => {
  await db.drop();
});

async function location(token: string, name: string, timeZone = 'Europe/London'): Promise<string> {
  const created = await call(app, token, '/api/v1/locations', { json: { name, timeZone } });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function employee(token: string, input: Record<string, unknown>): Promise<string> {
  const created = await call(app, token, '/api/v1/employees', { json: input });
  expect(created.status).toBe(201);
  return created.body.id;
}

/**
 * A manager's entry for an employee on a day of November 2026 (09:00 UTC to `until`), with the
 * reason payroll corrections carry; its id.
 */
async function entryOn(
  token: string,
  employeeId: string,
  locationId: string,
  day: string,
  until = '17:00',
  breaks: { startsAt: string; endsAt: string }[] = [],
): Promise<string> {
  const added = await call(app, token, '/api/v1/time-entries', {
    json: {
      employeeId,
      locationId,
      clockIn: `2026-11-${day}T09:00:00Z`,
      clockOut: `2026-11-${day}T${until}:00Z`,
      breaks,
      reason: 'paper timesheet',
    },
  });
  expect(added.status).toBe(201);
  return added.body.id;
}

/** A draft shift at a location on a day of November 2026 (09:00 UTC to `until`); its id. */
async function shiftOn(
  token: string,
  locationId: string,
  employeeId: string | null,
  day: string,
  until = '17:00',
): Promise<string> {
  const created = await call(app, token, '/api/v1/shifts', {
    json: {
      locationId,
      employeeId,
      startsAt: `2026-11-${day}T09:00:00Z`,
      endsAt: `2026-11-${day}T${until}:00Z`,
    },
  });
  expect(created.status).toBe(201);
  return created.body.shift.id;
}

/** A business with locations X and Y, an employee working at both, and a manager of X only. */
async function managerOfXNotY(name: string) {
  const { tenant, owner } = await seedBusiness(db.sql, name);
  const x = await location(owner.token, 'X');
  const y = await location(owner.token, 'Y');
  const worker = await employee(owner.token, { name: 'Wes', locationIds: [x, y] });
  const manager = await addMember(db.sql, tenant, 'manager');
  await db.sql`insert into ${db.sql(tenant.schema)}.location_managers (location_id, user_id) values (${x}, ${manager.userId})`;
  return { tenant, owner, x, y, worker, manager };
}

describe('kiosk', () => {
  it('clocks staff in and out by PIN, and locks an employee out after repeated wrong PINs', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Kiosk Café');
    const site = await location(owner.token, 'High Street');
    const ann = await employee(owner.token, { name: 'Ann', locationIds: [site], pin: '1234' });
    const device = await call(app, owner.token, '/api/v1/kiosks', {
      json: { locationId: site, name: 'Front counter' },
    });
    const kiosk = device.body.token as string;

    const staff = await call(app, kiosk, '/api/v1/kiosk/staff');
    const inResult = await call(app, kiosk, '/api/v1/kiosk/clock-in', {
      json: { employeeId: ann, pin: '1234' },
    });
    const twice = await call(app, kiosk, '/api/v1/kiosk/clock-in', {
      json: { employeeId: ann, pin: '1234' },
    });
    const onClock = await call(app, kiosk, '/api/v1/kiosk/on-the-clock');
    const wrong = [];
    for (let i = 0; i < PIN_MAX_ATTEMPTS; i++) {
      wrong.push(
        (await call(app, kiosk, '/api/v1/kiosk/clock-out', { json: { employeeId: ann, pin: '9999' } }))
          .status,
      );
    }
    const lockedOut = await call(app, kiosk, '/api/v1/kiosk/clock-out', {
      json: { employeeId: ann, pin: '1234' },
    });
    const reset = await call(app, owner.token, `/api/v1/employees/${ann}/pin`, {
      method: 'PUT',
      json: { pin: '4321' },
    });
    const out = await call(app, kiosk, '/api/v1/kiosk/clock-out', { json: { employeeId: ann, pin: '4321' } });

    expect(device.status).toBe(201);
    expect(kiosk).toMatch(/^rotak_/);
    expect(staff.body.data).toEqual([{ id: ann, name: 'Ann' }]);
    expect(inResult.status).toBe(200);
    expect(inResult.body).toMatchObject({
      employeeId: ann,
      locationId: site,
      source: 'kiosk',
      clockOut: null,
    });
    expect(twice.status).toBe(409);
    expect(onClock.body.data).toMatchObject([{ employeeId: ann, name: 'Ann', onBreak: false }]);
    expect(wrong).toEqual(Array(PIN_MAX_ATTEMPTS).fill(403));
    expect(lockedOut.status).toBe(423);
    expect(reset.status).toBe(204);
    expect(out.status).toBe(200);
    expect(out.body.clockOut).not.toBeNull();
    const [stored] = await db.sql`select pin_hash from ${db.sql(tenant.schema)}.employees where id = ${ann}`;
    expect(stored?.pin_hash).toMatch(/^\$argon2id\$/);
  });

  /** A kiosk at a new business's one location, and an employee there with PIN 1234. */
  async function kioskWithAnn(name: string) {
    const { owner } = await seedBusiness(db.sql, name);
    const site = await location(owner.token, 'High Street');
    const ann = await employee(owner.token, { name: 'Ann', locationIds: [site], pin: '1234' });
    const device = await call(app, owner.token, '/api/v1/kiosks', {
      json: { locationId: site, name: 'Till' },
    });
    const clockIn = async (pin: string) =>
      (await call(app, device.body.token, '/api/v1/kiosk/clock-in', { json: { employeeId: ann, pin } }))
        .status;
    return { clockIn };
  }

  it('counts wrong PINs sent at the same moment: no more get checked than the limit allows', async () => {
    const { clockIn } = await kioskWithAnn('Kiosk Rush Café');

    const guesses = await Promise.all(
      Array.from({ length: PIN_MAX_ATTEMPTS * 4 }, (_, i) => clockIn(String(5000 + i))),
    );
    const rightPin = await clockIn('1234');

    expect(guesses.filter((status) => status === 403)).toHaveLength(PIN_MAX_ATTEMPTS);
    expect(guesses.filter((status) => status === 423)).toHaveLength(PIN_MAX_ATTEMPTS * 3);
    expect(rightPin).toBe(423);
  });

  it('lets the right PIN through on the last attempt, and starts the count again after it', async () => {
    const { clockIn } = await kioskWithAnn('Kiosk Last Try Café');

    const firstWrong = [];
    for (let i = 1; i < PIN_MAX_ATTEMPTS; i++) firstWrong.push(await clockIn('9999'));
    const lastTry = await clockIn('1234');
    const laterWrong = [];
    for (let i = 1; i < PIN_MAX_ATTEMPTS; i++) laterWrong.push(await clockIn('9999'));

    expect(firstWrong).toEqual(Array(PIN_MAX_ATTEMPTS - 1).fill(403));
    expect(lastTry).toBe(200);
    expect(laterWrong).toEqual(Array(PIN_MAX_ATTEMPTS - 1).fill(403));
  });

  it('ends the open entry of an employee archived while clocked in, but starts nothing for them', async () => {
    const { owner } = await seedBusiness(db.sql, 'Archived On Shift Café');
    const site = await location(owner.token, 'High Street');
    const ann = await employee(owner.token, { name: 'Ann', locationIds: [site], pin: '1234' });
    const device = await call(app, owner.token, '/api/v1/kiosks', {
      json: { locationId: site, name: 'Till' },
    });
    const kiosk = device.body.token as string;
    const atKiosk = (path: string, pin = '1234') =>
      call(app, kiosk, `/api/v1/kiosk/${path}`, { json: { employeeId: ann, pin } });
    expect((await atKiosk('clock-in')).status).toBe(200);
    expect((await atKiosk('breaks/start')).status).toBe(200);
    const archived = await call(app, owner.token, `/api/v1/employees/${ann}`, {
      method: 'PATCH',
      json: { archived: true },
    });

    const staff = await call(app, kiosk, '/api/v1/kiosk/staff');
    const wrongPin = await atKiosk('breaks/end', '9999');
    const breakEnd = await atKiosk('breaks/end');
    const breakStart = await atKiosk('breaks/start');
    const out = await atKiosk('clock-out');
    const outAgain = await atKiosk('clock-out');
    const clockIn = await atKiosk('clock-in');
    const staffAfter = await call(app, kiosk, '/api/v1/kiosk/staff');

    expect(archived.status).toBe(200);
    // Listed while their entry is open, so the kiosk offers a way to end it.
    expect(staff.body.data).toEqual([{ id: ann, name: 'Ann' }]);
    expect(staffAfter.body.data).toEqual([]);
    expect(wrongPin.status).toBe(403);
    expect(breakEnd.status, JSON.stringify(breakEnd.body)).toBe(200);
    expect(breakEnd.body.breaks).toHaveLength(1);
    expect(breakStart.status).toBe(400);
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body.clockOut).not.toBeNull();
    // With nothing open any more, the archived employee is no longer staff at the kiosk.
    expect(outAgain.status).toBe(400);
    expect(clockIn.status).toBe(400);
  });

  it('refuses unknown or revoked devices and staff of other locations', async () => {
    const { owner } = await seedBusiness(db.sql, 'Two Sites');
    const north = await location(owner.token, 'North');
    const south = await location(owner.token, 'South');
    const bob = await employee(owner.token, { name: 'Bob', locationIds: [south], pin: '5555' });
    const device = await call(app, owner.token, '/api/v1/kiosks', {
      json: { locationId: north, name: 'North tablet' },
    });

    const wrongSite = await call(app, device.body.token, '/api/v1/kiosk/clock-in', {
      json: { employeeId: bob, pin: '5555' },
    });
    await call(app, owner.token, `/api/v1/kiosks/${device.body.kiosk.id}`, { method: 'DELETE' });
    const revoked = await call(app, device.body.token, '/api/v1/kiosk/staff');
    const forged = await call(app, 'rotak_not-a-real-token', '/api/v1/kiosk/staff');

    expect(wrongSite.status).toBe(400);
    expect(wrongSite.body.errors[0].field).toBe('employeeId');
    expect(revoked.status).toBe(401);
    expect(forged.status).toBe(401);
  });
});

/** A business with one location and an employee linked to a member who signs in with `staff.token`. */
async function linkedEmployee(business: string, name: string) {
  const { tenant, owner } = await seedBusiness(db.sql, business);
  const site = await location(owner.token, 'Main');
  const staff = await addMember(db.sql, tenant, 'employee');
  const me = await employee(owner.token, { name, locationIds: [site] });
  await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${me}`;
  return { tenant, owner, site, staff, me };
}

describe('time clock', () => {
  it('clocks out once when two clock-outs race, closing the break at the same instant it reports', async () => {
    const { tenant, site, staff, me } = await linkedEmployee('Race Co', 'Rae');
    const unlinked = await addMember(db.sql, tenant, 'employee');
    await call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } });
    await call(app, staff.token, '/api/v1/time-entries/breaks/start', { json: {} });

    const outs = await Promise.all(
      [1, 2].map(() => call(app, staff.token, '/api/v1/time-entries/clock-out', { json: {} })),
    );
    const stranger = await call(app, unlinked.token, '/api/v1/time-entries/clock-out', { json: {} });
    const done = outs.find((out) => out.status === 200);
    const [stored] = await db.sql`
      select t.clock_out, b.ends_at from ${db.sql(tenant.schema)}.time_entries t
      join ${db.sql(tenant.schema)}.breaks b on b.time_entry_id = t.id where t.employee_id = ${me}`;

    expect(outs.map((out) => out.status).sort()).toEqual([200, 409]);
    expect(done?.body.breaks[0].endsAt).toBe(done?.body.clockOut);
    expect(stored?.ends_at.toISOString()).toBe(done?.body.clockOut);
    expect(stranger.status).toBe(403);
  });

  it('refuses an archived employee’s own account at clock-out and leaves the entry open', async () => {
    const { tenant, owner, site, staff, me } = await linkedEmployee('Archive Co', 'Ari');
    await call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } });
    const archived = await call(app, owner.token, `/api/v1/employees/${me}`, {
      method: 'PATCH',
      json: { archived: true },
    });

    const out = await call(app, staff.token, '/api/v1/time-entries/clock-out', { json: {} });
    const [open] = await db.sql`
      select count(*)::int as n from ${db.sql(tenant.schema)}.time_entries
      where employee_id = ${me} and clock_out is null`;

    expect(archived.status).toBe(200);
    expect(out.status).toBe(403);
    expect(open?.n).toBe(1);
  });

  it('lets a linked employee clock in, take a break and clock out, once at a time', async () => {
    const { site, staff } = await linkedEmployee('Clock Co', 'Eve');

    const clockedIn = await call(app, staff.token, '/api/v1/time-entries/clock-in', {
      json: { locationId: site },
    });
    const again = await call(app, staff.token, '/api/v1/time-entries/clock-in', {
      json: { locationId: site },
    });
    const breakStart = await call(app, staff.token, '/api/v1/time-entries/breaks/start', { json: {} });
    const breakTwice = await call(app, staff.token, '/api/v1/time-entries/breaks/start', { json: {} });
    const out = await call(app, staff.token, '/api/v1/time-entries/clock-out', { json: {} });
    const outTwice = await call(app, staff.token, '/api/v1/time-entries/clock-out', { json: {} });
    const mine = await call(
      app,
      staff.token,
      `/api/v1/time-entries?from=2000-01-01T00:00:00Z&to=2099-12-31T00:00:00Z`,
    );

    expect(clockedIn.status).toBe(200);
    expect(again.status).toBe(409);
    expect(breakStart.status).toBe(200);
    expect(breakTwice.status).toBe(409);
    expect(out.body.breaks).toHaveLength(1);
    expect(out.body.breaks[0].endsAt).not.toBeNull();
    expect(outTwice.status).toBe(409);
    expect(mine.body.data.map((e: { id: string }) => e.id)).toEqual([out.body.id]);
  });

  it('keeps every manager correction with its reason, before and after', async () => {
    const { owner } = await seedBusiness(db.sql, 'Fix It');
    const site = await location(owner.token, 'Main');
    const emp = await employee(owner.token, { name: 'Finn', locationIds: [site] });

    const added = await call(app, owner.token, '/api/v1/time-entries', {
      json: {
        employeeId: emp,
        locationId: site,
        clockIn: '2026-11-02T09:00:00Z',
        clockOut: '2026-11-02T17:00:00Z',
        reason: 'Forgot to clock in',
      },
    });
    const corrected = await call(app, owner.token, `/api/v1/time-entries/${added.body.id}`, {
      method: 'PATCH',
      json: {
        clockOut: '2026-11-02T17:30:00Z',
        breaks: [{ startsAt: '2026-11-02T12:00:00Z', endsAt: '2026-11-02T12:30:00Z' }],
        reason: 'Stayed late',
      },
    });
    const noReason = await call(app, owner.token, `/api/v1/time-entries/${added.body.id}`, {
      method: 'PATCH',
      json: { clockOut: '2026-11-02T18:00:00Z' },
    });
    const history = await call(app, owner.token, `/api/v1/time-entries/${added.body.id}/changes`);

    expect(added.status).toBe(201);
    expect(corrected.body.clockOut).toBe('2026-11-02T17:30:00.000Z');
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    expect(history.body.data.map((c: { reason: string }) => c.reason)).toEqual([
      'Forgot to clock in',
      'Stayed late',
    ]);
    expect(history.body.data[1].before.clockOut).toBe('2026-11-02T17:00:00.000Z');
    expect(history.body.data[1].after.breaks).toHaveLength(1);
  });

  it('keeps a clock-out that lands while a manager corrects the open entry', async () => {
    const { tenant, owner, staff, site } = await linkedEmployee('Correct Vs Out', 'Cleo');
    const s = db.sql(tenant.schema);
    const clockedIn = await call(app, staff.token, '/api/v1/time-entries/clock-in', {
      json: { locationId: site },
    });
    const entry = clockedIn.body.id as string;
    const earlier = new Date(Date.now() - 30 * 60_000).toISOString();

    // The clock-out goes first and waits on the entry's row; the correction arrives behind it.
    const [out, corrected] = await inOrderBehindALock(
      db.sql,
      (tx) => tx`select 1 from ${s}.time_entries where id = ${entry} for update`,
      [
        () => call(app, staff.token, '/api/v1/time-entries/clock-out', { json: {} }),
        () =>
          call(app, owner.token, `/api/v1/time-entries/${entry}`, {
            method: 'PATCH',
            json: { clockIn: earlier, reason: 'forgot to clock in on arrival' },
          }),
      ],
    );
    const [stored] = await db.sql`select clock_in, clock_out from ${s}.time_entries where id = ${entry}`;

    expect(out?.status).toBe(200);
    expect(corrected?.status).toBe(200);
    expect(stored?.clock_in.toISOString()).toBe(earlier);
    expect(stored?.clock_out).toEqual(new Date(out?.body.clockOut));
  });

  it('ends the open break of an entry a manager closes, as clocking out does', async () => {
    const { tenant, owner, staff, site } = await linkedEmployee('Closed On Break', 'Bea');
    const clockedIn = await call(app, staff.token, '/api/v1/time-entries/clock-in', {
      json: { locationId: site },
    });
    await call(app, staff.token, '/api/v1/time-entries/breaks/start', { json: {} });
    const entry = clockedIn.body.id as string;
    const clockOut = new Date(Date.now() + 60_000).toISOString();

    const closed = await call(app, owner.token, `/api/v1/time-entries/${entry}`, {
      method: 'PATCH',
      json: { clockOut, reason: 'forgot to clock out' },
    });
    const breaks = await db.sql`
      select ends_at from ${db.sql(tenant.schema)}.breaks where time_entry_id = ${entry}`;

    expect(closed.status).toBe(200);
    expect(closed.body.breaks).toEqual([expect.objectContaining({ endsAt: clockOut })]);
    expect(breaks.map((b) => b.ends_at)).toEqual([new Date(clockOut)]);
  });

  it('takes entries of at most 24 hours from managers, yet lets them fix the breaks of a longer clocked one', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Long Days');
    const site = await location(owner.token, 'Main');
    const emp = await employee(owner.token, { name: 'Lee', locationIds: [site] });
    // Clocked in on Monday morning, out only on Tuesday afternoon: 30 hours, as the clock kept it.
    const [clocked] = await db.sql<{ id: string }[]>`
      insert into ${db.sql(tenant.schema)}.time_entries (employee_id, location_id, clock_in, clock_out, source)
      values (${emp}, ${site}, '2026-11-02T08:00:00Z', '2026-11-03T14:00:00Z', 'self') returning id`;
    const correct = (json: Record<string, unknown>) =>
      call(app, owner.token, `/api/v1/time-entries/${clocked?.id}`, { method: 'PATCH', json });

    const breaksOnly = await correct({
      breaks: [{ startsAt: '2026-11-02T12:00:00Z', endsAt: '2026-11-02T12:30:00Z' }],
      reason: 'lunch',
    });
    const stillTooLong = await correct({ clockOut: '2026-11-03T13:00:00Z', reason: 'left at one' });
    const fixed = await correct({ clockOut: '2026-11-02T17:00:00Z', reason: 'forgot to clock out' });

    expect(breaksOnly.status).toBe(200);
    expect(stillTooLong.status).toBe(400);
    expect(stillTooLong.body.errors).toEqual([
      { field: 'clockOut', message: 'An entry lasts at most 24 hours' },
    ]);
    expect(fixed.body).toMatchObject({ clockOut: '2026-11-02T17:00:00.000Z', breaks: [expect.anything()] });
  });

  it('deletes an entry made by mistake, keeping its history and reason, unless its timesheet is approved', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Wrong Person');
    const site = await location(owner.token, 'Main');
    const meant = await employee(owner.token, { name: 'Meant', locationIds: [site], hourlyRateMinor: 1200 });
    const other = await employee(owner.token, { name: 'Other', locationIds: [site], hourlyRateMinor: 1200 });
    const add = (employeeId: string, day: string) =>
      call(app, owner.token, '/api/v1/time-entries', {
        json: {
          employeeId,
          locationId: site,
          clockIn: `2026-11-${day}T09:00:00Z`,
          clockOut: `2026-11-${day}T17:00:00Z`,
          reason: 'paper timesheet',
        },
      });
    const remove = (id: string, json: Record<string, string>) =>
      call(app, owner.token, `/api/v1/time-entries/${id}`, { method: 'DELETE', json });
    const mistaken = await add(other, '02');
    const approvedWeek = await add(meant, '09');
    await call(app, owner.token, `/api/v1/timesheets/${meant}/2026-11-09/approve`, { json: {} });

    const withoutReason = await remove(mistaken.body.id, {});
    const deleted = await remove(mistaken.body.id, { reason: 'entered for the wrong person' });
    const twice = await remove(mistaken.body.id, { reason: 'again' });
    const locked = await remove(approvedWeek.body.id, { reason: 'tidying up' });
    const payroll = await call(app, owner.token, '/api/v1/payroll?from=2026-11-02&to=2026-11-15');
    const history = await db.sql<{ reason: string; employeeId: string; after: unknown }[]>`
      select reason, before->>'employeeId' as "employeeId", after
      from ${db.sql(tenant.schema)}.time_entry_changes where time_entry_id = ${mistaken.body.id} order by id`;

    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    expect(deleted.status).toBe(204);
    expect(twice.status).toBe(404);
    expect(locked.status).toBe(409);
    expect(payroll.body.employees.map((e: { employeeId: string }) => e.employeeId)).toEqual([meant]);
    expect(history).toEqual([
      { reason: 'paper timesheet', employeeId: null, after: expect.objectContaining({ employeeId: other }) },
      { reason: 'entered for the wrong person', employeeId: other, after: null },
    ]);
  });

  it('lists deleted entries as they were, with who, when and why, to managers of their location only', async () => {
    const { tenant, owner, x, y, worker, manager } = await managerOfXNotY('Deleted Record');
    const staff = await addMember(db.sql, tenant, 'employee');
    const add = (locationId: string, day: string) =>
      entryOn(owner.token, worker, locationId, day, '17:00', [
        { startsAt: `2026-11-${day}T12:00:00Z`, endsAt: `2026-11-${day}T12:30:00Z` },
      ]);
    const inX = await add(x, '03');
    const inY = await add(y, '02');
    const kept = await add(x, '04');
    for (const [id, reason] of [
      [inX, 'never worked at X that day'],
      [inY, 'typed twice'],
    ] as const)
      expect(
        (await call(app, owner.token, `/api/v1/time-entries/${id}`, { method: 'DELETE', json: { reason } }))
          .status,
      ).toBe(204);
    const week = 'from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z';
    const deleted = (token: string, query = week) =>
      call(app, token, `/api/v1/time-entries/deleted?${query}`);

    const all = await deleted(owner.token);
    const firstPage = await deleted(owner.token, `${week}&limit=1`);
    const secondPage = await deleted(owner.token, `${week}&limit=1&cursor=${firstPage.body.nextCursor}`);
    const byManager = await deleted(manager.token);
    const byStaff = await deleted(staff.token);
    const later = await deleted(owner.token, 'from=2026-11-04T00:00:00Z&to=2026-11-09T00:00:00Z');
    const historyOfX = await call(app, manager.token, `/api/v1/time-entries/${inX}/changes`);
    const historyOfY = await call(app, manager.token, `/api/v1/time-entries/${inY}/changes`);

    expect(all.status).toBe(200);
    expect(all.body.data).toEqual([
      {
        id: inY,
        employeeId: worker,
        locationId: y,
        clockIn: '2026-11-02T09:00:00.000Z',
        clockOut: '2026-11-02T17:00:00.000Z',
        source: 'manager',
        breaks: [{ startsAt: '2026-11-02T12:00:00.000Z', endsAt: '2026-11-02T12:30:00.000Z' }],
        deletedAt: expect.any(String),
        deletedBy: `user:${owner.userId}`,
        reason: 'typed twice',
      },
      expect.objectContaining({ id: inX, locationId: x, reason: 'never worked at X that day' }),
    ]);
    expect(all.body.data.map((e: { id: string }) => e.id)).not.toContain(kept);
    expect([...firstPage.body.data, ...secondPage.body.data]).toEqual(all.body.data);
    expect(byManager.body.data.map((e: { id: string }) => e.id)).toEqual([inX]);
    expect(byStaff.status).toBe(403);
    expect(later.body.data).toEqual([]);
    expect(historyOfX.status).toBe(200);
    expect(
      historyOfX.body.data.map((c: { reason: string; after: unknown }) => [c.reason, c.after === null]),
    ).toEqual([
      ['paper timesheet', false],
      ['never worked at X that day', true],
    ]);
    expect(historyOfY.status).toBe(403);
  });

  it('refuses an added or corrected entry that overlaps another of the employee, at any location', async () => {
    const { owner } = await seedBusiness(db.sql, 'No Double Pay');
    const site = await location(owner.token, 'Main');
    const other = await location(owner.token, 'Annex');
    const emp = await employee(owner.token, { name: 'Olly', locationIds: [site, other] });
    const add = (locationId: string, clockIn: string, clockOut: string) =>
      call(app, owner.token, '/api/v1/time-entries', {
        json: { employeeId: emp, locationId, clockIn, clockOut, reason: 'paper timesheet' },
      });
    const morning = await add(site, '2026-11-02T08:00:00Z', '2026-11-02T12:00:00Z');

    const sameHours = await add(other, '2026-11-02T11:00:00Z', '2026-11-02T15:00:00Z');
    const inside = await add(site, '2026-11-02T09:00:00Z', '2026-11-02T10:00:00Z');
    const afternoon = await add(other, '2026-11-02T12:00:00Z', '2026-11-02T16:00:00Z'); // touching is fine
    const correctMorning = (json: Record<string, string>) =>
      call(app, owner.token, `/api/v1/time-entries/${morning.body.id}`, { method: 'PATCH', json });
    const stretched = await correctMorning({ clockOut: '2026-11-02T12:30:00Z', reason: 'stayed on' });
    const shortened = await correctMorning({ clockIn: '2026-11-02T08:30:00Z', reason: 'came later' });
    const entries = await call(
      app,
      owner.token,
      `/api/v1/time-entries?from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z&employeeId=${emp}`,
    );

    expect(morning.status).toBe(201);
    expect(sameHours.status).toBe(409);
    expect(sameHours.body).toMatchObject({
      code: 'entry_overlap',
      detail: expect.stringContaining('at Main (2026-11-02 08:00 to 2026-11-02 12:00, Europe/London)'),
    });
    expect(inside.status).toBe(409);
    expect(afternoon.status).toBe(201);
    expect(stretched.status).toBe(409);
    expect(stretched.body.detail).toContain('at Annex (2026-11-02 12:00 to 2026-11-02 16:00');
    // An entry may be corrected over its own old times.
    expect(shortened.status).toBe(200);
    expect(
      entries.body.data.map((e: { clockIn: string; clockOut: string }) => [e.clockIn, e.clockOut]),
    ).toEqual([
      ['2026-11-02T08:30:00.000Z', '2026-11-02T12:00:00.000Z'],
      ['2026-11-02T12:00:00.000Z', '2026-11-02T16:00:00.000Z'],
    ]);
  });

  // A manager's entry in flight (addEntry): the employee's lock held, the entry written before or
  // after the clock-in's statement starts, not yet committed. The statement's own checks cannot
  // see it; without the database's constraint both landed, and without the clock-in taking the
  // employee's lock first, the second ordering deadlocked.
  it.each(['before', 'after'])(
    'refuses a clock-in made while a manager saves an entry over now (written %s it starts)',
    async (when) => {
      const { tenant, site, staff, me } = await linkedEmployee(`Same Instant ${when}`, 'Ida');
      const s = db.sql(tenant.schema);

      let clockIn: ReturnType<typeof call> | undefined;
      await db.sql.begin(async (tx) => {
        await tx`select 1 from ${s}.employees where id = ${me} for update`;
        const writeEntry = () => tx`
          insert into ${s}.time_entries (employee_id, location_id, clock_in, clock_out, source)
          values (${me}, ${site}, now() - interval '1 hour', now() + interval '1 hour', 'manager')`;
        if (when === 'before') await writeEntry();
        clockIn = call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } });
        await untilWaitingForALock(db.sql);
        if (when === 'after') await writeEntry();
      });
      const answer = await clockIn;
      const entries = await db.sql`select source from ${s}.time_entries where employee_id = ${me}`;

      expect(answer?.status).toBe(409);
      expect(answer?.body).toMatchObject({ code: 'entry_overlap' });
      expect(entries.map((entry) => entry.source)).toEqual(['manager']);
    },
  );

  it('refuses a clock-in, by the employee or at the kiosk, inside an entry a manager entered ahead', async () => {
    const { owner, site, staff, me } = await linkedEmployee('Entered Ahead', 'Abe');
    await call(app, owner.token, `/api/v1/employees/${me}/pin`, { method: 'PUT', json: { pin: '1357' } });
    const device = await call(app, owner.token, '/api/v1/kiosks', {
      json: { locationId: site, name: 'Till' },
    });
    const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
    const ahead = await call(app, owner.token, '/api/v1/time-entries', {
      json: {
        employeeId: me,
        locationId: site,
        clockIn: hoursFromNow(-2),
        clockOut: hoursFromNow(2),
        reason: 'r',
      },
    });
    const clockIn = () =>
      call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } });

    const bySelf = await clockIn();
    const atKiosk = await call(app, device.body.token, '/api/v1/kiosk/clock-in', {
      json: { employeeId: me, pin: '1357' },
    });
    await call(app, owner.token, `/api/v1/time-entries/${ahead.body.id}`, {
      method: 'PATCH',
      json: { clockOut: hoursFromNow(-1), reason: 'left early after all' },
    });
    const onceItEnded = await clockIn();

    expect(ahead.status).toBe(201);
    for (const refused of [bySelf, atKiosk]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'entry_overlap',
        detail: expect.stringContaining('at Main ('),
      });
    }
    expect(onceItEnded.status).toBe(200);
  });

  it('refuses a clock-in on a day of an approved timesheet until a manager reopens it', async () => {
    const { owner, site, staff, me } = await linkedEmployee('Approved Early', 'Al');
    const current = await call(app, owner.token, '/api/v1/timesheets');
    const { periodStart } = current.body.data.find(
      (sheet: { employeeId: string }) => sheet.employeeId === me,
    );
    const sheet = `/api/v1/timesheets/${me}/${periodStart}`;
    const clockIn = () =>
      call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } });
    await call(app, owner.token, `${sheet}/approve`, { json: {} });

    const whileApproved = await clockIn();
    await call(app, owner.token, `${sheet}/reopen`, { json: {} });
    const reopened = await clockIn();

    expect(whileApproved.status).toBe(409);
    expect(whileApproved.body.code).toBe('timesheet_locked');
    expect(reopened.status).toBe(200);
  });

  it('refuses a missed entry that overlaps the time the employee has been on the clock', async () => {
    const { tenant, owner, site, staff, me } = await linkedEmployee('Still In', 'Ivy');
    await call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } });
    const [open] = await db.sql<{ clockIn: Date }[]>`
      update ${db.sql(tenant.schema)}.time_entries set clock_in = now() - interval '3 hours'
      where employee_id = ${me} returning clock_in as "clockIn"`;
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const missed = (clockIn: string, clockOut: string) =>
      call(app, owner.token, '/api/v1/time-entries', {
        json: { employeeId: me, locationId: site, clockIn, clockOut, reason: 'paper timesheet' },
      });

    const duringTheOpenEntry = await missed(hoursAgo(4), hoursAgo(1));
    const beforeIt = await missed(hoursAgo(4), open!.clockIn.toISOString());

    expect(duringTheOpenEntry.status).toBe(409);
    expect(duringTheOpenEntry.body.detail).toContain('still on the clock');
    expect(beforeIt.status).toBe(201);
  });
});

describe('a location’s time zone', () => {
  it('is stored as the IANA zone a short name stands for, where PostgreSQL would read a fixed offset', async () => {
    const { owner } = await seedBusiness(db.sql, 'Zones');
    const zoneOf = async (timeZone: string) =>
      (await call(app, owner.token, '/api/v1/locations', { json: { name: timeZone, timeZone } })).body
        .timeZone;

    // PostgreSQL's CET is the abbreviation, +01:00 all year: 13:00 on a July noon UTC, not 14:00.
    const [summer] = await db.sql<{ cet: string; brussels: string }[]>`
      select to_char(timestamptz '2026-07-01 12:00Z' at time zone 'CET', 'HH24:MI') as cet,
             to_char(timestamptz '2026-07-01 12:00Z' at time zone 'Europe/Brussels', 'HH24:MI') as brussels`;
    expect(summer).toEqual({ cet: '13:00', brussels: '14:00' });
    expect(await zoneOf('CET')).toBe('Europe/Brussels');
    expect(await zoneOf('GMT')).toBe('UTC');
    expect(await zoneOf('Europe/London')).toBe('Europe/London');
    expect(await zoneOf('America/Indiana/Indianapolis')).toBe('America/Indiana/Indianapolis');
  });
});

describe('editing a location', () => {
  it('keeps both of two admins’ changes to different fields made at once', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Location Edited Twice');
    const s = db.sql(tenant.schema);
    const site = await location(owner.token, 'Main');
    const edit = (json: Record<string, unknown>) =>
      call(app, owner.token, `/api/v1/locations/${site}`, { method: 'PATCH', json });

    // Both edits reach the location while something else holds it, so both have read it before either writes.
    const answers = await inOrderBehindALock(
      db.sql,
      (tx) => tx`select 1 from ${s}.locations where id = ${site} for update`,
      [() => edit({ name: 'High Street' }), () => edit({ address: '1 High Street' })],
    );
    const [stored] = await db.sql`select name, address from ${s}.locations where id = ${site}`;

    expect(answers.map((answer) => answer?.status)).toEqual([200, 200]);
    expect(stored).toEqual({ name: 'High Street', address: '1 High Street' });
  });

  it('saves its managers twice at once (a double click) without an error', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Managers Saved Twice');
    const s = db.sql(tenant.schema);
    const site = await location(owner.token, 'Main');
    const manager = await addMember(db.sql, tenant, 'manager');
    const save = () =>
      call(app, owner.token, `/api/v1/locations/${site}/managers`, {
        method: 'PUT',
        json: { userIds: [manager.userId] },
      });
    expect((await save()).status).toBe(200);

    // Both saves queue on the current manager row, as two requests arriving together do.
    const answers = await inOrderBehindALock(
      db.sql,
      (tx) => tx`select 1 from ${s}.location_managers where location_id = ${site} for update`,
      [save, save],
    );
    const managers = await call(app, owner.token, `/api/v1/locations/${site}/managers`);

    expect(answers.map((answer) => answer?.status)).toEqual([200, 200]);
    expect(managers.body.userIds).toEqual([manager.userId]);
  });
});

describe('an archived location', () => {
  it('keeps its history but takes no new clock-in, shift, kiosk or copied week', async () => {
    const { owner, site, staff, me } = await linkedEmployee('Closing Down', 'Cy');
    await call(app, owner.token, `/api/v1/employees/${me}/pin`, { method: 'PUT', json: { pin: '2468' } });
    const device = await call(app, owner.token, '/api/v1/kiosks', {
      json: { locationId: site, name: 'Till' },
    });
    const kiosk = device.body.token as string;
    const week = { locationId: site, fromWeekStart: '2026-11-02', toWeekStart: '2026-11-09' };
    const onShift = (employeeId: string | null) => ({
      locationId: site,
      employeeId,
      startsAt: '2026-11-03T09:00:00Z',
      endsAt: '2026-11-03T17:00:00Z',
    });
    await call(app, owner.token, '/api/v1/shifts', { json: onShift(me) });
    await call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } });

    const archived = await call(app, owner.token, `/api/v1/locations/${site}`, {
      method: 'PATCH',
      json: { archived: true },
    });
    const clockOut = await call(app, staff.token, '/api/v1/time-entries/clock-out', { json: {} });
    const refused = {
      selfClockIn: await call(app, staff.token, '/api/v1/time-entries/clock-in', {
        json: { locationId: site },
      }),
      kioskClockIn: await call(app, kiosk, '/api/v1/kiosk/clock-in', {
        json: { employeeId: me, pin: '2468' },
      }),
      shift: await call(app, owner.token, '/api/v1/shifts', { json: onShift(null) }),
      kiosk: await call(app, owner.token, '/api/v1/kiosks', { json: { locationId: site, name: 'New till' } }),
      copiedWeek: await call(app, owner.token, '/api/v1/shifts/copy-week', { json: week }),
    };
    const missedEntry = await call(app, owner.token, '/api/v1/time-entries', {
      json: {
        employeeId: me,
        locationId: site,
        clockIn: '2026-11-02T09:00:00Z',
        clockOut: '2026-11-02T17:00:00Z',
        reason: 'paper timesheet from before closing',
      },
    });

    expect(archived.status).toBe(200);
    expect(clockOut.status).toBe(200);
    for (const [what, answer] of Object.entries(refused)) {
      expect({ what, status: answer.status, errors: answer.body.errors }).toEqual({
        what,
        status: 400,
        errors: [{ field: 'locationId', message: 'The location is archived: restore it first' }],
      });
    }
    expect(missedEntry.status).toBe(201);
  });

  it('is listed with ?archived=true and restored by PATCH, unless its name was taken meanwhile', async () => {
    const { owner } = await seedBusiness(db.sql, 'Reopening');
    const [kept, closed, renamed] = [
      await location(owner.token, 'Kept'),
      await location(owner.token, 'Closed'),
      await location(owner.token, 'Renamed'),
    ];
    const archive = (id: string, archived: boolean) =>
      call(app, owner.token, `/api/v1/locations/${id}`, { method: 'PATCH', json: { archived } });
    const names = async (query = '') =>
      (await call(app, owner.token, `/api/v1/locations${query}`)).body.data.map((l: { id: string }) => l.id);
    await archive(closed, true);
    await archive(renamed, true);
    await location(owner.token, 'Renamed'); // a new site took the archived one's name

    const archivedList = await names('?archived=true');
    const restored = await archive(closed, false);
    const clash = await archive(renamed, false);

    expect(archivedList).toEqual([closed, renamed]);
    expect(restored.status).toBe(200);
    expect(await names()).toEqual(expect.arrayContaining([kept, closed]));
    expect(await names('?archived=true')).toEqual([renamed]);
    expect(clash.status).toBe(400);
    expect(clash.body.errors).toEqual([{ field: 'name', message: 'Another location has this name' }]);
  });

  it('copies a week once: a repeat adds nothing, double bookings come back as conflicts', async () => {
    const { owner } = await seedBusiness(db.sql, 'Copy Twice');
    const site = await location(owner.token, 'Main', 'UTC');
    const other = await location(owner.token, 'Other', 'UTC');
    const ann = await employee(owner.token, { name: 'Ann', locationIds: [site, other] });
    await shiftOn(owner.token, site, ann, '03');
    await shiftOn(owner.token, site, null, '04');
    // Ann already works at the other site on the Tuesday the copy lands on.
    const busy = await shiftOn(owner.token, other, ann, '10', '12:00');
    const week = { locationId: site, fromWeekStart: '2026-11-02', toWeekStart: '2026-11-09' };

    const first = await call(app, owner.token, '/api/v1/shifts/copy-week', { json: week });
    const again = await call(app, owner.token, '/api/v1/shifts/copy-week', { json: week });
    const target = await call(
      app,
      owner.token,
      `/api/v1/shifts?from=2026-11-09T00:00:00Z&to=2026-11-16T00:00:00Z&locationId=${site}`,
    );

    expect(first.status).toBe(201);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.skipped).toBe(0);
    const copiedAnn = first.body.data.find((s: { employeeId: string | null }) => s.employeeId === ann);
    expect(first.body.conflicts).toEqual([
      expect.objectContaining({
        copiedShiftId: copiedAnn.id,
        shiftId: busy,
        kind: 'overlap',
        locationId: other,
      }),
    ]);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ data: [], skipped: 2, conflicts: [] });
    expect(target.body.data).toHaveLength(2);
  });

  it('copies only from and to the first day of a week, naming the field', async () => {
    const { owner } = await seedBusiness(db.sql, 'Copy Wednesday');
    const site = await location(owner.token, 'Main', 'UTC');

    const midweek = await call(app, owner.token, '/api/v1/shifts/copy-week', {
      json: { locationId: site, fromWeekStart: '2026-11-04', toWeekStart: '2026-11-09' },
    });
    const bothOff = await call(app, owner.token, '/api/v1/shifts/copy-week', {
      json: { locationId: site, fromWeekStart: '2026-11-03', toWeekStart: '2026-11-10' },
    });
    await call(app, owner.token, '/api/v1/settings', {
      method: 'PUT',
      json: { ...(await call(app, owner.token, '/api/v1/settings')).body, weekStartsOn: 7 },
    });
    const sundays = await call(app, owner.token, '/api/v1/shifts/copy-week', {
      json: { locationId: site, fromWeekStart: '2026-11-01', toWeekStart: '2026-11-08' },
    });

    expect(midweek.status).toBe(400);
    expect(midweek.body.errors).toEqual([
      { field: 'fromWeekStart', message: 'Must be the first day of a week (Monday)' },
    ]);
    expect(bothOff.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'fromWeekStart',
      'toWeekStart',
    ]);
    expect(sundays.status).toBe(201);
  });

  it('gives shifts only to staff of the location, and copies a shift of someone moved away as open', async () => {
    const { owner } = await seedBusiness(db.sql, 'Copy Moved');
    const site = await location(owner.token, 'Main', 'UTC');
    const other = await location(owner.token, 'Other', 'UTC');
    const moves = await employee(owner.token, { name: 'Moves', locationIds: [site] });
    const elsewhere = await employee(owner.token, { name: 'Elsewhere', locationIds: [other] });
    const shift = await shiftOn(owner.token, site, moves, '03');

    const notHere = await call(app, owner.token, '/api/v1/shifts', {
      json: {
        locationId: site,
        employeeId: elsewhere,
        startsAt: '2026-11-05T09:00:00Z',
        endsAt: '2026-11-05T17:00:00Z',
      },
    });
    const reassigned = await call(app, owner.token, `/api/v1/shifts/${shift}`, {
      method: 'PATCH',
      json: { employeeId: elsewhere },
    });
    const moved = await call(app, owner.token, `/api/v1/shifts/${shift}`, {
      method: 'PATCH',
      json: { locationId: other },
    });
    await call(app, owner.token, `/api/v1/employees/${moves}`, {
      method: 'PATCH',
      json: { locationIds: [other] },
    });
    const copied = await call(app, owner.token, '/api/v1/shifts/copy-week', {
      json: { locationId: site, fromWeekStart: '2026-11-02', toWeekStart: '2026-11-09' },
    });

    for (const refused of [notHere, reassigned, moved]) {
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].field).toBe('employeeId');
    }
    expect(copied.body.data.map((s: { employeeId: string | null }) => s.employeeId)).toEqual([null]);
  });

  it('copies a week’s shifts of since-archived employees as open shifts', async () => {
    const { owner } = await seedBusiness(db.sql, 'Copy Open');
    const site = await location(owner.token, 'Main', 'UTC');
    const stays = await employee(owner.token, { name: 'Stays', locationIds: [site] });
    const leaves = await employee(owner.token, { name: 'Leaves', locationIds: [site] });
    for (const [employeeId, day] of [
      [stays, '03'],
      [leaves, '04'],
    ] as const) {
      await shiftOn(owner.token, site, employeeId, day);
    }
    await call(app, owner.token, `/api/v1/employees/${leaves}`, {
      method: 'PATCH',
      json: { archived: true },
    });

    const copied = await call(app, owner.token, '/api/v1/shifts/copy-week', {
      json: { locationId: site, fromWeekStart: '2026-11-02', toWeekStart: '2026-11-09' },
    });

    expect(copied.status).toBe(201);
    expect(
      copied.body.data.map((s: { startsAt: string; employeeId: string | null }) => [
        s.startsAt,
        s.employeeId,
      ]),
    ).toEqual([
      ['2026-11-10T09:00:00.000Z', stays],
      ['2026-11-11T09:00:00.000Z', null],
    ]);
  });
});

describe('one shift or entry by id', () => {
  it('shows an employee only their own entries and published shifts, and a manager only their locations’', async () => {
    const { tenant, owner, x, y, worker, manager } = await managerOfXNotY('By Id');
    const colleague = await employee(owner.token, { name: 'Col', locationIds: [x] });
    const staff = await addMember(db.sql, tenant, 'employee');
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${worker}`;
    const entryOf = (employeeId: string, locationId: string, day: string) =>
      entryOn(owner.token, employeeId, locationId, day, '12:00');
    const shiftOf = (employeeId: string, day: string) => shiftOn(owner.token, x, employeeId, day);
    const mineAtY = await entryOf(worker, y, '02');
    const theirs = await entryOf(colleague, x, '02');
    const published = await shiftOf(worker, '03');
    const draft = await shiftOf(worker, '04');
    await call(app, owner.token, '/api/v1/shifts/publish', {
      json: { locationId: x, from: '2026-11-03T00:00:00Z', to: '2026-11-04T00:00:00Z' },
    });
    const read = async (token: string, path: string) => (await call(app, token, path)).status;

    expect(await read(staff.token, `/api/v1/time-entries/${mineAtY}`)).toBe(200);
    expect(await read(staff.token, `/api/v1/time-entries/${theirs}`)).toBe(404);
    expect(await read(staff.token, `/api/v1/shifts/${published}`)).toBe(200);
    expect(await read(staff.token, `/api/v1/shifts/${draft}`)).toBe(404);
    expect(await read(manager.token, `/api/v1/time-entries/${theirs}`)).toBe(200);
    expect(await read(manager.token, `/api/v1/time-entries/${mineAtY}`)).toBe(403);
    expect(await read(manager.token, `/api/v1/shifts/${draft}`)).toBe(200);
    expect((await call(app, owner.token, `/api/v1/time-entries/${mineAtY}`)).body).toMatchObject({
      id: mineAtY,
      employeeId: worker,
      locationId: y,
      clockOut: '2026-11-02T12:00:00.000Z',
    });
  });
});

describe('employee list', () => {
  it('shows an employee their own record whatever page it would fall on for a manager', async () => {
    const { owner, site, staff, me } = await linkedEmployee('Many Staff', 'Zoe');
    for (const name of ['Abe', 'Bea', 'Cal']) await employee(owner.token, { name, locationIds: [site] });

    const firstPage = await call(app, staff.token, '/api/v1/employees?limit=2');
    const byOwner = await call(app, owner.token, '/api/v1/employees?limit=2');

    expect(firstPage.status).toBe(200);
    expect(firstPage.body).toEqual({
      data: [expect.objectContaining({ id: me, name: 'Zoe' })],
      nextCursor: null,
    });
    expect(byOwner.body.data.map((e: { name: string }) => e.name)).toEqual(['Abe', 'Bea']);
  });
});

describe('an employee’s locations', () => {
  it('counts a location named twice once, when hired and when moved', async () => {
    const { owner } = await seedBusiness(db.sql, 'Twice Named');
    const [x, y] = [await location(owner.token, 'X'), await location(owner.token, 'Y')];

    const hired = await call(app, owner.token, '/api/v1/employees', {
      json: { name: 'Dee', locationIds: [x, x] },
    });
    const moved = await call(app, owner.token, `/api/v1/employees/${hired.body.id}`, {
      method: 'PATCH',
      json: { locationIds: [y, x, y] },
    });

    expect(hired.status).toBe(201);
    expect(hired.body.locationIds).toEqual([x]);
    expect(moved.status).toBe(200);
    expect([...moved.body.locationIds].sort()).toEqual([x, y].sort());
  });
});

describe('manager scope', () => {
  it('lets a manager of location X schedule and correct X but not touch Y', async () => {
    const { owner, x, y, worker, manager } = await managerOfXNotY('Scoped');
    const shift = (locationId: string) => ({
      locationId,
      employeeId: worker,
      startsAt: '2026-11-03T09:00:00Z',
      endsAt: '2026-11-03T17:00:00Z',
    });
    const yShift = await call(app, owner.token, '/api/v1/shifts', {
      json: { ...shift(y), startsAt: '2026-11-04T09:00:00Z', endsAt: '2026-11-04T17:00:00Z' },
    });
    const yEntry = await call(app, owner.token, '/api/v1/time-entries', {
      json: {
        employeeId: worker,
        locationId: y,
        clockIn: '2026-11-02T09:00:00Z',
        clockOut: '2026-11-02T10:00:00Z',
        reason: 'r',
      },
    });

    const inX = await call(app, manager.token, '/api/v1/shifts', { json: shift(x) });
    const inY = await call(app, manager.token, '/api/v1/shifts', { json: shift(y) });
    const moveToY = await call(app, manager.token, `/api/v1/shifts/${inX.body.shift.id}`, {
      method: 'PATCH',
      json: { locationId: y },
    });
    const editY = await call(app, manager.token, `/api/v1/shifts/${yShift.body.shift.id}`, {
      method: 'DELETE',
    });
    const correctY = await call(app, manager.token, `/api/v1/time-entries/${yEntry.body.id}`, {
      method: 'PATCH',
      json: { clockOut: '2026-11-02T11:00:00Z', reason: 'r' },
    });
    const listed = await call(
      app,
      manager.token,
      '/api/v1/shifts?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z',
    );
    const publishY = await call(app, manager.token, '/api/v1/shifts/publish', {
      json: { locationId: y, from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' },
    });

    expect(inX.status).toBe(201);
    expect(inY.status).toBe(403);
    expect(moveToY.status).toBe(403);
    expect(editY.status).toBe(403);
    expect(correctY.status).toBe(403);
    expect(publishY.status).toBe(403);
    expect(listed.body.data.map((s: { locationId: string }) => s.locationId)).toEqual([x]);
  });

  it('lists a manager only the kiosks of the locations they manage', async () => {
    const { owner, x, y, manager } = await managerOfXNotY('Kiosk Scope');
    const kioskAt = async (locationId: string) =>
      (await call(app, owner.token, '/api/v1/kiosks', { json: { locationId, name: 'Till' } })).body.kiosk.id;
    const atX = await kioskAt(x);
    await kioskAt(y);

    const byManager = await call(app, manager.token, '/api/v1/kiosks');
    const byOwner = await call(app, owner.token, '/api/v1/kiosks');

    expect(byManager.body.data.map((k: { id: string }) => k.id)).toEqual([atX]);
    expect(byOwner.body.data).toHaveLength(2);
  });

  it('shows a manager their own published shifts and entries at a location they do not manage, and only theirs', async () => {
    const { owner, tenant, x, y, worker, manager } = await managerOfXNotY('Own Elsewhere');
    // The manager also works shifts, at X and at Y (which someone else manages).
    const self = await employee(owner.token, { name: 'Mo Manager', locationIds: [x, y] });
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${manager.userId} where id = ${self}`;
    const atY = await shiftOn(owner.token, y, self, '05');
    const draftAtY = await shiftOn(owner.token, y, self, '06');
    const workerAtY = await shiftOn(owner.token, y, worker, '05', '12:00');
    await call(app, owner.token, '/api/v1/shifts/publish', {
      json: { locationId: y, from: '2026-11-05T00:00:00Z', to: '2026-11-06T00:00:00Z' },
    });
    const draftAtX = await shiftOn(owner.token, x, self, '07');
    const ownEntry = await entryOn(owner.token, self, y, '04');
    const workerEntry = await entryOn(owner.token, worker, y, '04', '12:00');
    const deletedAtY = await entryOn(owner.token, self, y, '03');
    await call(app, owner.token, `/api/v1/time-entries/${deletedAtY}`, {
      method: 'DELETE',
      json: { reason: 'made by mistake' },
    });
    const week = 'from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z';
    const ids = (answer: { body: { data: { id: string }[] } }) => answer.body.data.map((row) => row.id);

    const ownShifts = await call(app, manager.token, `/api/v1/shifts?${week}&employeeId=${self}`);
    const workersShifts = await call(app, manager.token, `/api/v1/shifts?${week}&employeeId=${worker}`);
    const ownEntries = await call(app, manager.token, `/api/v1/time-entries?${week}&employeeId=${self}`);
    const workersEntries = await call(
      app,
      manager.token,
      `/api/v1/time-entries?${week}&employeeId=${worker}`,
    );
    const ownDeleted = await call(
      app,
      manager.token,
      `/api/v1/time-entries/deleted?${week}&employeeId=${self}`,
    );
    const submitOwn = await call(app, manager.token, `/api/v1/timesheets/${self}/2026-11-02/submit`, {
      json: {},
    });
    const approveOwn = await call(app, manager.token, `/api/v1/timesheets/${self}/2026-11-02/approve`, {
      json: {},
    });

    // Published at Y, and their draft at X, which they manage; not their draft at Y.
    expect(ids(ownShifts)).toEqual([atY, draftAtX]);
    expect(ids(ownShifts)).not.toContain(draftAtY);
    expect(ids(workersShifts)).not.toContain(workerAtY);
    expect(ids(ownEntries)).toEqual([ownEntry]);
    expect(ids(workersEntries)).not.toContain(workerEntry);
    // Who deleted what at Y stays with Y's managers; their own sheet is theirs to submit, not approve.
    expect(ids(ownDeleted)).not.toContain(deletedAtY);
    expect(submitOwn.status).toBe(200);
    expect(approveOwn.status).toBe(403);
  });
});

describe('schedule', () => {
  it('reports double bookings, publishes drafts, shows employees only their published shifts, and copies a week across a DST change', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Roster');
    const site = await location(owner.token, 'Quay', 'Europe/London');
    const staff = await addMember(db.sql, tenant, 'employee');
    const kim = await employee(owner.token, { name: 'Kim', locationIds: [site] });
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${kim}`;

    // The week of Monday 2026-10-19 (BST, UTC+1) copied to the week of 2026-10-26 (GMT, UTC+0).
    const first = await call(app, owner.token, '/api/v1/shifts', {
      json: {
        locationId: site,
        employeeId: kim,
        startsAt: '2026-10-20T08:00:00Z',
        endsAt: '2026-10-20T16:00:00Z',
      },
    });
    const overlapping = await call(app, owner.token, '/api/v1/shifts', {
      json: {
        locationId: site,
        employeeId: kim,
        startsAt: '2026-10-20T15:00:00Z',
        endsAt: '2026-10-20T20:00:00Z',
      },
    });
    const draftsSeen = await call(
      app,
      staff.token,
      '/api/v1/shifts?from=2026-10-19T00:00:00Z&to=2026-10-26T00:00:00Z',
    );
    const published = await call(app, owner.token, '/api/v1/shifts/publish', {
      json: { locationId: site, from: '2026-10-19T00:00:00Z', to: '2026-10-26T00:00:00Z' },
    });
    const seen = await call(
      app,
      staff.token,
      '/api/v1/shifts?from=2026-10-19T00:00:00Z&to=2026-10-26T00:00:00Z',
    );
    const copied = await call(app, owner.token, '/api/v1/shifts/copy-week', {
      json: { locationId: site, fromWeekStart: '2026-10-19', toWeekStart: '2026-10-26' },
    });

    expect(first.body.conflicts).toEqual([]);
    expect(overlapping.body.conflicts).toEqual([
      expect.objectContaining({ shiftId: first.body.shift.id, kind: 'overlap' }),
    ]);
    expect(draftsSeen.body.data).toEqual([]);
    expect(published.body.published).toBe(2);
    expect(seen.body.data).toHaveLength(2);
    // 09:00 local (BST) stays 09:00 local (GMT): 08:00Z becomes 09:00Z.
    expect(
      copied.body.data.map((s: { startsAt: string; published: boolean }) => [s.startsAt, s.published]),
    ).toEqual([
      ['2026-10-27T09:00:00.000Z', false],
      ['2026-10-27T16:00:00.000Z', false],
    ]);
  });

  it('pages through a long schedule with cursors', async () => {
    const { owner } = await seedBusiness(db.sql, 'Pager');
    const site = await location(owner.token, 'P');
    for (let day = 1; day <= 5; day++) await shiftOn(owner.token, site, null, `0${day}`, '12:00');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const pageResult: Awaited<ReturnType<typeof call>> = await call(
        app,
        owner.token,
        `/api/v1/shifts?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...pageResult.body.data.map((s: { startsAt: string }) => s.startsAt.slice(0, 10)));
      cursor = pageResult.body.nextCursor;
    } while (cursor);

    expect(seen).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']);
  });

  it('keeps both of two managers’ changes to different fields of one shift made at once', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Shift Edited Twice');
    const s = db.sql(tenant.schema);
    const site = await location(owner.token, 'Main');
    const shift = await shiftOn(owner.token, site, null, '03');
    const edit = (json: Record<string, unknown>) =>
      call(app, owner.token, `/api/v1/shifts/${shift}`, { method: 'PATCH', json });

    // Both edits reach the shift while something else holds it, so both have read it before either writes.
    const answers = await inOrderBehindALock(
      db.sql,
      (tx) => tx`select 1 from ${s}.shifts where id = ${shift} for update`,
      [() => edit({ notes: 'bring the keys' }), () => edit({ endsAt: '2026-11-03T18:00:00Z' })],
    );
    const [stored] = await db.sql`select notes, ends_at from ${s}.shifts where id = ${shift}`;

    expect(answers.map((answer) => answer?.status)).toEqual([200, 200]);
    expect(stored?.notes).toBe('bring the keys');
    expect(stored?.ends_at).toEqual(new Date('2026-11-03T18:00:00Z'));
  });

  it('copies a 24-hour shift into the night the clocks go back as 24 hours from its local start', async () => {
    const { owner } = await seedBusiness(db.sql, 'Copy On Call');
    const site = await location(owner.token, 'Ward', 'Europe/London');
    // Saturday 08:00 to Sunday 08:00 BST, and a day shift, the week before the clocks go back
    // (01:00 GMT on Sunday 25 October 2026).
    for (const [startsAt, endsAt] of [
      ['2026-10-17T07:00:00Z', '2026-10-18T07:00:00Z'],
      ['2026-10-16T08:00:00Z', '2026-10-16T16:00:00Z'],
    ]) {
      const created = await call(app, owner.token, '/api/v1/shifts', {
        json: { locationId: site, employeeId: null, startsAt, endsAt, role: 'on call' },
      });
      expect(created.status).toBe(201);
    }

    const copied = await call(app, owner.token, '/api/v1/shifts/copy-week', {
      json: { locationId: site, fromWeekStart: '2026-10-12', toWeekStart: '2026-10-19' },
    });
    const times = copied.body.data.map((s: { startsAt: string; endsAt: string }) => [s.startsAt, s.endsAt]);

    expect(copied.status).toBe(201);
    // 08:00 BST Saturday, for 24 hours: Sunday 07:00 GMT, not the 25 hours to 08:00 GMT.
    expect(times).toEqual([
      ['2026-10-23T08:00:00.000Z', '2026-10-23T16:00:00.000Z'],
      ['2026-10-24T07:00:00.000Z', '2026-10-25T07:00:00.000Z'],
    ]);
  });
});

describe('employee import', () => {
  const header = 'name,email,jobRole,locations,hourlyRate,rateEffectiveFrom,pin';

  it('imports every row, or none when one row is bad, naming its row and column', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Importers');
    await location(owner.token, 'Dock');
    const bad = [
      header,
      'Ada,ada@example.com,Barista,Dock,12.50,2026-01-01,1234',
      'Bo,not-an-email,,Dock,12.5,,',
      'Cy,,,Nowhere,,,',
    ].join('\n');
    const good = [
      header,
      'Ada,ada@example.com,Barista,Dock,12.50,2026-01-01,1234',
      '"Lovelace, Bo",,,Dock,11,,',
    ].join('\r\n');

    const rejected = await call(app, owner.token, '/api/v1/employees/import', {
      body: bad,
      contentType: 'text/csv',
    });
    const countAfterBad = await db.sql`select count(*)::int as n from ${db.sql(tenant.schema)}.employees`;
    const imported = await call(app, owner.token, '/api/v1/employees/import', {
      body: good,
      contentType: 'text/csv',
    });
    const rates = await call(app, owner.token, `/api/v1/employees/${imported.body.data[0].id}/pay-rates`);

    expect(rejected.status).toBe(400);
    expect(rejected.body.errors).toEqual([
      { field: 'row 3, email', message: expect.any(String) },
      { field: 'row 4, locations', message: 'No such location: Nowhere' },
    ]);
    expect(countAfterBad).toEqual([{ n: 0 }]);
    expect(imported.status).toBe(201);
    expect(imported.body.data.map((e: { name: string; hasPin: boolean }) => [e.name, e.hasPin])).toEqual([
      ['Ada', true],
      ['Lovelace, Bo', false],
    ]);
    expect(rates.body.data).toEqual([{ effectiveFrom: '2026-01-01', hourlyRateMinor: 1250 }]);
  });

  it('names the row a spreadsheet shows, after blank lines and a quoted field holding a line break', async () => {
    const { owner } = await seedBusiness(db.sql, 'Gappy Importers');
    await location(owner.token, 'Dock');
    const csv = [
      header,
      'Ada,ada@example.com,,Dock,,,',
      '',
      'Bo,not-an-email,,Dock,,,',
      '"Cy',
      'Lovelace",,,Dock,,,',
      '',
      '',
      'Di,also-not-an-email,,Dock,,,',
      'Ed,ada@example.com,,Dock,,,',
    ].join('\r\n');

    const rejected = await call(app, owner.token, '/api/v1/employees/import', {
      body: csv,
      contentType: 'text/csv',
    });

    // Rows 3, 6 and 7 are blank; Cy's name spans two lines of the file but one row (5).
    expect(rejected.status).toBe(400);
    expect(rejected.headers.get('content-type')).toContain('application/problem+json');
    expect(rejected.body.errors).toEqual([
      { field: 'row 4, email', message: expect.any(String) },
      { field: 'row 8, email', message: expect.any(String) },
      { field: 'row 9, email', message: 'Same email as row 2' },
    ]);
  });

  it('reads hourlyRate with the business currency’s decimals, naming the row of a rate with more', async () => {
    const { owner } = await seedBusiness(db.sql, 'Currency Importers');
    await location(owner.token, 'Dock');
    const useCurrency = async (currency: string) => {
      const settings = (await call(app, owner.token, '/api/v1/settings')).body;
      const saved = await call(app, owner.token, '/api/v1/settings', {
        method: 'PUT',
        json: { ...settings, currency },
      });
      expect(saved.status).toBe(200);
    };
    const importRows = (...rows: string[]) =>
      call(app, owner.token, '/api/v1/employees/import', {
        body: [header, ...rows].join('\n'),
        contentType: 'text/csv',
      });
    const rateOf = async (imported: { body: { data: { id: string }[] } }) =>
      (await call(app, owner.token, `/api/v1/employees/${imported.body.data[0]!.id}/pay-rates`)).body.data;

    await useCurrency('JPY');
    const yenRefused = await importRows('Ada,,,Dock,1200,2026-01-01,', 'Bo,,,Dock,12.5,2026-01-01,');
    const yen = await importRows('Ada,,,Dock,1200,2026-01-01,');
    await useCurrency('KWD');
    const dinarRefused = await importRows('Cy,,,Dock,12.3456,,', 'Di,,,Dock,100000.001,,');
    const dinar = await importRows('Cy,,,Dock,12.345,2026-01-01,');
    await useCurrency('EUR');
    const euroRefused = await importRows('Ed,,,Dock,12.345,,');
    const euro = await importRows('Ed,,,Dock,0.29,2026-01-01,');

    expect(yenRefused.status).toBe(400);
    expect(yenRefused.body.errors).toEqual([
      { field: 'row 3, hourlyRate', message: 'Must be an amount like 1250 (JPY has no decimals)' },
    ]);
    expect(await rateOf(yen)).toEqual([{ effectiveFrom: '2026-01-01', hourlyRateMinor: 1200 }]);
    expect(dinarRefused.body.errors).toEqual([
      { field: 'row 2, hourlyRate', message: 'Must be an amount like 12.500 (KWD has at most 3 decimals)' },
      { field: 'row 3, hourlyRate', message: 'Must be at most 100000.000' },
    ]);
    expect(await rateOf(dinar)).toEqual([{ effectiveFrom: '2026-01-01', hourlyRateMinor: 12_345 }]);
    expect(euroRefused.body.errors).toEqual([
      { field: 'row 2, hourlyRate', message: 'Must be an amount like 12.50 (EUR has at most 2 decimals)' },
    ]);
    expect(await rateOf(euro)).toEqual([{ effectiveFrom: '2026-01-01', hourlyRateMinor: 29 }]);
  });

  it('assigns a location whose name has a semicolon, and several locations separated by semicolons', async () => {
    const { owner } = await seedBusiness(db.sql, 'Semicolon Importers');
    const cafeBar = await location(owner.token, 'Café; Bar');
    const dock = await location(owner.token, 'Dock');
    const yard = await location(owner.token, 'Yard');

    const imported = await call(app, owner.token, '/api/v1/employees/import', {
      body: 'name,locations\nAnn,"café; bar"\nBo,Dock; yard\n',
      contentType: 'text/csv',
    });

    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.data.map((e: { locationIds: string[] }) => [...e.locationIds].sort())).toEqual([
      [cafeBar],
      [dock, yard].sort(),
    ]);
  });

  it('names every problem of a row: a duplicate email and an unknown location beside a bad PIN', async () => {
    const { owner } = await seedBusiness(db.sql, 'Every Problem Importers');
    await location(owner.token, 'Dock');

    const rejected = await call(app, owner.token, '/api/v1/employees/import', {
      body: [header, 'Ada,ada@example.com,,Dock,,,12', 'Bo,ADA@example.com,,Nowhere,,,12'].join('\n'),
      contentType: 'text/csv',
    });

    expect(rejected.status).toBe(400);
    expect(rejected.body.errors).toEqual([
      { field: 'row 2, pin', message: 'Must be 4 to 6 digits' },
      { field: 'row 3, pin', message: 'Must be 4 to 6 digits' },
      { field: 'row 3, locations', message: 'No such location: Nowhere' },
      { field: 'row 3, email', message: 'Same email as row 2' },
    ]);
  });

  it('refuses a file with unknown columns', async () => {
    const { owner } = await seedBusiness(db.sql, 'Bad Header');

    const response = await call(app, owner.token, '/api/v1/employees/import', {
      body: 'fullname,salary\nA,1',
      contentType: 'text/csv',
    });

    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('file');
  });
});

describe('input validation and tenant isolation', () => {
  it('answers every bad write with a 400 naming the field', async () => {
    const { owner } = await seedBusiness(db.sql, 'Strict');
    const site = await location(owner.token, 'S');
    const emp = await employee(owner.token, { name: 'Val', locationIds: [site] });
    const created = await call(app, owner.token, '/api/v1/shifts', {
      json: {
        locationId: site,
        employeeId: emp,
        startsAt: '2026-01-01T09:00:00Z',
        endsAt: '2026-01-01T17:00:00Z',
      },
    });
    const shiftId = created.body.shift.id;
    const validSettings = {
      currency: 'EUR',
      weekStartsOn: 1,
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-01-05',
      overtime: { dailyThresholdMinutes: null, weeklyThresholdMinutes: 2400, multiplier: 1.5 },
      rounding: { minutes: 0, mode: 'nearest' },
      breaksPaid: false,
    };
    const cases: [string, string, unknown, string][] = [
      // Only the start moves, two days back: the merged shift would last 56 hours.
      ['PATCH', `/api/v1/shifts/${shiftId}`, { startsAt: '2025-12-30T09:00:00Z' }, 'endsAt'],
      ['POST', '/api/v1/locations', { name: 'L', timeZone: 'Mars/Base' }, 'timeZone'],
      ['POST', '/api/v1/employees', { name: '', locationIds: [] }, 'name'],
      ['POST', '/api/v1/employees', { name: 'A', pin: '12' }, 'pin'],
      ['POST', '/api/v1/employees', { name: 'A', locationIds: ['not-a-uuid'] }, 'locationIds.0'],
      ['PATCH', `/api/v1/employees/${emp}`, { email: 'nope' }, 'email'],
      [
        'POST',
        `/api/v1/employees/${emp}/pay-rates`,
        { hourlyRateMinor: -1, effectiveFrom: '2026-01-01' },
        'hourlyRateMinor',
      ],
      [
        'POST',
        `/api/v1/employees/${emp}/pay-rates`,
        { hourlyRateMinor: 100, effectiveFrom: 'soon' },
        'effectiveFrom',
      ],
      ['PUT', `/api/v1/employees/${emp}/pin`, { pin: 'abcd' }, 'pin'],
      [
        'POST',
        '/api/v1/shifts',
        {
          locationId: site,
          employeeId: null,
          startsAt: '2026-01-01T10:00:00Z',
          endsAt: '2026-01-01T09:00:00Z',
        },
        'endsAt',
      ],
      [
        'POST',
        '/api/v1/shifts',
        { locationId: site, employeeId: null, startsAt: 'tomorrow', endsAt: '2026-01-01T09:00:00Z' },
        'startsAt',
      ],
      ['POST', '/api/v1/shifts/publish', { locationId: site, from: 'x', to: '2026-01-01T00:00:00Z' }, 'from'],
      [
        'POST',
        '/api/v1/shifts/copy-week',
        { locationId: site, fromWeekStart: '2026-1-1', toWeekStart: '2026-01-08' },
        'fromWeekStart',
      ],
      [
        'POST',
        '/api/v1/shifts/copy-week',
        { locationId: site, fromWeekStart: '2026-01-05', toWeekStart: '2026-01-05' },
        'toWeekStart',
      ],
      [
        'POST',
        '/api/v1/time-entries',
        {
          employeeId: emp,
          locationId: site,
          clockIn: '2026-01-01T10:00:00Z',
          clockOut: '2026-01-01T09:00:00Z',
          reason: 'x',
        },
        'clockOut',
      ],
      [
        'POST',
        '/api/v1/time-entries',
        {
          employeeId: emp,
          locationId: site,
          clockIn: '2026-01-01T09:00:00Z',
          clockOut: '2026-01-02T09:01:00Z',
          reason: 'a day and a minute',
        },
        'clockOut',
      ],
      ['POST', '/api/v1/kiosks', { locationId: site, name: '' }, 'name'],
      ['PUT', '/api/v1/settings', { currency: 'euro' }, 'currency'],
      // Three capitals, but no currency.
      ['PUT', '/api/v1/settings', { ...validSettings, currency: 'ABC' }, 'currency'],
      [
        'PUT',
        '/api/v1/settings',
        {
          ...validSettings,
          overtime: { dailyThresholdMinutes: null, weeklyThresholdMinutes: 2400, multiplier: 0.5 },
          rounding: { minutes: 7, mode: 'nearest' },
        },
        'overtime.multiplier',
      ],
    ];

    for (const [method, path, json, field] of cases) {
      const response = await call(app, owner.token, path, { method, json });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 400 });
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('refuses days that do not exist, years outside 2000–2099 and text with a NUL, naming the field', async () => {
    const { owner } = await seedBusiness(db.sql, 'Calendar');
    const site = await location(owner.token, 'Main');
    const emp = await employee(owner.token, { name: 'Dee', locationIds: [site] });
    const YEARS = 'Must be in the years 2000 to 2099';
    const NO_DATE = 'Must be a date like 2026-04-01';
    const NUL = 'Must not contain the NUL character (U+0000)';
    const entry = { employeeId: emp, locationId: site, reason: 'paper timesheet' };
    const cases: [string, string, unknown, ...{ field: string; message: string }[]][] = [
      [
        'POST',
        `/api/v1/employees/${emp}/pay-rates`,
        { hourlyRateMinor: 1, effectiveFrom: '2026-02-30' },
        { field: 'effectiveFrom', message: NO_DATE },
      ],
      [
        'POST',
        `/api/v1/employees/${emp}/pay-rates`,
        { hourlyRateMinor: 1, effectiveFrom: '0026-02-03' },
        { field: 'effectiveFrom', message: YEARS },
      ],
      // Year 1 used to be stored as 2001; year 9999 shifts stood in a schedule nobody could reach.
      [
        'POST',
        '/api/v1/time-entries',
        { ...entry, clockIn: '0001-01-01T09:00:00Z', clockOut: '2026-01-01T17:00:00Z' },
        { field: 'clockIn', message: YEARS },
      ],
      [
        'POST',
        '/api/v1/shifts',
        {
          locationId: site,
          employeeId: null,
          startsAt: '9999-12-31T09:00:00Z',
          endsAt: '9999-12-31T17:00:00Z',
        },
        { field: 'startsAt', message: YEARS },
        { field: 'endsAt', message: YEARS },
      ],
      [
        'POST',
        '/api/v1/shifts/copy-week',
        { locationId: site, fromWeekStart: '2026-02-30', toWeekStart: '2026-03-09' },
        { field: 'fromWeekStart', message: NO_DATE },
      ],
      ['GET', '/api/v1/payroll?from=2026-02-01&to=2026-02-30', undefined, { field: 'to', message: NO_DATE }],
      ['GET', '/api/v1/payroll?from=0000-12-31&to=2026-01-31', undefined, { field: 'from', message: YEARS }],
      [
        'GET',
        '/api/v1/timesheets?periodStart=9999-12-27',
        undefined,
        { field: 'periodStart', message: YEARS },
      ],
      ['POST', `/api/v1/timesheets/${emp}/2026-02-30/submit`, {}, { field: 'periodStart', message: NO_DATE }],
      ['GET', '/api/v1/metrics/monthly?month=0000-01', undefined, { field: 'month', message: YEARS }],
      [
        'GET',
        '/api/v1/time-entries?from=0000-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
        undefined,
        { field: 'from', message: YEARS },
      ],
      [
        'POST',
        '/api/v1/locations',
        { name: 'Back\u0000room', timeZone: 'Europe/London' },
        { field: 'name', message: NUL },
      ],
      ['PATCH', `/api/v1/employees/${emp}`, { jobRole: 'barista\u0000' }, { field: 'jobRole', message: NUL }],
      ['PATCH', '/api/v1/tenant', { name: 'Calendar\u0000' }, { field: 'name', message: NUL }],
      ['DELETE', '/api/v1/kiosks/%00', undefined, { field: 'id', message: NUL }],
    ];

    for (const [method, path, json, ...errors] of cases) {
      const response = await call(app, owner.token, path, { method, json });
      expect({ method, path, status: response.status, errors: response.body.errors }).toEqual({
        method,
        path,
        status: 400,
        errors,
      });
    }
    const csv = (row: string) =>
      call(app, owner.token, '/api/v1/employees/import', {
        body: `name,email,jobRole,locations,hourlyRate,rateEffectiveFrom,pin\n${row}`,
        contentType: 'text/csv',
      });
    const badDay = await csv('Ann,,,Main,11,2026-02-30,');
    const nul = await csv('Bo\u0000b,,,Main,11,,');
    expect(badDay.body.errors).toEqual([{ field: 'row 2, rateEffectiveFrom', message: NO_DATE }]);
    expect(nul.body.errors).toEqual([{ field: 'row 2, name', message: NUL }]);
    const names = (await call(app, owner.token, '/api/v1/employees')).body.data.map(
      (e: { name: string }) => e.name,
    );
    expect(names).toEqual(['Dee']);
  });

  it('answers a list query’s bad range or page size with one clear error per field', async () => {
    const { owner } = await seedBusiness(db.sql, 'Ranges');
    const errors = async (path: string) => {
      const response = await call(app, owner.token, path);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      return response.body.errors;
    };
    const week = 'from=2026-01-12T00:00:00Z&to=2026-01-05T00:00:00Z';

    expect(await errors(`/api/v1/time-entries?${week}`)).toEqual([
      { field: 'to', message: 'Must be after from' },
    ]);
    expect(await errors(`/api/v1/shifts?${week}`)).toEqual([{ field: 'to', message: 'Must be after from' }]);
    expect(await errors('/api/v1/shifts?from=soon&to=2026-01-05T00:00:00Z')).toEqual([
      { field: 'from', message: 'Must be an ISO 8601 date-time' },
    ]);
    expect(await errors('/api/v1/shifts?from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z')).toEqual([
      { field: 'to', message: 'At most 62 days' },
    ]);
    for (const limit of ['x', '0', '501', '2.5'])
      expect(await errors(`/api/v1/employees?limit=${limit}`)).toEqual([
        { field: 'limit', message: 'Must be a whole number from 1 to 500' },
      ]);
    // A cursor of the right shape whose values are not a sort key is as invalid as garbage.
    const tampered = Buffer.from(JSON.stringify(['soon', 'not-an-id'])).toString('base64url');
    for (const list of ['time-entries', 'shifts'])
      expect(
        await errors(`/api/v1/${list}?from=2026-01-05T00:00:00Z&to=2026-01-12T00:00:00Z&cursor=${tampered}`),
      ).toEqual([{ field: 'cursor', message: 'Invalid cursor' }]);
    expect(await errors(`/api/v1/employees?cursor=${tampered}`)).toEqual([
      { field: 'cursor', message: 'Invalid cursor' },
    ]);
  });

  it('answers another tenant’s ids with 404 and changes nothing', async () => {
    const a = await seedBusiness(db.sql, 'Tenant A');
    const b = await seedBusiness(db.sql, 'Tenant B');
    const bSite = await location(b.owner.token, 'B site');
    const bEmp = await employee(b.owner.token, { name: 'B person', locationIds: [bSite] });
    const bShift = await call(app, b.owner.token, '/api/v1/shifts', {
      json: {
        locationId: bSite,
        employeeId: bEmp,
        startsAt: '2026-11-03T09:00:00Z',
        endsAt: '2026-11-03T17:00:00Z',
      },
    });
    const bEntry = await call(app, b.owner.token, '/api/v1/time-entries', {
      json: {
        employeeId: bEmp,
        locationId: bSite,
        clockIn: '2026-11-02T09:00:00Z',
        clockOut: '2026-11-02T10:00:00Z',
        reason: 'r',
      },
    });
    const token = a.owner.token;

    const attempts = [
      await call(app, token, `/api/v1/locations/${bSite}`),
      await call(app, token, `/api/v1/employees/${bEmp}`),
      await call(app, token, `/api/v1/employees/${bEmp}`, { method: 'PATCH', json: { name: 'Hijacked' } }),
      await call(app, token, `/api/v1/employees/${bEmp}/pay-rates`),
      await call(app, token, `/api/v1/employees/${bEmp}/pin`, { method: 'PUT', json: { pin: '0000' } }),
      await call(app, token, `/api/v1/shifts/${bShift.body.shift.id}`, {
        method: 'PATCH',
        json: { notes: 'x' },
      }),
      await call(app, token, `/api/v1/shifts/${bShift.body.shift.id}`, { method: 'DELETE' }),
      await call(app, token, `/api/v1/time-entries/${bEntry.body.id}`, {
        method: 'PATCH',
        json: { reason: 'x' },
      }),
      await call(app, token, `/api/v1/time-entries/${bEntry.body.id}/changes`),
    ];
    const crossCreate = await call(app, token, '/api/v1/shifts', {
      json: {
        locationId: bSite,
        employeeId: null,
        startsAt: '2026-11-03T09:00:00Z',
        endsAt: '2026-11-03T17:00:00Z',
      },
    });
    const after = await call(app, b.owner.token, `/api/v1/employees/${bEmp}`);

    expect(attempts.map((r) => r.status)).toEqual(Array(attempts.length).fill(404));
    expect(crossCreate.status).toBe(400);
    expect(after.body.name).toBe('B person');
  });
});
