/**
 * The web app in real Chromium: a new owner's first steps (onboarding) and a person who works for
 * two businesses switching between them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../helpers/accounts';
import { openFromMenu, signIn, startWebAppServer, type WebAppServer } from '../helpers/web-app-server';
import { screenshot } from '../helpers/web-browser';

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
    await screenshot(page, 'tenant-switcher');

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
