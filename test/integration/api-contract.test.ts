/**
 * Every operation the OpenAPI document lists, checked from the document itself, so a route added
 * later is covered without anyone remembering to add it here: a JSON body that breaks its schema,
 * malformed JSON, and a malformed path or query parameter each get a 400 problem+json that names
 * the field; every operation but the public ones needs credentials, and a plain employee may
 * call only the listed self-service ones; and every operation that takes an id answers another
 * tenant's id with 404 and changes nothing of theirs. Every read answers an admin's API key as it
 * answers the owner's session (key management aside). Every read's answer, and the answer of a
 * walk through the writes, come with a status the document lists and match the schema it
 * promises (the web app's types are generated from them), with no field the document does not
 * list. Each operation is called as a principal allowed to use it, so the answer comes from
 * validation or tenancy and not from authorization.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import { getTenant } from '../../shared/tenancy/registry';
import { accounts } from '../helpers/accounts';
import {
  ApiDocument,
  type Endpoint,
  idFor,
  jsonBodyOf,
  label,
  type OpenApiDocument,
  type Schema,
} from '../helpers/api-document';
import type { Browser } from '../helpers/browser';
import { addMember, call } from '../helpers/business';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { type Mailbox, startMailbox } from '../helpers/mail';

/**
 * Path parameters whose schema admits any string up to a length: ids made as random text (API
 * keys, kiosks, better-auth's organisations), not UUIDs. An unknown one is simply not found (404).
 */
const FREE_FORM_PATH_PARAMETERS = [
  'DELETE /api/v1/api-keys/{id} id',
  'DELETE /api/v1/kiosks/{id} id',
  'POST /api/v1/operator/tenants/{id}/suspend id',
  'POST /api/v1/operator/tenants/{id}/reactivate id',
];
/** Read parameters that accept any string: a tenant id (random text) filtering the audit log. */
const FREE_FORM_READ_PARAMETERS = ['GET /api/v1/operator/audit tenantId'];
/**
 * Reads with a 200 schema that answer something else here, and why. None today: the export download
 * documents no 200 (it answers a 303 to S3 once the jobs worker has written the file, checked in
 * reports.test.ts), so the schema walk leaves it out.
 */
const READS_WITHOUT_A_200_HERE = {};
/** Write operations that take no input at all (no body, no parameters): nothing to get wrong. */
const INPUTLESS = [
  'POST /api/v1/billing/portal',
  'POST /api/v1/time-entries/clock-out',
  'POST /api/v1/time-entries/breaks/start',
  'POST /api/v1/time-entries/breaks/end',
  'POST /api/v1/tenant/exports',
];

let db: TestDatabase;
let mail: Mailbox;
let app: ReturnType<typeof createApp>;
let api: ApiDocument;
/** Who calls each operation: the owner, a kiosk, an operator, or nobody (sign-up). */
let owner: Browser;
let operator: Browser;
let kioskToken: string;
let ownerTenantId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  mail = await startMailbox();
  app = createApp({ sql: db.sql });
  const people = accounts(app, mail);
  const business = await people.signUpBusiness('Contract Café');
  owner = business.browser;
  ownerTenantId = business.tenantId;
  const site = await owner.call('/api/v1/locations', { json: { name: 'Main', timeZone: 'Europe/Paris' } });
  const kiosk = await owner.call('/api/v1/kiosks', { json: { locationId: site.body.id, name: 'Till' } });
  kioskToken = kiosk.body.token;
  // The owner works shifts too: their account is linked to an employee, so they have a timesheet.
  const me = await owner.call('/api/v1/me');
  const self = await owner.call('/api/v1/employees', {
    json: { name: 'Owen Owner', locationIds: [site.body.id] },
  });
  await db.sql`update ${db.sql(`t_${ownerTenantId}`)}.employees set user_id = ${me.body.user.id} where id = ${self.body.id}`;
  const staff = await people.signUpPerson();
  await db.sql`update platform."user" set "platformRole" = 'operator' where id = ${staff.userId}`;
  await people.enrolTotp(staff.browser);
  operator = staff.browser;
  api = new ApiDocument((await (await app.request('/api/v1/openapi.json')).json()) as OpenApiDocument);
});
afterAll(async () => {
  await mail.stop();
  await db.drop();
});

