import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../shared/http/app';
import { weekStartContaining } from '../../shared/timekeeping/metrics';
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

describe('late clock-ins', () => {
  it('counts a late arrival for the second of two shifts a day, not the on-time one of the first', async () => {
    const { owner } = await seedBusiness(db.sql, 'Split Shifts');
    const token = owner.token;
    const site = (await call(app, token, '/api/v1/locations', { json: { name: 'Cafe', timeZone: 'UTC' } }))
      .body.id;
    const pat = (
      await call(app, token, '/api/v1/employees', {
        json: { name: 'Pat', locationIds: [site], hourlyRateMinor: 1200 },
      })
    ).body.id;
    for (const [startsAt, endsAt] of [
      ['2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z'],
      ['2026-11-03T11:30:00Z', '2026-11-03T14:00:00Z'],
    ]) {
      await call(app, token, '/api/v1/shifts', {
        json: { locationId: site, employeeId: pat, startsAt, endsAt },
      });
    }
    await call(app, token, '/api/v1/shifts/publish', {
      json: { locationId: site, from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' },
    });
    const worked = (clockIn: string, clockOut: string) =>
      call(app, token, '/api/v1/time-entries', {
        json: { employeeId: pat, locationId: site, clockIn, clockOut, reason: 'paper sheet' },
      });
    await worked('2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z'); // on time
    await worked('2026-11-03T12:00:00Z', '2026-11-03T14:00:00Z'); // 30 minutes late

    const month = await call(app, token, '/api/v1/metrics/monthly?month=2026-11');

    expect(month.body.totals.lateClockIns).toBe(1);
  });
});

describe('the dashboard’s current week', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the week containing the moment in the location’s zone, on the business’s week start', () => {
    // Monday 09:30 in Sydney is still Sunday 14:30 in Los Angeles and Sunday 22:30 in UTC.
    const sydneyMondayMorning = new Date('2026-11-08T22:30:00Z');
    // Sunday 19:00 in Los Angeles is already Monday 03:00 in UTC.
    const losAngelesSundayEvening = new Date('2026-11-09T03:00:00Z');

    expect(weekStartContaining('Australia/Sydney', 1, sydneyMondayMorning)).toBe('2026-11-09');
    expect(weekStartContaining('America/Los_Angeles', 1, sydneyMondayMorning)).toBe('2026-11-02');
    expect(weekStartContaining('America/Los_Angeles', 1, losAngelesSundayEvening)).toBe('2026-11-02');
    expect(weekStartContaining('UTC', 1, losAngelesSundayEvening)).toBe('2026-11-09');
    // A week starting on Sunday (7): Sunday evening in Los Angeles is that week's first day.
    expect(weekStartContaining('America/Los_Angeles', 7, losAngelesSundayEvening)).toBe('2026-11-08');
  });

  it('shows each location its own week without ?weekStart, and one asked week to all', async () => {
    const { owner } = await seedBusiness(db.sql, 'Zones Co');
    const token = owner.token;
    const location = async (name: string, timeZone: string) =>
      (await call(app, token, '/api/v1/locations', { json: { name, timeZone } })).body.id as string;
    const sydney = await location('Sydney', 'Australia/Sydney');
    const losAngeles = await location('Los Angeles', 'America/Los_Angeles');
    const emp = (
      await call(app, token, '/api/v1/employees', {
        json: { name: 'Noa', locationIds: [sydney, losAngeles], hourlyRateMinor: 1200 },
      })
    ).body.id;
    // Monday 2026-11-09 09:00–17:00 in Sydney (AEDT, UTC+11).
    await call(app, token, '/api/v1/shifts', {
      json: {
        locationId: sydney,
        employeeId: emp,
        startsAt: '2026-11-08T22:00:00Z',
        endsAt: '2026-11-09T06:00:00Z',
      },
    });
    // Sunday 2026-11-08 08:00–12:00 in Los Angeles (PST, UTC−8).
    await call(app, token, '/api/v1/time-entries', {
      json: {
        employeeId: emp,
        locationId: losAngeles,
        clockIn: '2026-11-08T16:00:00Z',
        clockOut: '2026-11-08T20:00:00Z',
        reason: 'import',
      },
    });
    const dashboardAt = async (now: string, query = '') => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(now));
      try {
        return await call(app, token, `/api/v1/dashboard${query}`);
      } finally {
        vi.useRealTimers();
      }
    };
    const byName = (body: any) => Object.fromEntries(body.data.map((row: any) => [row.name, row]));

    const sydneyMondayMorning = await dashboardAt('2026-11-08T22:30:00Z');
    const losAngelesSundayEvening = await dashboardAt('2026-11-09T03:00:00Z');
    const asked = await dashboardAt('2026-11-09T03:00:00Z', '?weekStart=2026-11-02');

    for (const response of [sydneyMondayMorning, losAngelesSundayEvening]) {
      expect(response.status).toBe(200);
      expect(byName(response.body)).toEqual({
        Sydney: expect.objectContaining({
          weekStart: '2026-11-09',
          weekEnd: '2026-11-15',
          scheduledMinutes: 480,
          workedMinutes: 0,
        }),
        'Los Angeles': expect.objectContaining({
          weekStart: '2026-11-02',
          weekEnd: '2026-11-08',
          scheduledMinutes: 0,
          workedMinutes: 240,
          laborCostMinor: 4800,
        }),
      });
      // The locations disagree, one each: the top-level week is the earlier one.
      expect(response.body.weekStart).toBe('2026-11-02');
    }
    expect(asked.body.weekStart).toBe('2026-11-02');
    expect(byName(asked.body)).toEqual({
      Sydney: expect.objectContaining({
        weekStart: '2026-11-02',
        weekEnd: '2026-11-08',
        scheduledMinutes: 0,
      }),
      'Los Angeles': expect.objectContaining({ weekStart: '2026-11-02', workedMinutes: 240 }),
    });
  });
});

