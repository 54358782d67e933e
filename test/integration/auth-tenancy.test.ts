import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OWNED_BUSINESSES } from '../../shared/auth/signup';
import { createApp } from '../../shared/http/app';
import { deleteTenant } from '../../shared/tenancy/delete';
import { accounts, PASSWORD } from '../helpers/accounts';
import type { Browser } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { type Mailbox, startMailbox } from '../helpers/mail';

let db: TestDatabase;
let mail: Mailbox;
let app: ReturnType<typeof createApp>;
let people: ReturnType<typeof accounts>;

beforeAll(async () => {
  db = await createTestDatabase();
  mail = await startMailbox();
  app = createApp({ sql: db.sql });
  people = accounts(app, mail);
});
afterAll(async () => {
  await mail.stop();
  await db.drop();
});

async function addLocation(browser: Browser, name: string): Promise<string> {
  const created = await browser.call('/api/v1/locations', { json: { name, timeZone: 'Europe/London' } });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Invites `email` into the owner's active business and returns the invitation id from the email. */
async function invite(owner: Browser, email: string, role: string): Promise<string> {
  const invited = await owner.call('/api/auth/organization/invite-member', { json: { email, role } });
  expect(invited.status).toBe(200);
  const link = await mail.linkIn(email, /invited you to/);
  return link.split('/').at(-1) as string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('invitations and roles', () => {
  it('lets an invited person join with the role they were invited with, scoped to their locations', async () => {
    const owner = await people.signUpBusiness('Grind Coffee');
    const north = await addLocation(owner.browser, 'North');
    await addLocation(owner.browser, 'South');
    const manager = await people.signUpPerson();

    const invitationId = await invite(owner.browser, manager.email, 'manager');
    const accepted = await manager.browser.call('/api/auth/organization/accept-invitation', {
      json: { invitationId },
    });
    await manager.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: owner.tenantId },
    });
    const me = await manager.browser.call('/api/v1/me');
    await db.sql`
      insert into ${db.sql(`t_${owner.tenantId}`)}.location_managers (location_id, user_id) values (${north}, ${manager.userId})`;
    const visible = await manager.browser.call('/api/v1/locations');
    const addAttempt = await manager.browser.call('/api/v1/locations', {
      json: { name: 'Mine', timeZone: 'UTC' },
    });

    expect(accepted.status).toBe(200);
    expect(me.body.tenant).toMatchObject({ id: owner.tenantId, role: 'manager' });
    expect(visible.body.data.map((l: { name: string }) => l.name)).toEqual(['North']);
    expect(addAttempt.status).toBe(403);
  });

  it('links the invited person to the employee record that has their email', async () => {
    const owner = await people.signUpBusiness('Linked Up');
    const person = await people.signUpPerson();
    const created = await owner.browser.call('/api/v1/employees', {
      json: { name: 'Sam Staff', email: person.email },
    });
    const invitationId = await invite(owner.browser, person.email, 'employee');

    await person.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    const employee = await owner.browser.call(`/api/v1/employees/${created.body.id}`);

    expect(employee.body.userId).toBe(person.userId);
  });

  it('links a member to the employee record with their email that is added after they joined', async () => {
    const owner = await people.signUpBusiness('Joined First Café');
    const site = await addLocation(owner.browser, 'Main');
    const person = await people.signUpPerson(undefined, 'Mia Manager');
    const invitationId = await invite(owner.browser, person.email, 'manager');
    await person.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    await person.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: owner.tenantId },
    });

    // Mia works shifts too: the owner adds her record, with her email, after she joined.
    const created = await owner.browser.call('/api/v1/employees', {
      json: { name: 'Mia Manager', email: person.email, locationIds: [site] },
    });
    const me = await person.browser.call('/api/v1/me');
    const clockIn = await person.browser.call('/api/v1/time-entries/clock-in', {
      json: { locationId: site },
    });

    expect(created.status).toBe(201);
    expect(created.body.userId).toBe(person.userId);
    expect(me.body.employee?.id).toBe(created.body.id);
    expect(clockIn.status, JSON.stringify(clockIn.body)).toBe(200);
  });

  it('links a member to a record given their email later, and to one restored after they joined', async () => {
    const owner = await people.signUpBusiness('Rehired Café');
    const rehired = await people.signUpPerson();
    const renamed = await people.signUpPerson();
    const archived = await owner.browser.call('/api/v1/employees', {
      json: { name: 'Sam', email: rehired.email },
    });
    const noEmail = await owner.browser.call('/api/v1/employees', { json: { name: 'Rae' } });
    await owner.browser.call(`/api/v1/employees/${archived.body.id}`, {
      method: 'PATCH',
      json: { archived: true },
    });
    for (const person of [rehired, renamed]) {
      const invitationId = await invite(owner.browser, person.email, 'employee');
      await person.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    }

    const whileArchived = await owner.browser.call(`/api/v1/employees/${archived.body.id}`);
    const restored = await owner.browser.call(`/api/v1/employees/${archived.body.id}`, {
      method: 'PATCH',
      json: { archived: false },
    });
    const emailed = await owner.browser.call(`/api/v1/employees/${noEmail.body.id}`, {
      method: 'PATCH',
      json: { email: renamed.email },
    });

    expect(whileArchived.body.userId).toBeNull();
    expect(restored.status).toBe(200);
    expect(restored.body.userId).toBe(rehired.userId);
    expect(emailed.status).toBe(200);
    expect(emailed.body.userId).toBe(renamed.userId);
  });

  it('links no record to a member already linked to another', async () => {
    const owner = await people.signUpBusiness('Linked Once Café');
    const person = await people.signUpPerson();
    const first = await owner.browser.call('/api/v1/employees', {
      json: { name: 'Sam', email: person.email },
    });
    const invitationId = await invite(owner.browser, person.email, 'employee');
    await person.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    await owner.browser.call(`/api/v1/employees/${first.body.id}`, {
      method: 'PATCH',
      json: { email: null },
    });

    const second = await owner.browser.call('/api/v1/employees', {
      json: { name: 'Sam again', email: person.email },
    });
    const firstNow = await owner.browser.call(`/api/v1/employees/${first.body.id}`);

    expect(second.status).toBe(201);
    expect(second.body.userId).toBeNull();
    expect(firstNow.body.userId).toBe(person.userId);
  });

  it('lets a person belong to several businesses and switch between them', async () => {
    const own = await people.signUpBusiness('My Own Bakery');
    const other = await people.signUpBusiness('Friend’s Café');
    const invitationId = await invite(other.browser, own.email, 'employee');
    await own.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });

    await own.browser.call('/api/auth/organization/set-active', { json: { organizationId: other.tenantId } });
    const inOther = await own.browser.call('/api/v1/me');
    await own.browser.call('/api/auth/organization/set-active', { json: { organizationId: own.tenantId } });
    const inOwn = await own.browser.call('/api/v1/me');

    expect(inOther.body.tenant).toMatchObject({ id: other.tenantId, role: 'employee' });
    expect(inOwn.body.tenant).toMatchObject({ id: own.tenantId, role: 'owner' });
  });

  it('signs a person in to a business that still exists, not to one deleted', async () => {
    const own = await people.signUpBusiness('Closing Bakery');
    const other = await people.signUpBusiness('Still Open Café');
    const invitationId = await invite(other.browser, own.email, 'employee');
    await own.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    await own.browser.call('/api/auth/organization/set-active', { json: { organizationId: own.tenantId } });
    await deleteTenant(db.sql, own.tenantId, { actor: `user:${own.userId}` });

    const stillSignedIn = await own.browser.call('/api/v1/me');
    const fresh = people.newBrowser();
    const signIn = await fresh.call('/api/auth/sign-in/email', {
      json: { email: own.email, password: PASSWORD },
    });
    const me = await fresh.call('/api/v1/me');
    const locations = await fresh.call('/api/v1/locations');
    const businesses = await fresh.call('/api/auth/organization/list');

    // The session that was working in it is back to no business, not stuck on 403s.
    expect(stillSignedIn.body.tenant).toBeNull();
    expect(signIn.status).toBe(200);
    expect(me.body.tenant).toMatchObject({ id: other.tenantId, role: 'employee' });
    expect(locations.status).toBe(200);
    expect(businesses.body.map((b: { id: string }) => b.id)).toEqual([other.tenantId]);
  });

  it('lets a signed-in person start a business of their own again, within a limit', async () => {
    const person = await people.signUpBusiness('First Go');
    await deleteTenant(db.sql, person.tenantId, { actor: `user:${person.userId}` });

    const started = await person.browser.call('/api/v1/me/businesses', {
      json: { companyName: 'Second Go' },
    });
    await person.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: started.body.id },
    });
    const me = await person.browser.call('/api/v1/me');
    const unnamed = await person.browser.call('/api/v1/me/businesses', { json: { companyName: '  ' } });
    const more = [];
    for (let i = 2; i <= MAX_OWNED_BUSINESSES + 1; i++)
      more.push(
        (await person.browser.call('/api/v1/me/businesses', { json: { companyName: `Go ${i}` } })).status,
      );
    const key = await person.browser.call('/api/v1/api-keys', { json: { name: 'script', role: 'admin' } });
    const byKey = await app.request('/api/v1/me/businesses', {
      method: 'POST',
      headers: { authorization: `Bearer ${key.body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ companyName: 'Scripted' }),
    });

    expect(started.status).toBe(201);
    expect(me.body.tenant).toMatchObject({ id: started.body.id, name: 'Second Go', role: 'owner' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors[0].field).toBe('companyName');
    expect(more).toEqual([...Array(MAX_OWNED_BUSINESSES - 1).fill(201), 409]);
    expect(byKey.status).toBe(403);
  });

  it('takes a 101st member into a business (better-auth alone stops at 100)', async () => {
    const owner = await people.signUpBusiness('Big Chain');
    // 99 more people already in it, written as better-auth writes them.
    for (let i = 0; i < 99; i++) {
      const userId = `bulkuser${i}x${owner.tenantId}`.slice(0, 32);
      await db.sql`
        insert into platform."user" (id, name, email, "emailVerified", "twoFactorEnabled")
        values (${userId}, ${`Staff ${i}`}, ${`staff${i}.${owner.tenantId}@example.com`}, true, false)`;
      await db.sql`
        insert into platform.member (id, "organizationId", "userId", role, "createdAt")
        values (${`m${userId}`.slice(0, 32)}, ${owner.tenantId}, ${userId}, 'employee', now())`;
    }
    const person = await people.signUpPerson();
    const invitationId = await invite(owner.browser, person.email, 'employee');

    const accepted = await person.browser.call('/api/auth/organization/accept-invitation', {
      json: { invitationId },
    });
    const [members] =
      await db.sql`select count(*)::int as n from platform.member where "organizationId" = ${owner.tenantId}`;

    expect(accepted.status).toBe(200);
    expect(members?.n).toBe(101);
  });

  it('lets an invited person decline, after which the invitation cannot be accepted', async () => {
    const owner = await people.signUpBusiness('Decline Deli');
    const person = await people.signUpPerson();
    const invitationId = await invite(owner.browser, person.email, 'employee');

    const declined = await person.browser.call('/api/auth/organization/reject-invitation', {
      json: { invitationId },
    });
    const acceptAfter = await person.browser.call('/api/auth/organization/accept-invitation', {
      json: { invitationId },
    });
    const switchAttempt = await person.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: owner.tenantId },
    });

    expect(declined.status).toBe(200);
    expect(acceptAfter.status).toBe(400);
    expect(switchAttempt.status).toBe(403);
  });

  it('transfers ownership: the new owner is owner, the old one admin', async () => {
    const owner = await people.signUpBusiness('Handover Café');
    const successor = await people.signUpPerson();
    const invitationId = await invite(owner.browser, successor.email, 'admin');
    await successor.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });

    const transferred = await owner.browser.call('/api/v1/members/transfer-ownership', {
      json: { userId: successor.userId },
    });
    const roles = await db.sql`
      select "userId", role from platform.member where "organizationId" = ${owner.tenantId} order by role`;

    expect(transferred.status).toBe(204);
    expect(roles).toEqual([
      { userId: owner.userId, role: 'admin' },
      { userId: successor.userId, role: 'owner' },
    ]);
  });

  it('cuts off a removed member at once', async () => {
    const owner = await people.signUpBusiness('Revolving Door');
    const staff = await people.signUpPerson();
    const invitationId = await invite(owner.browser, staff.email, 'employee');
    await staff.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    await staff.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: owner.tenantId },
    });
    expect((await staff.browser.call('/api/v1/locations')).status).toBe(200);

    await owner.browser.call('/api/auth/organization/remove-member', {
      json: { memberIdOrEmail: staff.email },
    });

    const after = await staff.browser.call('/api/v1/locations');
    expect(after.status).toBe(403);
    expect(after.body.code).toBe('no_active_tenant');
  });
});

describe('the business itself', () => {
  it('is renamed by owners and admins in the registry and the organization at once, with an audit entry', async () => {
    const owner = await people.signUpBusiness('Old Name Café');
    const staff = await people.signUpPerson();
    const invitationId = await invite(owner.browser, staff.email, 'employee');
    await staff.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    await staff.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: owner.tenantId },
    });

    const empty = await owner.browser.call('/api/v1/tenant', { method: 'PATCH', json: { name: '  ' } });
    const byEmployee = await staff.browser.call('/api/v1/tenant', {
      method: 'PATCH',
      json: { name: 'Mine' },
    });
    const renamed = await owner.browser.call('/api/v1/tenant', {
      method: 'PATCH',
      json: { name: 'New Name Café' },
    });

    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'name', message: 'Enter the business name' }]);
    expect(byEmployee.status).toBe(403);
    expect(renamed.status).toBe(200);
    expect((await owner.browser.call('/api/v1/me')).body.tenant.name).toBe('New Name Café');
    const [names] = await db.sql`
      select t.name as tenant, o.name as organization from platform.tenants t
      join platform."organization" o on o.id = t.id where t.id = ${owner.tenantId}`;
    expect(names).toEqual({ tenant: 'New Name Café', organization: 'New Name Café' });
    const audit = await db.sql`
      select actor, details from platform.audit_log where tenant_id = ${owner.tenantId} and action = 'tenant.renamed'`;
    expect(audit).toEqual([
      { actor: `user:${owner.userId}`, details: { from: 'Old Name Café', to: 'New Name Café' } },
    ]);
  });

  it('cannot be renamed or deleted behind the registry through better-auth', async () => {
    const owner = await people.signUpBusiness('Guarded Café');

    const update = await owner.browser.call('/api/auth/organization/update', {
      json: { organizationId: owner.tenantId, data: { name: 'Sneaky' } },
    });
    const remove = await owner.browser.call('/api/auth/organization/delete', {
      json: { organizationId: owner.tenantId },
    });

    expect(update.status).toBe(403);
    expect(update.body.detail).toMatch(/PATCH \/api\/v1\/tenant/);
    expect(remove.status).toBe(403);
    const [row] = await db.sql`select name from platform."organization" where id = ${owner.tenantId}`;
    expect(row?.name).toBe('Guarded Café');
  });
});

describe('tenant isolation through the API', () => {
  it('gives a member of A none of B’s data, by id, by switching, or with A’s API key', async () => {
    const a = await people.signUpBusiness('Alpha Bakes');
    const b = await people.signUpBusiness('Beta Brews');
    const alphaSite = await addLocation(a.browser, 'Alpha Site');
    const betaSite = await addLocation(b.browser, 'Beta Site');
    const key = await a.browser.call('/api/v1/api-keys', { json: { name: 'Payroll export', role: 'admin' } });

    const byId = await a.browser.call(`/api/v1/locations/${betaSite}`);
    const switched = await a.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: b.tenantId },
    });
    // better-auth clears the active business after a refused switch; nothing of B is served.
    const afterSwitch = await a.browser.call('/api/v1/locations');
    await a.browser.call('/api/auth/organization/set-active', { json: { organizationId: a.tenantId } });
    const backInA = await a.browser.call('/api/v1/locations');
    const withKey = await people.newBrowser().call('/api/v1/locations', { headers: bearer(key.body.token) });
    const keyById = await people
      .newBrowser()
      .call(`/api/v1/locations/${betaSite}`, { headers: bearer(key.body.token) });

    expect(byId.status).toBe(404);
    expect(switched.status).toBe(403);
    expect(afterSwitch.status).toBe(403);
    expect(JSON.stringify(afterSwitch.body)).not.toContain('Beta');
    expect(backInA.body.data.map((l: { id: string }) => l.id)).toEqual([alphaSite]);
    expect(withKey.status).toBe(200);
    expect(withKey.body.data.map((l: { id: string }) => l.id)).toEqual([alphaSite]);
    expect(keyById.status).toBe(404);
  });
});

describe('API keys', () => {
  it('shows the token once, stores only its hash, records use, and stops working when revoked', async () => {
    const owner = await people.signUpBusiness('Keyed Up');
    const created = await owner.browser.call('/api/v1/api-keys', { json: { name: 'Integrations' } });
    const token = created.body.token as string;

    const used = await people.newBrowser().call('/api/v1/me', { headers: bearer(token) });
    // The second request finds the key remembered by this process, without asking the database.
    const usedAgain = await people.newBrowser().call('/api/v1/me', { headers: bearer(token) });
    const list = await owner.browser.call('/api/v1/api-keys');
    const [stored] =
      await db.sql`select token_hash, last_used_at from platform.api_keys where id = ${created.body.key.id}`;
    const revoked = await owner.browser.call(`/api/v1/api-keys/${created.body.key.id}`, { method: 'DELETE' });
    const afterRevoke = await people.newBrowser().call('/api/v1/me', { headers: bearer(token) });
    const wrongKey = await people
      .newBrowser()
      .call('/api/v1/me', { headers: bearer(`${token.slice(0, -2)}xx`) });
    const wrongKeyAgain = await people
      .newBrowser()
      .call('/api/v1/me', { headers: bearer(`${token.slice(0, -2)}xx`) });

    expect(created.status).toBe(201);
    expect(token).toMatch(/^rota_[A-Za-z0-9_-]{40,}$/);
    expect(used.body).toMatchObject({ via: 'api_key', tenant: { id: owner.tenantId, role: 'admin' } });
    expect(usedAgain.body).toEqual(used.body);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(list.body.data[0]).toMatchObject({ name: 'Integrations', tokenPrefix: token.slice(0, 12) });
    expect(Buffer.from(stored?.token_hash).toString('hex')).toHaveLength(64);
    expect(JSON.stringify(await db.sql`select * from platform.api_keys`)).not.toContain(token);
    expect(revoked.status).toBe(204);
    expect(afterRevoke.status).toBe(401);
    expect(wrongKey.status).toBe(401);
    expect(wrongKeyAgain.status).toBe(401);
    expect(wrongKeyAgain.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('acts with no more than its creator’s current role: an admin demoted to employee takes their keys down', async () => {
    const owner = await people.signUpBusiness('Demotion Diner');
    const admin = await people.signUpPerson();
    const invitationId = await invite(owner.browser, admin.email, 'admin');
    await admin.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    await admin.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: owner.tenantId },
    });
    const key = await admin.browser.call('/api/v1/api-keys', { json: { name: 'my script', role: 'admin' } });
    const viaKey = (path: string, init: Parameters<Browser['call']>[1] = {}) =>
      people.newBrowser().call(path, { ...init, headers: bearer(key.body.token) });
    const asAdmin = await viaKey('/api/v1/me'); // now remembered by this process
    const [member] = await db.sql`
      select id from platform.member where "organizationId" = ${owner.tenantId} and "userId" = ${admin.userId}`;
    const setRole = (role: string) =>
      owner.browser.call('/api/auth/organization/update-member-role', {
        json: { memberId: member?.id, role },
      });

    const demoted = await setRole('employee');
    const asEmployee = await viaKey('/api/v1/me');
    const rename = await viaKey('/api/v1/tenant', { method: 'PATCH', json: { name: 'Mine now' } });
    await setRole('admin');
    const promotedAgain = await viaKey('/api/v1/me');

    expect(key.status).toBe(201);
    expect(asAdmin.body.tenant.role).toBe('admin');
    expect(demoted.status).toBe(200);
    expect(asEmployee.body.tenant.role).toBe('employee');
    expect(rename.status).toBe(403);
    expect(promotedAgain.body.tenant.role).toBe('admin');
  });

  it('is for owners and admins only, and a key cannot mint keys', async () => {
    const owner = await people.signUpBusiness('Strict Roles');
    const staff = await people.signUpPerson();
    const invitationId = await invite(owner.browser, staff.email, 'employee');
    await staff.browser.call('/api/auth/organization/accept-invitation', { json: { invitationId } });
    await staff.browser.call('/api/auth/organization/set-active', {
      json: { organizationId: owner.tenantId },
    });
    const key = await owner.browser.call('/api/v1/api-keys', { json: { name: 'Admin key', role: 'admin' } });

    const byEmployee = await staff.browser.call('/api/v1/api-keys', { json: { name: 'Mine' } });
    const byKey = await people.newBrowser().call('/api/v1/api-keys', {
      json: { name: 'Another' },
      headers: bearer(key.body.token),
    });
    const malformed = await people
      .newBrowser()
      .call('/api/v1/me', { headers: { authorization: 'Basic abc' } });

    expect(byEmployee.status).toBe(403);
    expect(byKey.status).toBe(403);
    expect(malformed.status).toBe(401);
  });
});

describe('operators', () => {
  it('require 2FA, list tenants, and suspend and reactivate them, with every action audited', async () => {
    const customer = await people.signUpBusiness('Suspicious Sandwiches');
    const customerKey = await customer.browser.call('/api/v1/api-keys', { json: { name: 'k' } });
    const staff = await people.signUpPerson();
    await db.sql`update platform."user" set "platformRole" = 'operator' where id = ${staff.userId}`;

    const withoutTwoFactor = await staff.browser.call('/api/v1/operator/tenants');
    await people.enrolTotp(staff.browser);
    const list = await staff.browser.call('/api/v1/operator/tenants?limit=200');
    const byCustomer = await customer.browser.call('/api/v1/operator/tenants');
    const suspended = await staff.browser.call(`/api/v1/operator/tenants/${customer.tenantId}/suspend`, {
      json: { reason: 'chargebacks' },
    });
    const blockedSession = await customer.browser.call('/api/v1/locations');
    const blockedKey = await people
      .newBrowser()
      .call('/api/v1/locations', { headers: bearer(customerKey.body.token) });
    const reactivated = await staff.browser.call(`/api/v1/operator/tenants/${customer.tenantId}/reactivate`, {
      json: {},
    });
    const back = await customer.browser.call('/api/v1/locations');
    const audit = await db.sql`
      select actor, action, details from platform.audit_log
      where tenant_id = ${customer.tenantId} and actor like 'operator:%' order by id`;

    expect(withoutTwoFactor.status).toBe(403);
    expect(withoutTwoFactor.body.code).toBe('two_factor_required');
    expect(list.status).toBe(200);
    expect(list.body.data.find((t: { id: string }) => t.id === customer.tenantId)).toMatchObject({
      name: 'Suspicious Sandwiches',
      status: 'active',
      memberCount: 1,
      plan: 'pro', // the card-less trial a new business starts with
      billingStatus: 'trial',
      readOnly: false,
    });
    expect(byCustomer.status).toBe(403);
    expect(suspended.status).toBe(204);
    expect(blockedSession.status).toBe(403);
    expect(blockedSession.body.code).toBe('tenant_suspended');
    expect(blockedKey.body.code).toBe('tenant_suspended');
    expect(reactivated.status).toBe(204);
    expect(back.status).toBe(200);
    expect(audit).toEqual([
      { actor: `operator:${staff.userId}`, action: 'tenant.suspended', details: { reason: 'chargebacks' } },
      { actor: `operator:${staff.userId}`, action: 'tenant.reactivated', details: { reason: null } },
    ]);

    // A Business subscriber whose payment failed a month ago: still Business, but read-only.
    await db.sql`
      update platform.subscriptions set plan = 'business', status = 'past_due',
             past_due_since = now() - interval '30 days', trial_ends_at = null
      where tenant_id = ${customer.tenantId}`;
    const later = await staff.browser.call('/api/v1/operator/tenants?limit=200');
    expect(later.body.data.find((t: { id: string }) => t.id === customer.tenantId)).toMatchObject({
      plan: 'business',
      billingStatus: 'past_due',
      readOnly: true,
    });

    // Two at a time, newest first, the cursor carrying on where the page stopped.
    const firstTwo = await staff.browser.call('/api/v1/operator/tenants?limit=2');
    const nextTwo = await staff.browser.call(
      `/api/v1/operator/tenants?limit=2&cursor=${firstTwo.body.nextCursor}`,
    );
    const forged = Buffer.from(JSON.stringify(['yesterday', customer.tenantId])).toString('base64url');
    const forgedPage = await staff.browser.call(`/api/v1/operator/tenants?cursor=${forged}`);
    const ids = (page: { body: { data: { id: string }[] } }) => page.body.data.map((t) => t.id);
    expect([...ids(firstTwo), ...ids(nextTwo)]).toEqual(ids(later).slice(0, 4));
    expect(forgedPage.status).toBe(400);
    expect(forgedPage.body.errors).toEqual([{ field: 'cursor', message: 'Invalid cursor' }]);
  });

  it('read the audit log newest first, per tenant, a page at a time; nobody else can', async () => {
    const customer = await people.signUpBusiness('Audited Bagels');
    const staff = await people.signUpPerson();
    await db.sql`update platform."user" set "platformRole" = 'operator' where id = ${staff.userId}`;
    await people.enrolTotp(staff.browser);
    for (const action of ['suspend', 'reactivate'])
      await staff.browser.call(`/api/v1/operator/tenants/${customer.tenantId}/${action}`, {
        json: { reason: action },
      });

    const log = `/api/v1/operator/audit?tenantId=${customer.tenantId}`;
    const first = await staff.browser.call(`${log}&limit=1`);
    const second = await staff.browser.call(`${log}&limit=1&cursor=${first.body.nextCursor}`);
    const everything = await staff.browser.call(log);
    const forged = await staff.browser.call(`${log}&cursor=${Buffer.from('["x"]').toString('base64url')}`);
    const byCustomer = await customer.browser.call(log);

    expect(first.status).toBe(200);
    expect(first.body.data).toEqual([
      expect.objectContaining({
        action: 'tenant.reactivated',
        actor: `operator:${staff.userId}`,
        tenantId: customer.tenantId,
      }),
    ]);
    expect(second.body.data).toEqual([
      expect.objectContaining({ action: 'tenant.suspended', details: { reason: 'suspend' } }),
    ]);
    // Sign-up wrote the oldest record; every record is this tenant's.
    expect(everything.body.data.length).toBeGreaterThanOrEqual(3);
    expect(everything.body.data.every((r: { tenantId: string }) => r.tenantId === customer.tenantId)).toBe(
      true,
    );
    expect(everything.body.data.map((r: { id: number }) => r.id)).toEqual(
      everything.body.data.map((r: { id: number }) => r.id).sort((a: number, b: number) => b - a),
    );
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ field: 'cursor', message: 'Invalid cursor' }]);
    expect(byCustomer.status).toBe(403);
  });
});