/** `answers` (status by operation) as they would be if every operation had answered `status`. */
const allAnswered = (answers: Record<string, number>, status: number) =>
  Object.fromEntries(Object.keys(answers).map((operation) => [operation, status]));

/** Sends a request as the principal allowed to make it, with a raw body. */
async function send(endpoint: Endpoint, url: string, body?: string, contentType = 'application/json') {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': contentType };
  const init = { method: endpoint.method, headers, body };
  if (endpoint.template.startsWith('/api/v1/kiosk/')) {
    return call(app, kioskToken, url, {
      method: endpoint.method,
      body,
      contentType: headers['content-type'],
    });
  }
  if (endpoint.template === '/api/v1/signup') return parsed(await app.request(url, init));
  const browser = endpoint.template.startsWith('/api/v1/operator/') ? operator : owner;
  return parsed(await browser.request(url, init));
}

async function parsed(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** What the answer to a bad request must be: a 400 problem naming `field` (or with `code`). */
function expectProblem(
  endpoint: Endpoint,
  answer: Awaited<ReturnType<typeof send>>,
  expected: { field?: string; code?: string },
) {
  const operation = label(endpoint);
  const fields = ((answer.body?.errors ?? []) as { field: string }[]).map((error) => error.field);
  expect({ operation, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
    operation,
    status: 400,
    type: 'application/problem+json',
  });
  if (expected.field)
    expect({ operation, fields }).toEqual({ operation, fields: expect.arrayContaining([expected.field]) });
  if (expected.code)
    expect({ operation, code: answer.body.code }).toEqual({ operation, code: expected.code });
}

/**
 * Sends `endpoint` once per parameter of `location` with that parameter malformed, expecting a
 * 400 naming it; returns the parameters that accept any string.
 */
async function checkParameters(endpoint: Endpoint, location: 'path' | 'query'): Promise<string[]> {
  const free: string[] = [];
  for (const parameter of endpoint.operation.parameters ?? []) {
    if (parameter.in !== location) continue;
    if (api.parameterValue(parameter.name, parameter.schema, true) === undefined) {
      free.push(`${label(endpoint)} ${parameter.name}`);
      continue;
    }
    // A valid body where one is needed, so the only fault is the parameter.
    const body = jsonBodyOf(endpoint) ? JSON.stringify(validBodyFor(endpoint)) : undefined;
    const answer = await send(endpoint, api.urlFor(endpoint, { badName: parameter.name }), body);
    expectProblem(endpoint, answer, { field: parameter.name });
  }
  return free;
}

describe('every write operation of the OpenAPI document', () => {
  it('answers a JSON body that breaks its schema with a 400 naming the field', async () => {
    const withJson = api.endpoints('writes').filter(jsonBodyOf);
    expect(withJson.length).toBeGreaterThan(25);
    for (const endpoint of withJson) {
      const { body, field } = api.badBody(jsonBodyOf(endpoint)!.schema);
      expectProblem(endpoint, await send(endpoint, api.urlFor(endpoint), JSON.stringify(body)), { field });
    }
  });

  it('answers malformed JSON with a 400 problem', async () => {
    for (const endpoint of api.endpoints('writes').filter(jsonBodyOf)) {
      expectProblem(endpoint, await send(endpoint, api.urlFor(endpoint), '{"name":'), {
        code: 'invalid_json',
      });
    }
  });

  it('answers a malformed path parameter with a 400 naming it', async () => {
    const free: string[] = [];
    for (const endpoint of api.endpoints('writes')) free.push(...(await checkParameters(endpoint, 'path')));
    expect(free.sort()).toEqual([...FREE_FORM_PATH_PARAMETERS].sort());
  });

  it('leaves no write operation unchecked: the rest take no input, or a CSV file', async () => {
    const writes = api.endpoints('writes');
    const inputless = writes.filter((w) => !w.operation.requestBody && !w.operation.parameters?.length);
    const csv = writes.filter((w) => w.operation.requestBody?.content['text/csv']);
    const other = writes.filter((w) =>
      Object.keys(w.operation.requestBody?.content ?? {}).some(
        (type) => type !== 'application/json' && type !== 'text/csv',
      ),
    );

    expect(inputless.map(label).sort()).toEqual([...INPUTLESS].sort());
    expect(other.map(label)).toEqual([]);
    // Row-by-row errors of the import are checked in core-api.test.ts; here, a file it cannot read.
    expect(csv.map(label)).toEqual(['POST /api/v1/employees/import']);
    for (const endpoint of csv) {
      const answer = await send(endpoint, api.urlFor(endpoint), 'fullname,salary\nA,1', 'text/csv');
      expectProblem(endpoint, answer, { field: 'file' });
    }
  });
});

describe('every read operation of the OpenAPI document', () => {
  it('answers a malformed path or query parameter with a 400 naming it', async () => {
    const free: string[] = [];
    for (const endpoint of api.endpoints('reads')) {
      free.push(...(await checkParameters(endpoint, 'path')), ...(await checkParameters(endpoint, 'query')));
    }
    expect(free.sort()).toEqual([...FREE_FORM_READ_PARAMETERS].sort());
  });
});

describe('what every read answers', () => {
  it('matches the response schema the document gives for it', async () => {
    const ids = await createOneOfEach(owner);
    const checked: string[] = [];
    const problems: Record<string, unknown> = {};
    for (const endpoint of api.endpoints('reads')) {
      if (!api.responseSchema(endpoint.template, 'get', '200')) continue;
      const answer = await send(endpoint, api.urlFor(endpoint, { id: idFor(endpoint, ids) }));
      if (answer.status !== 200) {
        problems[label(endpoint)] = answer.status;
        continue;
      }
      const problem = api.answerProblem(endpoint, answer.status, answer.body);
      if (problem) problems[label(endpoint)] = problem;
      checked.push(label(endpoint));
    }

    const locationsSchema = api.responseSchema('/api/v1/locations', 'get', '200') as Schema;
    const locations = (await owner.call('/api/v1/locations')).body;
    const leaked = { ...locations, data: [{ ...locations.data[0], pinHash: 'x' }] };

    expect(problems).toEqual(READS_WITHOUT_A_200_HERE);
    expect(checked.length).toBeGreaterThan(15);
    // The validator itself refuses what breaks a schema, and a field the document does not list.
    expect(api.schemaErrors(locationsSchema, { data: [{ id: 1 }] })).toBeTruthy();
    expect(api.schemaErrors(locationsSchema, locations)).toBeUndefined();
    expect(api.schemaErrors(locationsSchema, leaked)).toEqual([
      expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'pinHash' } }),
    ]);
  });

  it('is the same through an API key as through the signed-in session', async () => {
    const ids = await createOneOfEach(owner);
    const key = await owner.call('/api/v1/api-keys', { json: { name: 'same answers', role: 'admin' } });
    const tenantReads = api
      .endpoints('reads')
      .filter((e) => !/^\/api\/v1\/(kiosk|operator)\//.test(e.template) && e.template !== '/api/health');
    const bySession: Record<string, number> = {};
    const byKey: Record<string, number> = {};
    for (const endpoint of tenantReads) {
      const url = api.urlFor(endpoint, { id: idFor(endpoint, ids) });
      bySession[label(endpoint)] = (await send(endpoint, url)).status;
      byKey[label(endpoint)] = (await call(app, key.body.token, url)).status;
    }

    expect(key.status).toBe(201);
    // Keys are managed only while signed in, so a leaked key cannot list or mint others.
    expect(byKey).toEqual({ ...bySession, 'GET /api/v1/api-keys': 403 });
    // No report has been made for the month asked, nor any export (reports.test.ts reads both).
    const notFound = Object.keys(bySession).filter((operation) => bySession[operation] !== 200);
    expect(notFound).toEqual(['GET /api/v1/reports/{month}', 'GET /api/v1/tenant/exports/{exportId}']);
  });
});

