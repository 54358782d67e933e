/**
 * The time clock as a state machine, checked against a model of it with fast-check's model-based
 * testing: random sequences of clock-ins, clock-outs and breaks, by the employee in the app or by
 * PIN at a kiosk, and a manager approving and reopening this period's timesheet, in any order
 * (refused steps included). After every step the API's answer (status and problem code) must be
 * the one the model expects, and the database must agree: one open entry while clocked in and
 * none otherwise, one open break while on a break, every break inside its entry, no two entries
 * of the employee overlapping, and the location's "on the clock" list naming them exactly while
 * they are clocked in.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import type { Tenant } from '../../shared/tenancy/registry';
import { addMember, call, seedBusiness } from '../helpers/business';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
let app: ReturnType<typeof createApp>;
let tenant: Tenant;
let ownerToken: string;
let site: string;
let otherSite: string;
let kioskToken: string;
/** The start of this pay period, whose timesheet the manager approves and reopens. */
let periodStart: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp({ sql: db.sql });
  const business = await seedBusiness(db.sql, 'Model Café');
  tenant = business.tenant;
  ownerToken = business.owner.token;
  const made = async (path: string, json: unknown) => (await call(app, ownerToken, path, { json })).body;
  site = (await made('/api/v1/locations', { name: 'Main', timeZone: 'Europe/Paris' })).id;
  otherSite = (await made('/api/v1/locations', { name: 'Other', timeZone: 'Europe/Paris' })).id;
  kioskToken = (await made('/api/v1/kiosks', { locationId: site, name: 'Till' })).token;
  periodStart = (await call(app, ownerToken, '/api/v1/timesheets')).body.period.start;
});
afterAll(async () => {
  await db.drop();
});

/**
 * What the employee's clock should be: where they are clocked in (if they are), on a break, and
 * whether this period's timesheet is approved (which locks today against clocking in).
 */
interface Model {
  at: 'main' | 'other' | null;
  onBreak: boolean;
  approved: boolean;
}

/** One employee with an account (API key) and a kiosk PIN, working at both locations. */
interface Real {
  employeeId: string;
  token: string;
}

type Step = 'clock-in' | 'clock-out' | 'breaks/start' | 'breaks/end';
type Way = 'app' | 'kiosk' | 'app at the other location';

/** What the model expects of a step: a 200 and the model after it, or a 409 with this code. */
type Expected = { status: 200; after: Model } | { status: 409; code: string };

/** What the model expects of a clock step taken one way. */
function expected(model: Model, step: Step, way: Way): Expected {
  const conflict: Expected = { status: 409, code: 'conflict' };
  const clockedIn = model.at !== null;
  switch (step) {
    case 'clock-in': {
      if (clockedIn) return conflict;
      if (model.approved) return { status: 409, code: 'timesheet_locked' };
      const at = way === 'app at the other location' ? 'other' : 'main';
      return { status: 200, after: { ...model, at, onBreak: false } };
    }
    case 'clock-out':
      return clockedIn ? { status: 200, after: { ...model, at: null, onBreak: false } } : conflict;
    case 'breaks/start':
      return clockedIn && !model.onBreak ? { status: 200, after: { ...model, onBreak: true } } : conflict;
    case 'breaks/end':
      return model.onBreak ? { status: 200, after: { ...model, onBreak: false } } : conflict;
  }
}

/** Checks an answer against what the model expects, then moves the model on. */
function expectAnswer(
  label: string,
  answer: { status: number; body: { code?: string } },
  model: Model,
  want: Expected,
) {
  const got =
    want.status === 200 ? { status: answer.status } : { status: answer.status, code: answer.body?.code };
  const wanted = want.status === 200 ? { status: 200 } : { status: 409, code: want.code };
  expect({ step: label, ...got }).toEqual({ step: label, ...wanted });
  if (want.status === 200) Object.assign(model, want.after);
}

class ClockStep implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly step: Step,
    readonly way: Way,
  ) {}

  check = () => true;

  async run(model: Model, real: Real) {
    const want = expected(model, this.step, this.way);
    expectAnswer(this.toString(), await this.send(real), model, want);
    await expectDatabaseAgrees(model, real);
  }

  private send(real: Real) {
    if (this.way === 'kiosk') {
      return call(app, kioskToken, `/api/v1/kiosk/${this.step}`, {
        json: { employeeId: real.employeeId, pin: '2468' },
      });
    }
    const locationId = this.way === 'app' ? site : otherSite;
    const json = this.step === 'clock-in' ? { locationId } : {};
    return call(app, real.token, `/api/v1/time-entries/${this.step}`, { json });
  }

  toString() {
    return `${this.step} (${this.way})`;
  }
}

