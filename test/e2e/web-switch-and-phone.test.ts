/**
 * The web app in real Chromium: a person who works for two businesses switching between them, and
 * an employee using the time clock on a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTenant } from '../../shared/tenancy/delete';
import { accounts } from '../helpers/accounts';
import { openFromMenu, signIn, startWebAppServer, type WebAppServer } from '../helpers/web-app-server';
import { checkPage } from '../helpers/web-browser';

let web: WebAppServer;
let people: ReturnType<typeof accounts>;

beforeAll(async () => {
  web = await startWebAppServer();
  people = accounts(web.app, web.mail);
}, 120_000);

afterAll(async () => {
  await web?.stop();
});

describe('tenant switcher', () => {
  it('lets an owner who is also an admin elsewhere switch between them, each showing only its own data, and rename one', async () => {
    const north = await people.signUpBusiness('North Roasters');
    const south = await people.signUpBusiness('South Bakery');
    const southShop = await south.browser.call('/api/v1/locations', {
      json: { name: 'South Bakery High St', timeZone: 'Europe/London' },
    });
    expect(southShop.status).toBe(201);
    const invited = await south.browser.call('/api/auth/organization/invite-member', {
      json: { email: north.email, role: 'admin' },
    });
    expect(invited.status).toBe(200);
    const accepted = await north.browser.call('/api/auth/organization/accept-invitation', {
      json: { invitationId: invited.body.id },
    });
    expect(accepted.status).toBe(200);

    const page = await web.newPage();
    await signIn(page, north.email);
    const business = page.getByRole('combobox', { name: 'Business' });
    await business.waitFor();
    expect(await business.inputValue()).toBe('North Roasters');
    await page.getByRole('region', { name: 'Getting started' }).getByText('0 of 3 done').waitFor(); // North is new

    await business.click();
    await page.getByRole('option', { name: 'South Bakery' }).click();
    await page.getByRole('region', { name: 'South Bakery High St' }).waitFor();
    expect(await business.inputValue()).toBe('South Bakery');
    await checkPage(page, 'tenant-switcher');

    // The session itself changed business: the API answers for South now, not just the page.
    const me = await page.request.get('/api/v1/me');
    expect((await me.json()).tenant).toMatchObject({ id: south.tenantId, role: 'admin' });
    await page.reload();
    expect(await business.inputValue()).toBe('South Bakery');

    // As an admin there, they rename it in settings; the switcher shows the new name at once.
    await openFromMenu(page, 'Settings');
    await page.getByLabel('Business name').fill('');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Enter the business name').waitFor();
    await page.getByLabel('Business name').fill('South Bakery & Co');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('status').getByText('Saved').waitFor();
    await expect.poll(() => business.inputValue()).toBe('South Bakery & Co');
    const [renamed] = await web.db.sql`select name from platform.tenants where id = ${south.tenantId}`;
    expect(renamed?.name).toBe('South Bakery & Co');
    await page.context().close();
  }, 120_000);
});

/** A phone-sized touch screen (an iPhone 13's viewport). */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe('after a business is deleted', () => {
  it('lets its owner start a new one from the page for people without a business', async () => {
    const owner = await people.signUpBusiness('Gone Bistro');
    await deleteTenant(web.db.sql, owner.tenantId, { actor: `user:${owner.userId}` });

    const page = await web.newPage();
    await signIn(page, owner.email);
    await page.getByRole('heading', { name: 'You are not part of a business yet' }).waitFor();
    const form = page.getByRole('form', { name: 'Start a business' });
    await form.getByRole('button', { name: 'Start business' }).click();
    await form.getByText('Enter the business name').waitFor(); // checked before it is sent
    await form.getByLabel('Business name').fill('Second Bistro');
    await form.getByRole('button', { name: 'Start business' }).click();
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();

    const me = await (await page.request.get('/api/v1/me')).json();
    expect(me.tenant).toMatchObject({ name: 'Second Bistro', role: 'owner' });
    expect(me.tenant.id).not.toBe(owner.tenantId);
  });
});

describe('time clock on a phone', () => {
  it('shows an employee where they stand and only the buttons that apply, with no sideways scrolling', async () => {
    const owner = await people.signUpBusiness('Pocket Café');
    const shop = await owner.browser.call('/api/v1/locations', {
      json: { name: 'Pocket Café Quay', timeZone: 'Europe/London' },
    });
    const staff = await people.signUpPerson(undefined, 'Pat Phone');
    const employee = await owner.browser.call('/api/v1/employees', {
      json: { name: 'Pat Phone', email: staff.email, locationIds: [shop.body.id] },
    });
    const invited = await owner.browser.call('/api/auth/organization/invite-member', {
      json: { email: staff.email, role: 'employee' },
    });
    await staff.browser.call('/api/auth/organization/accept-invitation', {
      json: { invitationId: invited.body.id },
    });

    const page = await web.newPage(PHONE);
    await signIn(page, staff.email);
    await page.getByRole('heading', { name: 'My shifts' }).waitFor();
    const clock = page.getByRole('region', { name: 'Time clock' });
    await clock.getByText('You are off the clock.').waitFor();
    expect(await clock.getByRole('button').allTextContents()).toEqual(['Clock in']);

    await clock.getByRole('button', { name: 'Clock in' }).click();
    await clock.getByText(/^On the clock since .* at Pocket Café Quay\.$/).waitFor();
    expect(await clock.getByRole('button').allTextContents()).toEqual(['Start break', 'Clock out']);
    await clock.getByRole('button', { name: 'Start break' }).click();
    await clock.getByText(/^On a break since/).waitFor();
    await checkPage(page, 'my-shifts-phone');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await clock.getByRole('button', { name: 'Clock out' }).click(); // ends the break too
    await clock.getByText('You are off the clock.').waitFor();

    // The punch shows in this pay period's hours, which Pat then submits for approval.
    const hours = page.getByRole('region', { name: 'My hours' });
    await hours
      .getByRole('table', { name: 'My entries' })
      .getByRole('cell', { name: 'Pocket Café Quay' })
      .waitFor();
    await hours.getByRole('button', { name: 'Submit for approval' }).click();
    await hours.getByText('Submitted: waiting for approval').waitFor();
    expect(await hours.getByRole('button', { name: 'Submit for approval' }).count()).toBe(0);

    const entries = await web.db.sql`
      select te.clock_out is not null as closed, count(b.*)::int as breaks, bool_and(b.ends_at is not null) as breaks_closed
      from ${web.db.sql(`t_${owner.tenantId}`)}.time_entries te
      left join ${web.db.sql(`t_${owner.tenantId}`)}.breaks b on b.time_entry_id = te.id
      where te.employee_id = ${employee.body.id} group by te.id`;
    expect(entries).toEqual([{ closed: true, breaks: 1, breaks_closed: true }]);
    await page.context().close();
  }, 120_000);
});