describe('what every write answers', () => {
  /** Writes this walk leaves out, and where they are exercised instead. */
  const NOT_WALKED = [
    'POST /api/v1/signup', // signUpBusiness, every test here
    'POST /api/v1/billing/checkout', // billing.test.ts, against the fake Stripe
    'POST /api/v1/billing/portal', // billing.test.ts
    'POST /api/v1/members/transfer-ownership', // auth-tenancy.test.ts
    'POST /api/v1/tenant/exports', // reports.test.ts, through the jobs queue
    'POST /api/v1/shifts/notify', // schedule-notice.test.ts, through the jobs queue
    'DELETE /api/v1/tenant', // reports.test.ts
    'POST /api/v1/operator/tenants/{id}/suspend', // auth-tenancy.test.ts
    'POST /api/v1/operator/tenants/{id}/reactivate', // auth-tenancy.test.ts
  ];

  it('sends only statuses the document lists, with the bodies it promises', async () => {
    const business = await accounts(app, mail).signUpBusiness('Every Write');
    const boss = business.browser;
    const answers: Record<string, { status: number; problem?: unknown }> = {};
    /** Records an answer of `endpoint` with what the document finds wrong with it. */
    const record = (endpoint: Endpoint, status: number, body: unknown) => {
      const problem = api.answerProblem(endpoint, status, body);
      answers[label(endpoint)] = { status, ...(problem ? { problem } : {}) };
    };
    /** Makes a write as `who` (a signed-in browser or an API or kiosk token) and checks its answer. */
    const write = async (who: Browser | string, method: string, path: string, json?: unknown) => {
      const answer =
        typeof who === 'string'
          ? await call(app, who, path, { method, json })
          : await who.call(path, { method, json });
      record(api.endpointFor(method, path), answer.status, answer.body);
      return answer.body;
    };

    const ids = await createOneOfEach(boss);
    const [site, ann, shift, entry] = ['locations', 'employees', 'shifts', 'time-entries'].map(
      (kind) => ids[`/api/v1/${kind}/`],
    ) as [string, string, string, string];
    await write(boss, 'PUT', '/api/v1/settings', {
      currency: 'EUR',
      weekStartsOn: 1,
      payPeriod: 'weekly',
      payPeriodAnchor: '2026-01-05',
      overtime: { dailyThresholdMinutes: 480, weeklyThresholdMinutes: 2400, multiplier: 1.5 },
      rounding: { minutes: 5, mode: 'nearest' },
      breaksPaid: false,
    });
    await write(boss, 'PATCH', `/api/v1/locations/${site}`, { name: 'Renamed site' });
    await write(boss, 'PUT', `/api/v1/locations/${site}/managers`, { userIds: [] });
    await write(boss, 'POST', '/api/v1/locations', { name: 'Second site', timeZone: 'Europe/Lisbon' });
    await write(boss, 'PATCH', `/api/v1/employees/${ann}`, { name: 'Ann Renamed' });
    await write(boss, 'POST', `/api/v1/employees/${ann}/pay-rates`, {
      hourlyRateMinor: 1300,
      effectiveFrom: '2026-01-01',
    });
    await write(boss, 'PUT', `/api/v1/employees/${ann}/pin`, { pin: '4321' });
    await write(boss, 'POST', '/api/v1/employees', { name: 'Bo', locationIds: [site] });
    await write(boss, 'PATCH', `/api/v1/shifts/${shift}`, { notes: 'Opening' });
    const week = { from: '2026-01-05T00:00:00Z', to: '2026-01-12T00:00:00Z' };
    await write(boss, 'POST', '/api/v1/shifts/publish', { locationId: site, ...week });
    await write(boss, 'POST', '/api/v1/shifts/copy-week', {
      locationId: site,
      fromWeekStart: '2026-01-05',
      toWeekStart: '2026-01-12',
    });
    await write(boss, 'POST', '/api/v1/shifts', {
      locationId: site,
      employeeId: null,
      startsAt: '2026-01-09T09:00:00Z',
      endsAt: '2026-01-09T17:00:00Z',
    });
    await write(boss, 'PATCH', `/api/v1/time-entries/${entry}`, {
      clockOut: '2026-01-06T16:00:00Z',
      reason: 'left early',
    });
    const sheet = `/api/v1/timesheets/${ann}/2026-01-05`;
    for (const action of ['submit', 'approve', 'reopen']) await write(boss, 'POST', `${sheet}/${action}`);

    const kiosk = await write(boss, 'POST', '/api/v1/kiosks', { locationId: site, name: 'Counter' });
    const byPin = { employeeId: ann, pin: '4321' };
    for (const step of ['clock-in', 'breaks/start', 'breaks/end', 'clock-out'])
      await write(kiosk.token, 'POST', `/api/v1/kiosk/${step}`, byPin);
    const tenant = await getTenant(db.sql, business.tenantId);
    const staff = await addMember(db.sql, tenant, 'employee');
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${ann}`;
    await write(staff.token, 'POST', '/api/v1/time-entries/clock-in', { locationId: site });
    for (const step of ['breaks/start', 'breaks/end', 'clock-out'])
      await write(staff.token, 'POST', `/api/v1/time-entries/${step}`, {});

    const csv = 'name,email,jobRole,locations,hourlyRate,rateEffectiveFrom,pin\nCy,,,Renamed site,11,,';
    const imported = await boss.request('/api/v1/employees/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    const importing = api.endpointFor('POST', '/api/v1/employees/import');
    record(importing, imported.status, await imported.json());
    await write(boss, 'PATCH', '/api/v1/tenant', { name: 'Every Write, renamed' });
    await write(boss, 'POST', '/api/v1/me/businesses', { companyName: 'Every Write, the second' });
    await write(boss, 'DELETE', `/api/v1/shifts/${shift}`);
    await write(boss, 'DELETE', `/api/v1/kiosks/${kiosk.kiosk.id}`);
    await write(boss, 'DELETE', `/api/v1/api-keys/${ids['/api/v1/api-keys/']}`);
    await write(boss, 'DELETE', `/api/v1/time-entries/${entry}`, { reason: 'made by mistake' });

    const failed = Object.entries(answers).filter(([, a]) => a.problem || a.status >= 300);
    expect(Object.fromEntries(failed)).toEqual({});
    // createOneOfEach checked its own creations against the document.
    const createdFirst = ['POST /api/v1/api-keys', 'POST /api/v1/time-entries'];
    const walked = [...new Set([...Object.keys(answers), ...NOT_WALKED, ...createdFirst])];
    expect(walked.sort()).toEqual(api.endpoints('writes').map(label).sort());
  });
});

describe('who may call what', () => {
  /** Operations open to anyone: the health check and signing a business up. */
  const PUBLIC = ['GET /api/health', 'POST /api/v1/signup'];
  /**
   * What a plain employee may call with their own account: their profile, the business's
   * locations (with their managers' user ids) and settings, their own employee record, schedule,
   * time entries and timesheets, the clock, and submitting their timesheet. Kiosk operations take
   * a kiosk's token, not a person's (401).
   */
  const EMPLOYEE_MAY = [
    'GET /api/v1/me',
    'GET /api/v1/locations',
    'GET /api/v1/locations/{id}',
    'GET /api/v1/locations/{id}/managers',
    'GET /api/v1/timesheets',
    'GET /api/v1/timesheets/mine',
    'POST /api/v1/timesheets/{employeeId}/{periodStart}/submit',
    'GET /api/v1/settings',
    'GET /api/v1/employees',
    'GET /api/v1/employees/{id}',
    'GET /api/v1/shifts',
    'GET /api/v1/shifts/{id}',
    'GET /api/v1/time-entries',
    'GET /api/v1/time-entries/{id}',
    'POST /api/v1/time-entries/clock-in',
    'POST /api/v1/time-entries/clock-out',
    'POST /api/v1/time-entries/breaks/start',
    'POST /api/v1/time-entries/breaks/end',
  ];
  const allOperations = () => [...api.endpoints('reads'), ...api.endpoints('writes')];

  it('answers every operation without credentials with 401, except the public ones', async () => {
    const answers: Record<string, number> = {};
    for (const endpoint of allOperations()) {
      if (PUBLIC.includes(label(endpoint))) continue;
      answers[label(endpoint)] = (
        await app.request(api.urlFor(endpoint), { method: endpoint.method })
      ).status;
    }
    expect(answers).toEqual(allAnswered(answers, 401));
    expect(Object.keys(answers)).toHaveLength(allOperations().length - PUBLIC.length);
  });

  it('lets a plain employee call only their own operations', async () => {
    const tenant = await getTenant(db.sql, ownerTenantId);
    const ids = await createOneOfEach(owner);
    const staff = await addMember(db.sql, tenant, 'employee');
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${staff.userId} where id = ${ids['/api/v1/employees/']!}`;

    const allowed: string[] = [];
    const other: Record<string, number> = {};
    for (const endpoint of allOperations()) {
      if (PUBLIC.includes(label(endpoint))) continue;
      const url = api.urlFor(endpoint, { id: idFor(endpoint, ids) });
      const { status } = await call(app, staff.token, url, { method: endpoint.method });
      if (endpoint.template.startsWith('/api/v1/kiosk/')) other[label(endpoint)] = status;
      else if (status !== 403) allowed.push(label(endpoint));
    }

    expect(allowed.sort()).toEqual([...EMPLOYEE_MAY].sort());
    expect(Object.values(other)).toEqual(Object.values(other).map(() => 401));
  });
});