/** A manager approves or reopens the employee's timesheet of this period. */
class SheetStep implements fc.AsyncCommand<Model, Real> {
  constructor(readonly action: 'approve' | 'reopen') {}

  check = () => true;

  async run(model: Model, real: Real) {
    // Approving is refused while the employee is clocked in; reopening is always allowed.
    const refused = this.action === 'approve' && model.at !== null;
    const want: Expected = refused
      ? { status: 409, code: 'conflict' }
      : { status: 200, after: { ...model, approved: this.action === 'approve' } };
    const path = `/api/v1/timesheets/${real.employeeId}/${periodStart}/${this.action}`;
    expectAnswer(this.toString(), await call(app, ownerToken, path, { json: {} }), model, want);
    await expectDatabaseAgrees(model, real);
  }

  toString() {
    return `${this.action} the timesheet`;
  }
}

/** The invariants of the employee's rows, and the model's state read back from them. */
async function expectDatabaseAgrees(model: Model, real: Real) {
  const schema = db.sql(tenant.schema);
  const [state] = await db.sql<
    { open: number; openBreaks: number; breaksOutside: number; overlaps: number }[]
  >`
    select
      (select count(*)::int from ${schema}.time_entries
        where employee_id = ${real.employeeId} and clock_out is null) as open,
      (select count(*)::int from ${schema}.breaks b join ${schema}.time_entries t on t.id = b.time_entry_id
        where t.employee_id = ${real.employeeId} and b.ends_at is null) as "openBreaks",
      (select count(*)::int from ${schema}.breaks b join ${schema}.time_entries t on t.id = b.time_entry_id
        where t.employee_id = ${real.employeeId}
          and (b.starts_at < t.clock_in
               or coalesce(b.ends_at, 'infinity') > coalesce(t.clock_out, 'infinity'))) as "breaksOutside",
      (select count(*)::int from ${schema}.time_entries a join ${schema}.time_entries b
         on a.employee_id = b.employee_id and a.id < b.id
        where a.employee_id = ${real.employeeId}
          and tstzrange(a.clock_in, a.clock_out) && tstzrange(b.clock_in, b.clock_out)) as overlaps`;
  const onTheClock = await call(app, ownerToken, `/api/v1/time-entries/on-the-clock?locationId=${site}`);
  const listed = JSON.stringify(onTheClock.body).includes(real.employeeId);

  expect({ ...state, listed }).toEqual({
    open: model.at ? 1 : 0,
    openBreaks: model.onBreak ? 1 : 0,
    breaksOutside: 0,
    overlaps: 0,
    // Clocked in at the other location, they are on that location's list instead.
    listed: model.at === 'main',
  });
}

/** A new employee for each sequence, so every run starts off the clock. */
async function newEmployee(): Promise<Real> {
  const created = await call(app, ownerToken, '/api/v1/employees', {
    json: {
      name: `Emp ${Math.random().toString(36).slice(2, 8)}`,
      locationIds: [site, otherSite],
      pin: '2468',
    },
  });
  expect(created.status).toBe(201);
  const member = await addMember(db.sql, tenant, 'employee');
  await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${member.userId} where id = ${created.body.id}`;
  return { employeeId: created.body.id, token: member.token };
}

describe('the time clock, against a model of it', () => {
  it('answers and records every sequence of clock steps and approvals as the model says', {
    timeout: 300_000,
  }, async () => {
    const steps: Step[] = ['clock-in', 'clock-out', 'breaks/start', 'breaks/end'];
    // PINs are checked with argon2, so the kiosk takes fewer of the steps.
    const way = fc.oneof(
      { arbitrary: fc.constant<Way>('app'), weight: 4 },
      { arbitrary: fc.constant<Way>('kiosk'), weight: 1 },
      { arbitrary: fc.constant<Way>('app at the other location'), weight: 1 },
    );
    const commands = fc.commands(
      [
        fc.tuple(fc.constantFrom(...steps), way).map(([step, by]) => new ClockStep(step, by)),
        fc.constantFrom('approve' as const, 'reopen' as const).map((action) => new SheetStep(action)),
      ],
      { maxCommands: 20 },
    );

    await fc.assert(
      fc.asyncProperty(commands, async (sequence) => {
        const real = await newEmployee();
        await fc.asyncModelRun(
          () => ({ model: { at: null, onBreak: false, approved: false }, real }),
          sequence,
        );
      }),
      { numRuns: 15 },
    );
  });
});