describe('overtime across locations', () => {
  it('gives a location the same figures whoever looks, and a manager only their locations', async () => {
    const { owner, tenant } = await seedBusiness(db.sql, 'Two Sites Co');
    const token = owner.token;
    const location = async (name: string) =>
      (await call(app, token, '/api/v1/locations', { json: { name, timeZone: 'Europe/Berlin' } })).body
        .id as string;
    const siteA = await location('A Street');
    const siteB = await location('B Street');
    const employee = async (name: string, locationIds: string[]) =>
      (await call(app, token, '/api/v1/employees', { json: { name, locationIds, hourlyRateMinor: 1000 } }))
        .body.id as string;
    const both = await employee('Mika', [siteA, siteB]);
    const onlyA = await employee('Jo', [siteA]);
    const manager = await addMember(db.sql, tenant, 'manager');
    await call(app, token, `/api/v1/locations/${siteB}/managers`, {
      method: 'PUT',
      json: { userIds: [manager.userId] },
    });
    const worked = (employeeId: string, locationId: string, day: string) =>
      call(app, token, '/api/v1/time-entries', {
        json: {
          employeeId,
          locationId,
          clockIn: `2026-11-${day}T07:00:00Z`,
          clockOut: `2026-11-${day}T17:00:00Z`,
          reason: 'import',
        },
      });
    // Mika: 30 h at A on Monday to Wednesday, then 20 h at B on Thursday and Friday. The weekly
    // threshold (40 h by default) is crossed at B: 10 h regular + 10 h at 1.5 = 100 + 150 = €250.
    for (const day of ['02', '03', '04']) await worked(both, siteA, day);
    for (const day of ['05', '06']) await worked(both, siteB, day);
    await worked(onlyA, siteA, '02');

    const ownerWeek = await call(app, token, '/api/v1/dashboard?weekStart=2026-11-02');
    const managerWeek = await call(app, manager.token, '/api/v1/dashboard?weekStart=2026-11-02');
    const ownerMonth = await call(app, token, '/api/v1/metrics/monthly?month=2026-11');
    const managerMonth = await call(app, manager.token, '/api/v1/metrics/monthly?month=2026-11');

    const atB = { workedMinutes: 1200, overtimeMinutes: 600, laborCostMinor: 25_000 };
    const ownerB = ownerWeek.body.data.find((row: any) => row.locationId === siteB);
    expect(ownerB).toEqual(expect.objectContaining(atB));
    expect(managerWeek.status).toBe(200);
    expect(managerWeek.body.data).toEqual([ownerB]);
    expect(JSON.stringify(managerWeek.body)).not.toContain('Jo');
    expect(JSON.stringify(managerWeek.body)).not.toContain(siteA);
    // The monthly metrics (owners and admins) count the same overtime at B.
    expect(ownerMonth.body.locations.find((row: any) => row.locationId === siteB)).toEqual(
      expect.objectContaining(atB),
    );
    expect(ownerMonth.body.employees.find((row: any) => row.employeeId === both)).toEqual(
      expect.objectContaining({ workedMinutes: 3000, overtimeMinutes: 600, laborCostMinor: 55_000 }),
    );
    expect(managerMonth.status).toBe(403);
  });
});