describe('a manager of one location', () => {
  /**
   * A business of its own (plans cap the locations of one), a manager of one of its locations,
   * and a set of resources at another.
   */
  async function managerOfOneLocation() {
    const business = await accounts(app, mail).signUpBusiness('Two Sites');
    const tenant = await getTenant(db.sql, business.tenantId);
    const manager = await addMember(db.sql, tenant, 'manager');
    const mine = await business.browser.call('/api/v1/locations', {
      json: { name: 'Managed', timeZone: 'Europe/Paris' },
    });
    const assigned = await business.browser.call(`/api/v1/locations/${mine.body.id}/managers`, {
      method: 'PUT',
      json: { userIds: [manager.userId] },
    });
    expect(assigned.status).toBe(200);
    const elsewhere = await createOneOfEach(business.browser);
    return { owner: business.browser, manager, mine: mine.body.id as string, elsewhere };
  }

  it('can neither see nor change anything of another location through an id', async () => {
    const { owner, manager, mine, elsewhere } = await managerOfOneLocation();
    const before = await snapshot(owner, elsewhere);

    const answers: Record<string, number> = {};
    for (const endpoint of [...api.endpoints('reads'), ...api.endpoints('writes')]) {
      const id = idFor(endpoint, elsewhere);
      // Only ids of the resources made above (not exports, nor the operators' tenants).
      if (!id) continue;
      const body = jsonBodyOf(endpoint) ? JSON.stringify(validBodyFor(endpoint)) : undefined;
      const url = api.urlFor(endpoint, { id });
      const init = { method: endpoint.method, body, contentType: body && 'application/json' };
      answers[label(endpoint)] = (await call(app, manager.token, url, init)).status;
    }
    const ownLocation = await call(app, manager.token, `/api/v1/locations/${mine}`);
    const listed = await call(app, manager.token, '/api/v1/locations');

    expect(Object.keys(answers).length).toBeGreaterThan(15);
    const refused = Object.entries(answers).filter(([, status]) => status === 403 || status === 404);
    expect(Object.fromEntries(refused)).toEqual(answers);
    expect(await snapshot(owner, elsewhere)).toEqual(before);
    expect(ownLocation.status).toBe(200);
    expect(listed.body.data.map((l: { id: string }) => l.id)).toEqual([mine]);
  });

  it('can neither put anything at another location nor read its records by filter', async () => {
    const { owner, manager, mine, elsewhere } = await managerOfOneLocation();
    const there = elsewhere['/api/v1/locations/']!;
    const theirEmployee = elsewhere['/api/v1/employees/']!;
    const openShiftHere = await owner.call('/api/v1/shifts', {
      json: {
        locationId: mine,
        employeeId: null,
        startsAt: '2026-01-07T09:00:00Z',
        endsAt: '2026-01-07T17:00:00Z',
      },
    });
    const before = await snapshot(owner, elsewhere);
    const week = { from: '2026-01-05T00:00:00Z', to: '2026-01-12T00:00:00Z' };
    /** Bodies otherwise valid, pointing at the other location: every write whose body names one. */
    const atTheOtherLocation: Record<string, [string, unknown]> = {
      'POST /api/v1/employees': ['/api/v1/employees', { name: 'New', locationIds: [there] }],
      'PATCH /api/v1/employees/{id}': [`/api/v1/employees/${theirEmployee}`, { locationIds: [there] }],
      'POST /api/v1/shifts': [
        '/api/v1/shifts',
        {
          locationId: there,
          employeeId: null,
          startsAt: '2026-01-08T09:00:00Z',
          endsAt: '2026-01-08T17:00:00Z',
        },
      ],
      'PATCH /api/v1/shifts/{id}': [`/api/v1/shifts/${openShiftHere.body.shift.id}`, { locationId: there }],
      'POST /api/v1/shifts/publish': ['/api/v1/shifts/publish', { locationId: there, ...week }],
      'POST /api/v1/shifts/notify': ['/api/v1/shifts/notify', { locationId: there, ...week }],
      'POST /api/v1/shifts/copy-week': [
        '/api/v1/shifts/copy-week',
        { locationId: there, fromWeekStart: '2026-01-05', toWeekStart: '2026-01-12' },
      ],
      'POST /api/v1/time-entries': [
        '/api/v1/time-entries',
        {
          employeeId: theirEmployee,
          locationId: there,
          clockIn: '2026-01-07T09:00:00Z',
          clockOut: '2026-01-07T10:00:00Z',
          reason: 'r',
        },
      ],
      'POST /api/v1/kiosks': ['/api/v1/kiosks', { locationId: there, name: 'Sneaky' }],
    };
    const namingALocation = api.endpoints('writes').filter((endpoint) => {
      const properties = api.resolve(jsonBodyOf(endpoint)?.schema ?? {}).properties ?? {};
      return 'locationId' in properties || 'locationIds' in properties;
    });

    const answers: Record<string, number> = {};
    for (const [operation, [path, json]] of Object.entries(atTheOtherLocation)) {
      const method = operation.split(' ')[0];
      answers[operation] = (await call(app, manager.token, path, { method, json })).status;
    }
    const query = `from=${week.from}&to=${week.to}&locationId=${there}`;
    const filtered = {
      employees: await call(app, manager.token, `/api/v1/employees?locationId=${there}`),
      shifts: await call(app, manager.token, `/api/v1/shifts?${query}`),
      entries: await call(app, manager.token, `/api/v1/time-entries?${query}`),
    };
    const onTheClock = await call(
      app,
      manager.token,
      `/api/v1/time-entries/on-the-clock?locationId=${there}`,
    );

    expect(openShiftHere.status).toBe(201);
    // Clocking oneself in is the employee's own act, checked against their locations elsewhere.
    expect(
      namingALocation
        .map(label)
        .filter((l) => !l.endsWith('/clock-in'))
        .sort(),
    ).toEqual(Object.keys(atTheOtherLocation).sort());
    expect(answers).toEqual(allAnswered(answers, 403));
    expect(Object.values(filtered).map((answer) => [answer.status, answer.body.data])).toEqual([
      [200, []],
      [200, []],
      [200, []],
    ]);
    expect(onTheClock.status).toBe(403);
    expect(await snapshot(owner, elsewhere)).toEqual(before);
  });
});

