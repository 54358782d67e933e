/**
 * `GET /api/v1/me`'s `employee`: the caller's own employee record, which the web app's time clock
 * and "My shifts" go by for everyone who works shifts, managers and owners too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app';
import { accounts } from '../helpers/accounts';
import type { Browser } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { type Mailbox, startMailbox } from '../helpers/mail';

let db: TestDatabase;
let mail: Mailbox;
let people: ReturnType<typeof accounts>;

beforeAll(async () => {
  db = await createTestDatabase();
  mail = await startMailbox();
  people = accounts(createApp({ sql: db.sql }), mail);
});
afterAll(async () => {
  await mail.stop();
  await db.drop();
});

async function post(browser: Browser, path: string, json: unknown) {
  const response = await browser.call(path, { json });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

describe('GET /api/v1/me: the caller’s employee record', () => {
  it('names a manager’s own record and every current location they work at, managed or not', async () => {
    const owner = await people.signUpBusiness('Me Myself Café');
    const location = async (name: string, timeZone = 'Europe/London') =>
      (await post(owner.browser, '/api/v1/locations', { name, timeZone })).id as string;
    const north = await location('North');
    const south = await location('South', 'Pacific/Auckland');
    const yard = await location('Yard');
    const manager = await people.signUpPerson(undefined, 'Mia Manager');
    const record = await post(owner.browser, '/api/v1/employees', {
      name: 'Mia Manager',
      email: manager.email,
      locationIds: [south, north, yard],
    });
    const invited = await post(owner.browser, '/api/auth/organization/invite-member', {
      email: manager.email,
      role: 'manager',
    });
    await post(manager.browser, '/api/auth/organization/accept-invitation', { invitationId: invited.id });
    await post(manager.browser, '/api/auth/organization/set-active', { organizationId: owner.tenantId });
    await owner.browser.call(`/api/v1/locations/${north}/managers`, {
      method: 'PUT',
      json: { userIds: [manager.userId] },
    });
    const archivedYard = await owner.browser.call(`/api/v1/locations/${yard}`, {
      method: 'PATCH',
      json: { archived: true },
    });

    const mine = await manager.browser.call('/api/v1/me');
    const owners = await owner.browser.call('/api/v1/me');
    await owner.browser.call(`/api/v1/employees/${record.id}`, { method: 'PATCH', json: { archived: true } });
    const afterArchive = await manager.browser.call('/api/v1/me');

    expect(archivedYard.status).toBe(200);
    expect(mine.status).toBe(200);
    expect(mine.body.employee).toEqual({
      id: record.id,
      name: 'Mia Manager',
      // By name; South too, which she works at but does not manage; not the archived Yard.
      locations: [
        // Each with its zone: the web app shows their own entries there in local time.
        { id: north, name: 'North', timeZone: 'Europe/London' },
        { id: south, name: 'South', timeZone: 'Pacific/Auckland' },
      ],
    });
    // The owner has no employee record, nor has Mia once hers is archived.
    expect(owners.body.employee).toBeNull();
    expect(afterArchive.body.employee).toBeNull();
  });

  it('is null for a signed-in person with no business', async () => {
    const person = await people.signUpPerson();

    const me = await person.browser.call('/api/v1/me');

    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ tenant: null, employee: null });
  });
});
