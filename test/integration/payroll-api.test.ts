import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../shared/http/app';
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

const DEFAULT_SETTINGS = {
  currency: 'EUR',
  weekStartsOn: 1,
  payPeriod: 'weekly',
  payPeriodAnchor: '2026-01-05',
  overtime: { dailyThresholdMinutes: null, weeklyThresholdMinutes: null, multiplier: 1.5 },
  rounding: { minutes: 0, mode: 'nearest' },
  breaksPaid: false,
};

/** Monthly pay periods that are calendar months: they start on the anchor's day, the 1st. */
const CALENDAR_MONTHS = { payPeriod: 'monthly', payPeriodAnchor: '2026-01-01' };

/** A business with one location in `timeZone` and one employee paid `rate` from 2026-01-01. */
async function setUp(timeZone = 'Europe/London', settings: Record<string, unknown> = {}, rate = 1200) {
  const { tenant, owner } = await seedBusiness(db.sql, `Payroll ${timeZone}`);
  const token = owner.token;
  const site = (await call(app, token, '/api/v1/locations', { json: { name: 'Site', timeZone } })).body
    .id as string;
  const employee = (
    await call(app, token, '/api/v1/employees', {
      json: { name: 'Pat', locationIds: [site], hourlyRateMinor: rate, rateEffectiveFrom: '2026-01-01' },
    })
  ).body.id as string;
  const saved = await call(app, token, '/api/v1/settings', {
    method: 'PUT',
    json: { ...DEFAULT_SETTINGS, ...settings },
  });
  expect(saved.status).toBe(200);
  const work = async (
    clockIn: string,
    clockOut: string,
    breaks: { startsAt: string; endsAt: string }[] = [],
  ) => {
    const added = await call(app, token, '/api/v1/time-entries', {
      json: { employeeId: employee, locationId: site, clockIn, clockOut, breaks, reason: 'test data' },
    });
    expect(added.status).toBe(201);
    return added.body.id as string;
  };
  const payroll = async (from: string, to: string) =>
    (await call(app, token, `/api/v1/payroll?from=${from}&to=${to}`)).body;
  return { tenant, token, site, employee, work, payroll };
}