describe('another tenant’s ids', () => {
  /**
   * Operations with an id in their path that this check leaves out: operators act across tenants
   * by design, and an export is read from storage under the caller's own tenant id.
   */
  const NOT_TENANT_SCOPED = ['/api/v1/operator/', '/api/v1/tenant/exports/'];

  it('are not found by any operation that takes an id, and nothing of theirs changes', async () => {
    const other = await accounts(app, mail).signUpBusiness('Other Café');
    const ids = await createOneOfEach(other.browser);
    const before = await snapshot(other.browser, ids);

    const answers: Record<string, number> = {};
    const withIds = [...api.endpoints('reads'), ...api.endpoints('writes')].filter(
      (endpoint) =>
        /\{\w*[iI]d\}/.test(endpoint.template) &&
        !NOT_TENANT_SCOPED.some((prefix) => endpoint.template.startsWith(prefix)),
    );
    for (const endpoint of withIds) {
      const id = idFor(endpoint, ids);
      if (!id) throw new Error(`No id of the other tenant for ${label(endpoint)}`);
      const url = api.urlFor(endpoint, { id });
      const body = jsonBodyOf(endpoint) ? JSON.stringify(validBodyFor(endpoint)) : undefined;
      answers[label(endpoint)] = (await send(endpoint, url, body)).status;
    }

    expect(Object.keys(answers).length).toBeGreaterThan(15);
    expect(answers).toEqual(allAnswered(answers, 404));
    expect(await snapshot(other.browser, ids)).toEqual(before);
  });
});

