/**
 * Kiosks and archived locations in real Chromium: turning a tablet into a kiosk signs the owner
 * out there (Back and /payroll ask for a sign-in), the kiosk clocks someone in with the kiosk
 * token alone, a manager on another device revokes it and the kiosk then says it was removed,
 * and an archived location is restored. Outcomes are read back from the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../helpers/accounts';
import type { Browser } from '../helpers/browser';
import { openFromMenu, signIn, startWebAppServer, type WebAppServer } from '../helpers/web-app-server';
import { checkPage } from '../helpers/web-browser';

let web: WebAppServer;

beforeAll(async () => {
  web = await startWebAppServer();
}, 120_000);

afterAll(async () => {
  await web?.stop();
});

async function post(browser: Browser, path: string, json: unknown) {
  const created = await browser.call(path, { json });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** The row of a table that has a cell named exactly `name`. */
const rowOf = (page: Page, table: string, name: string) =>
  page
    .getByRole('table', { name: table, exact: true })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) });

/** Picks a name on the kiosk, types the PIN on its keypad and presses `action`. */
async function punchAtKiosk(page: Page, name: string, pin: string, action: string) {
  await page.getByRole('button', { name }).click();
  for (const digit of pin) await page.getByRole('button', { name: `Digit ${digit}` }).click();
  await page.getByRole('button', { name: action }).click();
}

describe('kiosk devices and archived locations', () => {
  it('signs the owner out on the kiosk, which a manager revokes; an archived location is restored', async () => {
    const people = accounts(web.app, web.mail);
    const { browser: owner, email } = await people.signUpBusiness('Pier Coffee');
    const site = (await post(owner, '/api/v1/locations', { name: 'Pier Café', timeZone: 'Europe/London' }))
      .id;
    const oldPier = (await post(owner, '/api/v1/locations', { name: 'Old Pier', timeZone: 'Europe/London' }))
      .id;
    const tom = (
      await post(owner, '/api/v1/employees', {
        name: 'Tom Barista',
        locationIds: [site],
        hourlyRateMinor: 1250,
        pin: '4821',
      })
    ).id;
    const archived = await owner.call(`/api/v1/locations/${oldPier}`, {
      method: 'PATCH',
      json: { archived: true },
    });
    expect(archived.status).toBe(200);
    // Mia manages the café: invited with the manager role, signed up, accepted, given the site.
    const mia = await people.managerOf(owner, site);

    // The owner turns the till's tablet into the café's kiosk: it asks, then signs them out here.
    const tablet = await web.newPage();
    await signIn(tablet, email);
    await openFromMenu(tablet, 'Locations');
    await rowOf(tablet, 'Locations', 'Pier Café')
      .getByRole('button', { name: 'Use this device as kiosk' })
      .click();
    const setUp = tablet.getByRole('dialog', { name: 'Use this device as the kiosk of Pier Café' });
    // First the sign-out fails: Cancel then takes the kiosk just made back, token and all.
    await tablet.route('**/api/auth/sign-out', (route) => route.fulfill({ status: 500, body: '{}' }));
    await setUp.getByLabel('Device name').fill('Abandoned till');
    await setUp.getByRole('button', { name: 'Sign out and open the kiosk' }).click();
    await setUp.getByRole('alert').waitFor();
    await setUp.getByRole('button', { name: 'Cancel' }).click();
    await setUp.waitFor({ state: 'detached' });
    await tablet.unroute('**/api/auth/sign-out');
    // (An expression, as the tests' types have no DOM: it runs in the page.)
    expect(await tablet.evaluate("localStorage.getItem('rota.kiosk')")).toBeNull();
    const kiosksLeft = await owner.call('/api/v1/kiosks');
    expect(kiosksLeft.body.data.map((k: { name: string }) => k.name)).not.toContain('Abandoned till');

    await rowOf(tablet, 'Locations', 'Pier Café')
      .getByRole('button', { name: 'Use this device as kiosk' })
      .click();
    await setUp.getByLabel('Device name').fill('Front till');
    await setUp.getByRole('button', { name: 'Sign out and open the kiosk' }).click();
    await tablet.getByRole('heading', { name: 'Pier Café', level: 1 }).waitFor();
    expect(new URL(tablet.url()).pathname).toBe('/kiosk');

    // Nobody is signed in on the tablet: Back and an app address land on the sign-in page.
    await tablet.goBack();
    await tablet.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(tablet.url()).pathname).toBe('/login');
    await tablet.goto('/payroll');
    await tablet.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(tablet.url()).pathname).toBe('/login');
    expect(await tablet.getByRole('link', { name: 'Payroll' }).count()).toBe(0);
    expect((await tablet.request.get('/api/v1/payroll')).status()).toBe(401);
    expect((await tablet.request.get('/api/v1/me')).status()).toBe(401);

    // The kiosk works with its own token: Tom clocks in with his PIN.
    await tablet.goto('/kiosk');
    await punchAtKiosk(tablet, 'Tom Barista', '4821', 'Clock in');
    await tablet.getByRole('status').getByText('Clocked in: Tom Barista').waitFor();
    const onTheClock = await owner.call(`/api/v1/time-entries/on-the-clock?locationId=${site}`);
    expect(onTheClock.body.data.map((p: { employeeId: string }) => p.employeeId)).toEqual([tom]);

    // Mia, on her own computer, sees the kiosk of her café and revokes it after a confirmation.
    const office = await web.newPage();
    await signIn(office, mia.email);
    await openFromMenu(office, 'Locations');
    const till = rowOf(office, 'Kiosks', 'Front till');
    await till.getByRole('cell', { name: 'Pier Café', exact: true }).waitFor();
    expect(await till.getByRole('cell', { name: 'Never', exact: true }).count()).toBe(0); // used just now
    await checkPage(office, 'locations-kiosks');
    await till.getByRole('button', { name: 'Revoke' }).click();
    const revoke = office.getByRole('dialog', { name: 'Revoke Front till?' });
    await revoke.getByRole('button', { name: 'Yes, revoke' }).click();
    await revoke.waitFor({ state: 'hidden' });
    await office.getByText('No kiosks.', { exact: false }).waitFor();
    expect((await owner.call('/api/v1/kiosks')).body.data).toEqual([]);

    // The tablet's next request is refused: it says the kiosk was removed, and asks for a manager.
    await punchAtKiosk(tablet, 'Tom Barista', '4821', 'Clock out');
    const removed = tablet.getByRole('alert').filter({ hasText: 'This kiosk was removed' });
    await removed.getByText('Ask a manager', { exact: false }).waitFor();
    await checkPage(tablet, 'kiosk-removed');
    await tablet.reload();
    await tablet.getByText('This device is not a kiosk yet').waitFor(); // the dead token is gone

    // The owner signs in again on the tablet and restores the archived location.
    await tablet.getByRole('link', { name: 'Manager sign-in' }).click();
    await signIn(tablet, email);
    await openFromMenu(tablet, 'Locations');
    expect(await tablet.getByRole('cell', { name: 'Old Pier', exact: true }).count()).toBe(0);
    await tablet.getByRole('button', { name: 'Show archived locations' }).click();
    await rowOf(tablet, 'Archived locations', 'Old Pier').getByRole('button', { name: 'Restore' }).click();
    await rowOf(tablet, 'Locations', 'Old Pier').waitFor();
    await tablet.getByText('No archived locations.').waitFor();
    const current = await owner.call('/api/v1/locations');
    expect(current.body.data.map((l: { name: string }) => l.name)).toEqual(['Old Pier', 'Pier Café']);
    await office.context().close();
    await tablet.context().close();
  }, 120_000);
});