describe('payroll through the API', () => {
  it('pays each entry at the rate in force on its local start day', async () => {
    const { token, employee, work, payroll } = await setUp('Europe/London', {}, 1000);
    await call(app, token, `/api/v1/employees/${employee}/pay-rates`, {
      json: { hourlyRateMinor: 2000, effectiveFrom: '2026-11-04' },
    });
    await work('2026-11-03T09:00:00Z', '2026-11-03T11:00:00Z');
    await work('2026-11-04T09:00:00Z', '2026-11-04T11:00:00Z');

    const result = await payroll('2026-11-02', '2026-11-08');

    // 120 min × 10.00/h + 120 min × 20.00/h = 2000 + 4000 minor units.
    expect(result.totals).toEqual({
      regularMinutes: 240,
      overtimeMinutes: 0,
      breakMinutes: 0,
      grossMinor: 6000,
    });
  });

  it('picks the rate by the local start day, not the UTC one', async () => {
    const { token, employee, work, payroll } = await setUp('America/New_York', {}, 1000);
    await call(app, token, `/api/v1/employees/${employee}/pay-rates`, {
      json: { hourlyRateMinor: 2000, effectiveFrom: '2026-11-04' },
    });
    // 22:00–00:00 New York time on the 3rd, already the 4th in UTC: still the old rate.
    await work('2026-11-04T03:00:00Z', '2026-11-04T05:00:00Z');
    await work('2026-11-04T14:00:00Z', '2026-11-04T16:00:00Z');

    const result = await payroll('2026-11-02', '2026-11-08');

    expect(result.totals.grossMinor).toBe(2000 + 4000);
    expect(result.missingRates).toEqual([]);
  });

  it('counts an entry across midnight on the local day it starts', async () => {
    const { work, payroll } = await setUp('America/New_York');
    // 22:00–02:00 New York time on Friday 2026-11-06 (03:00Z–07:00Z on the 7th).
    await work('2026-11-07T03:00:00Z', '2026-11-07T07:00:00Z');

    const friday = await payroll('2026-11-06', '2026-11-06');
    const saturday = await payroll('2026-11-07', '2026-11-07');

    expect(friday.totals.regularMinutes).toBe(240);
    expect(saturday.totals.regularMinutes).toBe(0);
  });

  it('keeps a daylight-saving week in the location’s zone: short night, local Monday weeks', async () => {
    const { work, payroll } = await setUp('Europe/London', {
      overtime: { dailyThresholdMinutes: null, weeklyThresholdMinutes: 600, multiplier: 1.5 },
    });
    // Sunday 2026-03-29: clocks go forward at 01:00 GMT. 00:30 GMT–03:30 BST is 2 hours.
    await work('2026-03-29T00:30:00Z', '2026-03-29T02:30:00Z');
    // Monday 2026-03-30 starts a new local week: 09:00–19:00 BST (08:00Z–18:00Z), 600 minutes.
    await work('2026-03-30T08:00:00Z', '2026-03-30T18:00:00Z');
    // Sunday 2026-04-05 23:30–00:30 BST (22:30Z–23:30Z): the last local day of that same week.
    await work('2026-04-05T22:30:00Z', '2026-04-05T23:30:00Z');

    const result = await payroll('2026-03-29', '2026-04-05');

    // Week of 23 March: 120 regular. Week of 30 March: 600 regular, then 60 over the weekly 600.
    expect(result.totals).toMatchObject({ regularMinutes: 720, overtimeMinutes: 60 });
  });

  it('applies daily then weekly overtime without counting a minute twice', async () => {
    const { work, payroll } = await setUp('UTC', {
      overtime: { dailyThresholdMinutes: 480, weeklyThresholdMinutes: 2400, multiplier: 1.5 },
    });
    // Five 10-hour days Mon 2026-11-02 … Fri 2026-11-06, then 5 hours on Saturday.
    for (const day of ['02', '03', '04', '05', '06'])
      await work(`2026-11-${day}T08:00:00Z`, `2026-11-${day}T18:00:00Z`);
    await work('2026-11-07T08:00:00Z', '2026-11-07T13:00:00Z');

    const result = await payroll('2026-11-02', '2026-11-08');

    // Daily: 5 × 120 over 480. Regular so far 5 × 480 = 2400 = the weekly threshold, so all 300
    // Saturday minutes are weekly overtime. 2400 regular + 900 overtime = 3300 worked, none twice.
    expect(result.totals).toMatchObject({ regularMinutes: 2400, overtimeMinutes: 900 });
    // 2400 × 12.00/60 + 900 × 12.00 × 1.5 / 60 = 48000 + 27000.
    expect(result.totals.grossMinor).toBe(75_000);
  });

  it('rounds clock times by the configured increment and mode', async () => {
    const results: Record<string, number[]> = {};
    for (const mode of ['nearest', 'up', 'down']) {
      const { work, payroll } = await setUp('UTC', { rounding: { minutes: 15, mode } });
      await work('2026-11-03T09:00:00Z', '2026-11-03T17:07:00Z');
      await work('2026-11-04T08:53:00Z', '2026-11-04T17:00:00Z');
      const day = async (date: string) => (await payroll(date, date)).totals.regularMinutes;
      results[mode] = [await day('2026-11-03'), await day('2026-11-04')];
    }

    // 17:07 → 17:00 (nearest, down) or 17:15 (up); 08:53 → 09:00 (nearest, up) or 08:45 (down).
    expect(results).toEqual({ nearest: [480, 480], up: [495, 480], down: [480, 495] });
  });

  it('rounds clock times to the local wall clock in a zone 45 minutes off the hour', async () => {
    const { work, payroll } = await setUp('Asia/Kathmandu', { rounding: { minutes: 10, mode: 'nearest' } });
    // 09:04 to 17:06 in Kathmandu (UTC+05:45).
    await work('2026-11-03T03:19:00Z', '2026-11-03T11:21:00Z');

    const result = await payroll('2026-11-02', '2026-11-08');

    // To the nearest 10 minutes on the wall clock, 09:00 to 17:10 (not 09:05 to 17:05 on UTC's marks).
    expect(result.totals.regularMinutes).toBe(490);
  });

  it('subtracts unpaid breaks and keeps paid ones, reporting both', async () => {
    const breaks = [{ startsAt: '2026-11-03T12:00:00Z', endsAt: '2026-11-03T12:30:00Z' }];
    const unpaid = await setUp('UTC', { breaksPaid: false });
    await unpaid.work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z', breaks);
    const paid = await setUp('UTC', { breaksPaid: true });
    await paid.work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z', breaks);

    const unpaidResult = (await unpaid.payroll('2026-11-03', '2026-11-03')).totals;
    const paidResult = (await paid.payroll('2026-11-03', '2026-11-03')).totals;

    expect(unpaidResult).toEqual({
      regularMinutes: 450,
      overtimeMinutes: 0,
      breakMinutes: 30,
      grossMinor: 9000,
    });
    expect(paidResult).toEqual({
      regularMinutes: 480,
      overtimeMinutes: 0,
      breakMinutes: 30,
      grossMinor: 9600,
    });
  });

  it('exports CSV a spreadsheet opens: BOM, header, one line per employee and location, RFC 4180 quoting', async () => {
    const { token, site, work } = await setUp('UTC');
    const second = (
      await call(app, token, '/api/v1/locations', { json: { name: 'Bakery, "North"', timeZone: 'UTC' } })
    ).body.id;
    const [employee] = (await call(app, token, '/api/v1/employees')).body.data;
    await call(app, token, `/api/v1/employees/${employee.id}`, {
      method: 'PATCH',
      json: { locationIds: [site, second] },
    });
    await work('2026-11-03T09:00:00Z', '2026-11-03T10:00:00Z');
    await call(app, token, '/api/v1/time-entries', {
      json: {
        employeeId: employee.id,
        locationId: second,
        clockIn: '2026-11-04T09:00:00Z',
        clockOut: '2026-11-04T09:30:00Z',
        reason: 'x',
      },
    });

    const response = await app.request('/api/v1/payroll?from=2026-11-02&to=2026-11-08&format=csv', {
      headers: { authorization: `Bearer ${token}` },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];

    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(text.startsWith('\uFEFFemployee_id,employee_name,location_id,location_name')).toBe(true);
    expect(text).toContain('"Bakery, ""North"""');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
    const lines = rows.map((r) => [r.location_name, r.regular_minutes, r.gross_minor, r.gross, r.currency]);
    expect(lines.sort()).toEqual([
      ['Bakery, "North"', '30', '600', '6.00', 'EUR'],
      ['Site', '60', '1200', '12.00', 'EUR'],
    ]);
  });

  it('writes the CSV gross with the currency’s own decimals: none for JPY, 3 for KWD and BHD', async () => {
    const gross: string[][] = [];
    for (const [currency, rate] of [
      ['JPY', 1200],
      ['KWD', 12_345],
      ['BHD', 5],
      ['EUR', 1250],
    ] as const) {
      const { token, work } = await setUp('UTC', { currency }, rate);
      await work('2026-11-03T09:00:00Z', '2026-11-03T10:00:00Z');

      const response = await app.request('/api/v1/payroll?from=2026-11-02&to=2026-11-08&format=csv', {
        headers: { authorization: `Bearer ${token}` },
      });
      const [row] = parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
        string,
        string
      >[];
      gross.push([row!.currency!, row!.gross_minor!, row!.gross!]);
    }

    expect(gross).toEqual([
      ['JPY', '1200', '1200'],
      ['KWD', '12345', '12.345'],
      ['BHD', '5', '0.005'],
      ['EUR', '1250', '12.50'],
    ]);
  });

  it('keeps names that look like spreadsheet formulas as text in the CSV', async () => {
    const { token, site, employee, work } = await setUp('UTC');
    const formula = '=HYPERLINK("https://example.com/x","Open")';
    await call(app, token, `/api/v1/employees/${employee}`, { method: 'PATCH', json: { name: formula } });
    await call(app, token, `/api/v1/locations/${site}`, { method: 'PATCH', json: { name: '@SUM(1+1)' } });
    await work('2026-11-03T09:00:00Z', '2026-11-03T10:00:00Z');

    const response = await app.request('/api/v1/payroll?from=2026-11-02&to=2026-11-08&format=csv', {
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    const [row] = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];

    // A leading quote makes Excel, LibreOffice and Google Sheets show the cell as text instead
    // of running it (OWASP's advice on CSV injection); numbers are left as they are.
    expect(row).toMatchObject({
      employee_name: `'${formula}`,
      location_name: "'@SUM(1+1)",
      regular_minutes: '60',
      gross: '12.00',
    });
  });

  it('is for owners and admins, and names a bad range', async () => {
    const { tenant, token } = await setUp('UTC');
    const manager = await addMember(db.sql, tenant, 'manager');

    const byManager = await call(app, manager.token, '/api/v1/payroll?from=2026-11-01&to=2026-11-30');
    const backwards = await call(app, token, '/api/v1/payroll?from=2026-11-30&to=2026-11-01');
    const badDate = await call(app, token, '/api/v1/payroll?from=yesterday&to=2026-11-01');

    expect(byManager.status).toBe(403);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toBe('to');
    expect(badDate.body.errors[0].field).toBe('from');
  });
});

describe('timesheets', () => {
  it('locks a period’s entries once approved, and unlocks them when reopened', async () => {
    const { token, employee, work } = await setUp('Europe/London', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    const entry = await work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');

    const sheets = await call(app, token, '/api/v1/timesheets?periodStart=2026-11-02');
    const approved = await call(app, token, `/api/v1/timesheets/${employee}/2026-11-02/approve`, {
      json: {},
    });
    const edit = await call(app, token, `/api/v1/time-entries/${entry}`, {
      method: 'PATCH',
      json: { clockOut: '2026-11-03T18:00:00Z', reason: 'late' },
    });
    const addInside = await call(app, token, '/api/v1/time-entries', {
      json: {
        employeeId: employee,
        locationId: (await call(app, token, '/api/v1/locations')).body.data[0].id,
        clockIn: '2026-11-04T09:00:00Z',
        clockOut: '2026-11-04T10:00:00Z',
        reason: 'x',
      },
    });
    const reopened = await call(app, token, `/api/v1/timesheets/${employee}/2026-11-02/reopen`, { json: {} });
    const editAfter = await call(app, token, `/api/v1/time-entries/${entry}`, {
      method: 'PATCH',
      json: { clockOut: '2026-11-03T18:00:00Z', reason: 'late' },
    });
    const notAPeriod = await call(app, token, `/api/v1/timesheets/${employee}/2026-11-03/approve`, {
      json: {},
    });

    expect(sheets.body.period).toEqual({
      start: '2026-11-02',
      end: '2026-11-08',
      previousStart: '2026-10-26',
    });
    expect(sheets.body.data).toEqual([
      expect.objectContaining({ employeeId: employee, status: 'open', regularMinutes: 480, openEntries: 0 }),
    ]);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: expect.stringMatching(/^user:/) });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('timesheet_locked');
    expect(addInside.status).toBe(409);
    expect(reopened.body.status).toBe('open');
    expect(editAfter.status).toBe(200);
    expect(notAPeriod.status).toBe(400);
    expect(notAPeriod.body.errors[0].field).toBe('periodStart');
  });

  it('refuses to move a location to another time zone while approved hours are there, until reopened', async () => {
    const { tenant, token, site, employee, work } = await setUp('Europe/London', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    // Sunday 8 November 23:00 to 01:00 in London: the last day of the week 2–8 November, the
    // Monday after in Berlin, an hour ahead.
    const entry = await work('2026-11-08T23:00:00Z', '2026-11-09T01:00:00Z');
    const sheet = `/api/v1/timesheets/${employee}/2026-11-02`;
    const approved = await call(app, token, `${sheet}/approve`, { json: {} });
    const toBerlin = () =>
      call(app, token, `/api/v1/locations/${site}`, { method: 'PATCH', json: { timeZone: 'Europe/Berlin' } });

    const refused = await toBerlin();
    const stillApproved = await call(app, token, '/api/v1/timesheets?periodStart=2026-11-02');
    const correction = await call(app, token, `/api/v1/time-entries/${entry}`, {
      method: 'PATCH',
      json: { clockOut: '2026-11-09T03:00:00Z', reason: 'after approval' },
    });
    await call(app, token, `${sheet}/reopen`, { json: {} });
    const moved = await toBerlin();
    const audited = await db.sql`
      select actor, details from platform.audit_log
      where tenant_id = ${tenant.id} and action = 'location.time_zone_changed'`;

    expect(approved.body).toMatchObject({ status: 'approved', regularMinutes: 120 });
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([
      {
        field: 'timeZone',
        message: expect.stringContaining('Reopen the approved timesheets with hours here'),
      },
    ]);
    expect(stillApproved.body.data[0]).toMatchObject({ status: 'approved', regularMinutes: 120 });
    expect(correction.status).toBe(409);
    expect(moved.status).toBe(200);
    expect(moved.body.timeZone).toBe('Europe/Berlin');
    expect(audited).toEqual([
      {
        actor: expect.stringMatching(/^user:/),
        details: { locationId: site, from: 'Europe/London', to: 'Europe/Berlin' },
      },
    ]);
  });

  it('moves a location to another time zone unless an approved timesheet has or would gain hours there', async () => {
    const { token, site, employee, work } = await setUp('Europe/London', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    const inLondon = async (name: string) =>
      (await call(app, token, '/api/v1/locations', { json: { name, timeZone: 'Europe/London' } })).body
        .id as string;
    const quiet = await inLondon('Quiet');
    const edge = await inLondon('Edge');
    await call(app, token, `/api/v1/employees/${employee}`, {
      method: 'PATCH',
      json: { locationIds: [site, quiet, edge] },
    });
    const entryAt = (locationId: string, clockIn: string, clockOut: string) =>
      call(app, token, '/api/v1/time-entries', {
        json: { employeeId: employee, locationId, clockIn, clockOut, reason: 'test data' },
      });
    await work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');
    // At Quiet in the open week after; at Edge on Sunday 1 November 23:30 in London, the week
    // before, but Monday 2 November in Berlin: the approved week would gain it.
    await entryAt(quiet, '2026-11-10T09:00:00Z', '2026-11-10T12:00:00Z');
    await entryAt(edge, '2026-11-01T23:30:00Z', '2026-11-02T01:00:00Z');
    await call(app, token, `/api/v1/timesheets/${employee}/2026-11-02/approve`, { json: {} });
    const toBerlin = (id: string) =>
      call(app, token, `/api/v1/locations/${id}`, { method: 'PATCH', json: { timeZone: 'Europe/Berlin' } });

    const quietMoved = await toBerlin(quiet);
    const edgeMoved = await toBerlin(edge);
    const renamed = await call(app, token, `/api/v1/locations/${site}`, {
      method: 'PATCH',
      json: { name: 'Renamed', timeZone: 'Europe/London' },
    });

    expect(quietMoved.status).toBe(200);
    expect(edgeMoved.status).toBe(409);
    // Naming the zone it already has is no move.
    expect(renamed.status).toBe(200);
  });

  it('names the start of the period before, whatever the periods’ kind, so a client can page back', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ payPeriod: 'weekly', payPeriodAnchor: '2026-01-05' }, '2026-03-02', '2026-02-23'],
      [{ payPeriod: 'biweekly', payPeriodAnchor: '2026-01-05' }, '2026-03-02', '2026-02-16'],
      [{ payPeriod: 'semimonthly' }, '2026-03-01', '2026-02-16'],
      [{ payPeriod: 'semimonthly' }, '2026-03-16', '2026-03-01'],
      [CALENDAR_MONTHS, '2026-03-01', '2026-02-01'],
      [{ payPeriod: 'monthly', payPeriodAnchor: '2026-01-25' }, '2026-03-25', '2026-02-25'],
      [{ payPeriod: 'monthly', payPeriodAnchor: '2026-01-31' }, '2026-03-31', '2026-02-28'],
    ];
    for (const [settings, start, previousStart] of cases) {
      const { token } = await setUp('UTC', settings);
      const sheets = await call(app, token, `/api/v1/timesheets?periodStart=${start}`);
      const before = await call(
        app,
        token,
        `/api/v1/timesheets?periodStart=${sheets.body.period.previousStart}`,
      );
      expect({ settings, previousStart: sheets.body.period.previousStart }).toEqual({
        settings,
        previousStart,
      });
      expect(before.body.period.end).toBe(
        new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
      );
    }
  });

  it('keeps monthly periods from the anchor’s day, and names where the one containing a day starts', async () => {
    const { token, work } = await setUp('UTC', { payPeriod: 'monthly', payPeriodAnchor: '2026-01-25' });
    await work('2026-03-24T09:00:00Z', '2026-03-24T17:00:00Z'); // the period before
    await work('2026-03-25T09:00:00Z', '2026-03-25T13:00:00Z');
    await work('2026-04-24T09:00:00Z', '2026-04-24T11:00:00Z');

    const sheets = await call(app, token, '/api/v1/timesheets?periodStart=2026-03-25');
    const calendarMonth = await call(app, token, '/api/v1/timesheets?periodStart=2026-03-01');

    expect(sheets.body.period).toEqual({
      start: '2026-03-25',
      end: '2026-04-24',
      previousStart: '2026-02-25',
    });
    expect(sheets.body.data[0]).toMatchObject({ regularMinutes: 360 });
    expect(calendarMonth.status).toBe(400);
    expect(calendarMonth.body.errors).toEqual([
      { field: 'periodStart', message: expect.stringContaining('starts 2026-02-25') },
    ]);
  });

  it('counts the range’s open entries by the local day each starts on, as the timesheets do', async () => {
    const openAt = async (timeZone: string, clockIn: string) => {
      const { tenant, token, employee, site } = await setUp(timeZone, {
        payPeriod: 'weekly',
        payPeriodAnchor: '2026-11-02',
      });
      await db.sql`insert into ${db.sql(tenant.schema)}.time_entries (employee_id, location_id, clock_in, source)
        values (${employee}, ${site}, ${clockIn}, 'self')`;
      const sheets = await call(app, token, '/api/v1/timesheets?periodStart=2026-11-02');
      const payroll = await call(app, token, '/api/v1/payroll?from=2026-11-02&to=2026-11-08');
      return { sheet: sheets.body.data[0].openEntries, payroll: payroll.body.openEntries };
    };

    // Sunday 8 November, 22:00 in New York: the week's last evening (03:00 on the 9th in UTC).
    expect(await openAt('America/New_York', '2026-11-09T03:00:00Z')).toEqual({ sheet: 1, payroll: 1 });
    // Monday 9 November, 08:00 in Tokyo: the week after (23:00 on the 8th in UTC).
    expect(await openAt('Asia/Tokyo', '2026-11-08T23:00:00Z')).toEqual({ sheet: 0, payroll: 0 });
    // Still open from October: not this range's.
    expect(await openAt('UTC', '2026-10-30T09:00:00Z')).toEqual({ sheet: 0, payroll: 0 });
  });

  it('flags the period’s entries over 16 hours, most likely a clock-out forgotten', async () => {
    const { token, work } = await setUp('Europe/London', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    await work('2026-11-01T06:00:00Z', '2026-11-01T23:00:00Z'); // 17 h, but in the week before
    await work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');
    await work('2026-11-04T09:00:00Z', '2026-11-05T01:00:00Z'); // 16 h exactly: not flagged
    await work('2026-11-06T08:00:00Z', '2026-11-07T04:00:00Z'); // 20 h

    const sheets = await call(app, token, '/api/v1/timesheets?periodStart=2026-11-02');

    expect(sheets.body.data[0]).toMatchObject({ longEntries: 1, openEntries: 0 });
  });

  it('refuses a correction that waited for an approval of its day, once the approval commits', async () => {
    const { tenant, token, employee, work } = await setUp('Europe/London', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    const entry = await work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');
    const s = db.sql(tenant.schema);

    let correction: ReturnType<typeof call> | undefined;
    // An approval in flight: it holds the employee's lock until it commits.
    await db.sql.begin(async (tx) => {
      await tx`select 1 from ${s}.employees where id = ${employee} for update`;
      correction = call(app, token, `/api/v1/time-entries/${entry}`, {
        method: 'PATCH',
        json: { clockOut: '2026-11-03T18:00:00Z', reason: 'stayed late' },
      });
      await untilWaitingForALock(db.sql);
      await tx`
        insert into ${s}.timesheets (employee_id, period_start, period_end, status, approved_at, approved_by)
        values (${employee}, '2026-11-02', '2026-11-08', 'approved', now(), 'user:approver')`;
    });
    const answer = await correction;
    const [kept] = await db.sql`select clock_out from ${s}.time_entries where id = ${entry}`;

    expect(answer?.status).toBe(409);
    expect(answer?.body.code).toBe('timesheet_locked');
    expect(kept?.clock_out).toEqual(new Date('2026-11-03T17:00:00Z'));
  });

  it('refuses a submit that waited for an approval, leaving the sheet approved and its entries locked', async () => {
    const { tenant, token, employee, work } = await setUp('UTC', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    const staff = await addMember(db.sql, tenant, 'employee');
    const s = db.sql(tenant.schema);
    await db.sql`update ${s}.employees set user_id = ${staff.userId} where id = ${employee}`;
    const entry = await work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');
    const sheet = `/api/v1/timesheets/${employee}/2026-11-02`;
    expect((await call(app, staff.token, `${sheet}/submit`, { json: {} })).status).toBe(200);

    // The approval goes first and stalls on the sheet's row; the employee's second submit follows.
    const [approved, submitted] = await inOrderBehindALock(
      db.sql,
      (tx) => tx`select 1 from ${s}.timesheets where employee_id = ${employee} for update`,
      [
        () => call(app, token, `${sheet}/approve`, { json: {} }),
        () => call(app, staff.token, `${sheet}/submit`, { json: {} }),
      ],
    );
    const [row] = await db.sql`select status from ${s}.timesheets where employee_id = ${employee}`;
    const correction = await call(app, token, `/api/v1/time-entries/${entry}`, {
      method: 'PATCH',
      json: { clockOut: '2026-11-03T20:00:00Z', reason: 'after approval' },
    });

    expect(approved?.status).toBe(200);
    expect(submitted?.status).toBe(409);
    expect(submitted?.body.code).toBe('timesheet_locked');
    expect(row?.status).toBe('approved');
    expect(correction.status).toBe(409);
  });

  it('refuses a clock-in that waited for an approval of today, once the approval commits', async () => {
    const { tenant, token, employee, site } = await setUp('UTC', CALENDAR_MONTHS);
    const staff = await addMember(db.sql, tenant, 'employee');
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${employee}`;
    const periodStart = `${new Date().toISOString().slice(0, 8)}01`;
    const sheet = `/api/v1/timesheets/${employee}/${periodStart}`;
    const s = db.sql(tenant.schema);

    const submitted = await call(app, staff.token, `${sheet}/submit`, { json: {} });
    // The approval (the real one) stalls holding the employee's lock: its write waits for the
    // timesheet row this transaction holds. The clock-in then waits for the approval.
    const [approved, refused] = await inOrderBehindALock(
      db.sql,
      (tx) => tx`select 1 from ${s}.timesheets where employee_id = ${employee} for update`,
      [
        () => call(app, token, `${sheet}/approve`, { json: {} }),
        () => call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } }),
      ],
    );
    const open = await db.sql`select 1 from ${s}.time_entries where employee_id = ${employee}`;

    expect(submitted.status).toBe(200);
    expect(approved?.status).toBe(200);
    expect(approved?.body.status).toBe('approved');
    expect(refused?.status).toBe(409);
    expect(refused?.body.code).toBe('timesheet_locked');
    expect(open).toHaveLength(0);
  });

  it('does not claim a refused clock-in is already clocked in when nothing it can name refused it', async () => {
    const { tenant, employee, site } = await setUp('UTC', CALENDAR_MONTHS);
    const staff = await addMember(db.sql, tenant, 'employee');
    const s = db.sql(tenant.schema);
    // What a clock-in reads when a reopening commits as its statement runs: today in the last
    // approved period, while the sheet itself is open. Only a statement's snapshot sees it; here
    // it stays, so the second try is refused too.
    await db.sql`
      update ${s}.employees set user_id = ${staff.userId},
        approved_period = daterange(current_date - 1, current_date + 1, '[]')
      where id = ${employee}`;

    const answer = await call(app, staff.token, '/api/v1/time-entries/clock-in', {
      json: { locationId: site },
    });
    const entries = await db.sql`select 1 from ${s}.time_entries where employee_id = ${employee}`;

    expect(answer.status).toBe(409);
    expect(answer.body.detail).toBe('The clock changed as you clocked in: try again.');
    expect(entries).toHaveLength(0);
  });

  it('refuses to approve while the employee is still clocked in, and shows it as missing', async () => {
    const { tenant, token, employee, site } = await setUp('UTC', CALENDAR_MONTHS);
    const staff = await addMember(db.sql, tenant, 'employee');
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${employee}`;
    await call(app, staff.token, '/api/v1/time-entries/clock-in', { json: { locationId: site } });
    const today = new Date().toISOString().slice(0, 8);

    const sheets = await call(app, token, `/api/v1/timesheets?periodStart=${today}01`);
    const approve = await call(app, token, `/api/v1/timesheets/${employee}/${today}01/approve`, { json: {} });
    const submitBySelf = await call(app, staff.token, `/api/v1/timesheets/${employee}/${today}01/submit`, {
      json: {},
    });

    expect(sheets.body.data[0]).toMatchObject({ openEntries: 1, status: 'open' });
    expect(approve.status).toBe(409);
    expect(submitBySelf.body.status).toBe('submitted');
  });

  it('takes the current period from the day at the business’s locations, not in UTC', async () => {
    const ahead = await setUp('Pacific/Kiritimati', { payPeriod: 'weekly', payPeriodAnchor: '2026-11-02' });
    const behind = await setUp('Pacific/Pago_Pago', { payPeriod: 'weekly', payPeriodAnchor: '2026-11-02' });
    const currentStart = async (token: string) =>
      (await call(app, token, '/api/v1/timesheets')).body.period.start;

    // Sunday 8 November, 20:00 UTC: already Monday 10:00 at UTC+14, still Sunday 09:00 at UTC−11.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-08T20:00:00Z'));
    try {
      expect(await currentStart(ahead.token)).toBe('2026-11-09');
      expect(await currentStart(behind.token)).toBe('2026-11-02');
      // Monday 9 November, 09:00 UTC: still Sunday 22:00 at UTC−11.
      vi.setSystemTime(new Date('2026-11-09T09:00:00Z'));
      expect(await currentStart(behind.token)).toBe('2026-11-02');
    } finally {
      vi.useRealTimers();
    }
  });

  it('can still list and reopen an approved timesheet after the pay period setting changes', async () => {
    const { token, employee, work } = await setUp('UTC', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    const entry = await work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');
    const sheet = `/api/v1/timesheets/${employee}/2026-11-02`;
    expect((await call(app, token, `${sheet}/approve`, { json: {} })).body.status).toBe('approved');
    const correct = () =>
      call(app, token, `/api/v1/time-entries/${entry}`, {
        method: 'PATCH',
        json: { clockOut: '2026-11-03T18:00:00Z', reason: 'stayed late' },
      });

    // The business moves to semimonthly pay: 2026-11-02 no longer starts a period.
    const changed = await call(app, token, '/api/v1/settings', {
      method: 'PUT',
      json: { ...DEFAULT_SETTINGS, payPeriod: 'semimonthly' },
    });
    const listed = await call(app, token, '/api/v1/timesheets?periodStart=2026-11-02');
    const whileApproved = await correct();
    const reopened = await call(app, token, `${sheet}/reopen`, { json: {} });
    const afterReopening = await correct();
    const listedAfter = await call(app, token, '/api/v1/timesheets?periodStart=2026-11-02');

    expect(changed.status).toBe(200);
    expect(listed.body.period).toMatchObject({ start: '2026-11-02', end: '2026-11-08' });
    expect(listed.body.data[0]).toMatchObject({ status: 'approved', regularMinutes: 480 });
    expect(whileApproved.status).toBe(409);
    expect(whileApproved.body.detail).toContain('2026-11-02 to 2026-11-08');
    expect(reopened.body).toMatchObject({
      status: 'open',
      periodStart: '2026-11-02',
      periodEnd: '2026-11-08',
    });
    expect(afterReopening.status).toBe(200);
    // Reopened, the old sheet is history: 2026-11-02 is no period's start any more.
    expect(listedAfter.status).toBe(400);
  });

  it('approves the whole new period that starts on the day an old sheet of another length did', async () => {
    const { token, employee, work } = await setUp('UTC', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    await work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');
    const secondWeek = await work('2026-11-10T09:00:00Z', '2026-11-10T17:00:00Z');
    const sheet = `/api/v1/timesheets/${employee}/2026-11-02`;
    await call(app, token, `${sheet}/approve`, { json: {} });

    // Biweekly from the same Monday: the sheet kept for 2–8 November is not this period's.
    await call(app, token, '/api/v1/settings', {
      method: 'PUT',
      json: { ...DEFAULT_SETTINGS, payPeriod: 'biweekly', payPeriodAnchor: '2026-11-02' },
    });
    const listed = await call(app, token, '/api/v1/timesheets?periodStart=2026-11-02');
    const approved = await call(app, token, `${sheet}/approve`, { json: {} });
    const correction = await call(app, token, `/api/v1/time-entries/${secondWeek}`, {
      method: 'PATCH',
      json: { clockOut: '2026-11-10T18:00:00Z', reason: 'stayed late' },
    });

    expect(listed.body.data[0]).toMatchObject({ periodEnd: '2026-11-15', status: 'open' });
    expect(approved.body).toMatchObject({ status: 'approved', periodEnd: '2026-11-15', regularMinutes: 960 });
    expect(correction.status).toBe(409);
  });

  it('approves a past period while the employee is clocked in today', async () => {
    const { tenant, token, employee, site, work } = await setUp('UTC', { payPeriod: 'weekly' });
    const staff = await addMember(db.sql, tenant, 'employee');
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${employee}`;
    const current = (await call(app, token, '/api/v1/timesheets')).body.period;
    const lastWeek = current.previousStart as string;
    await work(`${lastWeek}T09:00:00Z`, `${lastWeek}T17:00:00Z`);
    const clockedIn = await call(app, staff.token, '/api/v1/time-entries/clock-in', {
      json: { locationId: site },
    });

    const pastSheets = await call(app, token, `/api/v1/timesheets?periodStart=${lastWeek}`);
    const currentSheets = await call(app, token, `/api/v1/timesheets?periodStart=${current.start}`);
    const approvePast = await call(app, token, `/api/v1/timesheets/${employee}/${lastWeek}/approve`, {
      json: {},
    });
    const approveCurrent = await call(app, token, `/api/v1/timesheets/${employee}/${current.start}/approve`, {
      json: {},
    });

    expect(clockedIn.status).toBe(200);
    expect(pastSheets.body.data[0]).toMatchObject({ openEntries: 0, regularMinutes: 480 });
    expect(currentSheets.body.data[0]).toMatchObject({ openEntries: 1 });
    expect(approvePast.status).toBe(200);
    expect(approvePast.body.status).toBe('approved');
    expect(approveCurrent.status).toBe(409);
  });

  it('lets a manager act on a timesheet only when they manage every location it has hours at', async () => {
    const { tenant, token, employee, site, work } = await setUp('UTC', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    const elsewhere = (
      await call(app, token, '/api/v1/locations', { json: { name: 'Elsewhere', timeZone: 'UTC' } })
    ).body.id as string;
    await call(app, token, `/api/v1/employees/${employee}`, {
      method: 'PATCH',
      json: { locationIds: [site, elsewhere] },
    });
    const manager = await addMember(db.sql, tenant, 'manager');
    await call(app, token, `/api/v1/locations/${site}/managers`, {
      method: 'PUT',
      json: { userIds: [manager.userId] },
    });
    await work('2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z');
    const atElsewhere = await call(app, token, '/api/v1/time-entries', {
      json: {
        employeeId: employee,
        locationId: elsewhere,
        clockIn: '2026-11-11T09:00:00Z',
        clockOut: '2026-11-11T10:00:00Z',
        reason: 'test data',
      },
    });
    expect(atElsewhere.status).toBe(201);

    const ownSite = await call(app, manager.token, `/api/v1/timesheets/${employee}/2026-11-02/approve`, {
      json: {},
    });
    const mixed = await call(app, manager.token, `/api/v1/timesheets/${employee}/2026-11-09/approve`, {
      json: {},
    });
    const mixedSubmit = await call(app, manager.token, `/api/v1/timesheets/${employee}/2026-11-09/submit`, {
      json: {},
    });
    const byOwner = await call(app, token, `/api/v1/timesheets/${employee}/2026-11-09/approve`, { json: {} });
    const reopenMixed = await call(app, manager.token, `/api/v1/timesheets/${employee}/2026-11-09/reopen`, {
      json: {},
    });

    expect(ownSite.status).toBe(200);
    expect(mixed.status).toBe(403);
    expect(mixed.body.detail).toContain('location you do not manage');
    expect(mixedSubmit.status).toBe(403);
    expect(byOwner.body.status).toBe('approved');
    expect(reopenMixed.status).toBe(403);
  });

  it('shows a signed-in employee their own timesheet only, and anyone unlinked none', async () => {
    const { tenant, token, employee, site, work } = await setUp('Europe/London', {
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-11-02',
    });
    const colleague = (
      await call(app, token, '/api/v1/employees', { json: { name: 'Cole', locationIds: [site] } })
    ).body.id;
    await work('2026-11-03T09:00:00Z', '2026-11-03T17:30:00Z', [
      { startsAt: '2026-11-03T12:00:00Z', endsAt: '2026-11-03T12:30:00Z' },
    ]);
    await call(app, token, '/api/v1/time-entries', {
      json: {
        employeeId: colleague,
        locationId: site,
        clockIn: '2026-11-04T09:00:00Z',
        clockOut: '2026-11-04T10:00:00Z',
        reason: 'test data',
      },
    });
    const staff = await addMember(db.sql, tenant, 'employee');
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${employee}`;

    const mine = await call(app, staff.token, '/api/v1/timesheets/mine?periodStart=2026-11-02');
    const current = await call(app, staff.token, '/api/v1/timesheets/mine');
    const unlinked = await call(app, token, '/api/v1/timesheets/mine');

    expect(mine.body).toEqual({
      period: { start: '2026-11-02', end: '2026-11-08', previousStart: '2026-10-26' },
      timesheet: expect.objectContaining({
        employeeId: employee,
        regularMinutes: 480,
        breakMinutes: 30,
        status: 'open',
      }),
    });
    expect(current.status).toBe(200);
    expect(current.body.timesheet.employeeId).toBe(employee);
    expect(unlinked.status).toBe(403);
  });
});