/** One resource of each kind in the business signed in on `business`; its ids by the path prefix that takes them. */
async function createOneOfEach(business: Browser): Promise<Record<string, string>> {
  /** Creates through `path`, checking the answer is a 201 as the document describes it. */
  const created = async (path: string, json: unknown) => {
    const answer = await business.call(path, { json });
    const problem = api.answerProblem(api.endpointFor('POST', path), answer.status, answer.body);
    expect({ path, status: answer.status, problem }).toEqual({ path, status: 201, problem: undefined });
    return answer.body;
  };
  // Names are unique within a business, and one business may be given several sets.
  const location = await created('/api/v1/locations', {
    name: `Site ${randomUUID().slice(0, 8)}`,
    timeZone: 'Europe/Paris',
  });
  const employee = await created('/api/v1/employees', {
    name: 'Their Ann',
    locationIds: [location.id],
    pin: '1234',
  });
  const shift = await created('/api/v1/shifts', {
    locationId: location.id,
    employeeId: employee.id,
    startsAt: '2026-01-06T09:00:00Z',
    endsAt: '2026-01-06T17:00:00Z',
  });
  const entry = await created('/api/v1/time-entries', {
    employeeId: employee.id,
    locationId: location.id,
    clockIn: '2026-01-06T09:00:00Z',
    clockOut: '2026-01-06T17:00:00Z',
    reason: 'paper timesheet',
  });
  // An entry made by mistake and deleted, so the list of deleted entries has one to answer with.
  const mistaken = await created('/api/v1/time-entries', {
    employeeId: employee.id,
    locationId: location.id,
    clockIn: '2026-01-07T09:00:00Z',
    clockOut: '2026-01-07T17:00:00Z',
    reason: 'paper timesheet',
  });
  const deleted = await business.call(`/api/v1/time-entries/${mistaken.id}`, {
    method: 'DELETE',
    json: { reason: 'the wrong day' },
  });
  expect(deleted.status).toBe(204);
  const apiKey = await created('/api/v1/api-keys', { name: 'theirs' });
  const kiosk = await created('/api/v1/kiosks', { locationId: location.id, name: 'Their till' });
  return {
    '/api/v1/locations/': location.id,
    '/api/v1/employees/': employee.id,
    '/api/v1/shifts/': shift.shift.id,
    '/api/v1/time-entries/': entry.id,
    '/api/v1/api-keys/': apiKey.key.id,
    '/api/v1/kiosks/': kiosk.kiosk.id,
    '/api/v1/timesheets/': employee.id,
  };
}

