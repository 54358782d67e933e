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

describe('locations', () => {
  it('assigns managers (members with the manager role only), renames and archives', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Sites Inc');
    const site = (
      await call(app, owner.token, '/api/v1/locations', {
        json: { name: 'Old Name', timeZone: 'UTC', address: '1 Quay St' },
      })
    ).body;
    const manager = await addMember(db.sql, tenant, 'manager');
    const employee = await addMember(db.sql, tenant, 'employee');

    const assigned = await call(app, owner.token, `/api/v1/locations/${site.id}/managers`, {
      method: 'PUT',
      json: { userIds: [manager.userId] },
    });
    const notAManager = await call(app, owner.token, `/api/v1/locations/${site.id}/managers`, {
      method: 'PUT',
      json: { userIds: [manager.userId, employee.userId] },
    });
    const managerSees = await call(app, manager.token, '/api/v1/locations');
    const renamed = await call(app, owner.token, `/api/v1/locations/${site.id}`, {
      method: 'PATCH',
      json: { name: 'New Name' },
    });
    const duplicate = await call(app, owner.token, '/api/v1/locations', {
      json: { name: 'new name', timeZone: 'UTC' },
    });
    const archived = await call(app, owner.token, `/api/v1/locations/${site.id}`, {
      method: 'PATCH',
      json: { archived: true },
    });
    const listAfter = await call(app, owner.token, '/api/v1/locations');

    expect(site.address).toBe('1 Quay St');
    expect(assigned.body.userIds).toEqual([manager.userId]);
    expect(notAManager.status).toBe(400);
    expect(notAManager.body.errors[0].field).toBe('userIds.1');
    expect(managerSees.body.data.map((l: { id: string }) => l.id)).toEqual([site.id]);
    expect(renamed.body.name).toBe('New Name');
    expect(duplicate.status).toBe(400);
    expect(archived.status).toBe(200);
    expect(listAfter.body.data).toEqual([]);
  });
});

describe('dashboard and monthly metrics', () => {
  it('compares worked hours and cost with the schedule, and counts late clock-ins', async () => {
    const { owner, tenant } = await seedBusiness(db.sql, 'Metrics Co');
    const token = owner.token;
    const site = (await call(app, token, '/api/v1/locations', { json: { name: 'Cafe', timeZone: 'UTC' } }))
      .body.id;
    const emp = (
      await call(app, token, '/api/v1/employees', {
        json: { name: 'Lee', locationIds: [site], hourlyRateMinor: 1200 },
      })
    ).body.id;
    const shift = (day: string) => ({
      locationId: site,
      employeeId: emp,
      startsAt: `2026-11-${day}T09:00:00Z`,
      endsAt: `2026-11-${day}T17:00:00Z`,
    });
    await call(app, token, '/api/v1/shifts', { json: shift('02') });
    await call(app, token, '/api/v1/shifts', { json: shift('03') });
    await call(app, token, '/api/v1/shifts/publish', {
      json: { locationId: site, from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' },
    });
    const worked = (clockIn: string, clockOut: string) =>
      call(app, token, '/api/v1/time-entries', {
        json: { employeeId: emp, locationId: site, clockIn, clockOut, reason: 'import' },
      });
    await worked('2026-11-02T09:03:00Z', '2026-11-02T17:00:00Z'); // within the 5-minute grace
    await worked('2026-11-03T09:20:00Z', '2026-11-03T17:00:00Z'); // late

    // Kim and Ari are on the clock now (Ari since earlier); Lee clocked out.
    const onTheClock = async (name: string, since: string) => {
      const id = (await call(app, token, '/api/v1/employees', { json: { name, locationIds: [site] } })).body
        .id;
      await db.sql`insert into ${db.sql(tenant.schema)}.time_entries (employee_id, location_id, clock_in, source)
        values (${id}, ${site}, ${since}, 'self')`;
    };
    await onTheClock('Kim', '2026-11-04T10:00:00Z');
    await onTheClock('Ari', '2026-11-04T08:00:00Z');

    const week = await call(app, token, '/api/v1/dashboard?weekStart=2026-11-02');
    const month = await call(app, token, '/api/v1/metrics/monthly?month=2026-11');
    const badMonth = await call(app, token, '/api/v1/metrics/monthly?month=2026-13');

    // Scheduled: 2 × 480 minutes at 12.00/h = 19200. Worked: 477 + 460 = 937 minutes = 18740.
    expect(week.body.data).toEqual([
      expect.objectContaining({
        locationId: site,
        scheduledMinutes: 960,
        scheduledCostMinor: 19_200,
        workedMinutes: 937,
        laborCostMinor: 18_740,
        onTheClock: 2,
        onTheClockNames: ['Ari', 'Kim'],
      }),
    ]);
    expect(month.body.totals).toEqual({
      workedMinutes: 937,
      overtimeMinutes: 0,
      laborCostMinor: 18_740,
      lateClockIns: 1,
      scheduledMinutes: 960,
    });
    expect(month.body.employees).toEqual([
      expect.objectContaining({ employeeId: emp, name: 'Lee', lateClockIns: 1 }),
    ]);
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.errors[0].field).toBe('month');
  });
});