/** Everything of the business that the operations above could change, as its owner sees it. */
async function snapshot(business: Browser, ids: Record<string, string>) {
  const week = 'from=2026-01-05T00:00:00Z&to=2026-01-12T00:00:00Z';
  const paths = [
    '/api/v1/locations',
    `/api/v1/locations/${ids['/api/v1/locations/']}/managers`,
    '/api/v1/employees?includeArchived=true',
    `/api/v1/employees/${ids['/api/v1/employees/']}/pay-rates`,
    `/api/v1/shifts?${week}`,
    `/api/v1/time-entries?${week}`,
    `/api/v1/time-entries/${ids['/api/v1/time-entries/']}/changes`,
    `/api/v1/time-entries/deleted?${week}`,
    '/api/v1/timesheets?periodStart=2026-01-05',
    '/api/v1/api-keys',
    '/api/v1/kiosks',
  ];
  const seen: Record<string, unknown> = {};
  for (const path of paths) {
    const answer = await business.call(path);
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    // A key's or kiosk's last use moves whenever it is used, which is not a change to the business.
    seen[path] = JSON.parse(
      JSON.stringify(answer.body, (key, value) => (key === 'lastUsedAt' ? undefined : value)),
    );
  }
  return seen;
}

/** Bodies that pass validation, for operations whose path parameter is under test. */
function validBodyFor(endpoint: Endpoint): unknown {
  const bodies: Record<string, unknown> = {
    'PATCH /api/v1/locations/{id}': { name: 'Renamed' },
    'PUT /api/v1/locations/{id}/managers': { userIds: [] },
    'PATCH /api/v1/employees/{id}': { name: 'Renamed' },
    'POST /api/v1/employees/{id}/pay-rates': { hourlyRateMinor: 1200, effectiveFrom: '2026-01-01' },
    'PUT /api/v1/employees/{id}/pin': { pin: '1234' },
    'PATCH /api/v1/shifts/{id}': { notes: 'n' },
    'PATCH /api/v1/time-entries/{id}': { reason: 'r' },
    'DELETE /api/v1/time-entries/{id}': { reason: 'r' },
  };
  const body = bodies[label(endpoint)];
  if (body === undefined) throw new Error(`No valid body for ${label(endpoint)}`);
  return body;
}
