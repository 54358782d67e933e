/**
 * The Team page in real Chromium: an owner edits an employee in the drawer, adds a pay rate,
 * archives and restores them, resets their kiosk PIN, and imports staff from CSV (a bad file
 * imports nobody). The business is seeded through the API; outcomes are read back from it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTenant } from '../../shared/tenancy/registry';
import { verifyEmployeePin } from '../../shared/timekeeping/employees';
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

interface Employee {
  id: string;
  name: string;
  email: string | null;
  jobRole: string | null;
  locationIds: string[];
  archived: boolean;
}

/** Everyone on the books, archived too, as the API has them. */
async function everyone(owner: Browser): Promise<Employee[]> {
  const list = await owner.call('/api/v1/employees?includeArchived=true&limit=500');
  expect(list.status).toBe(200);
  return list.body.data;
}

/** Picks `file` in the "CSV file" input and presses Import. */
async function importCsv(page: Page, name: string, csv: string) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByLabel('CSV file').click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
}

/** YYYY-MM-DD, `days` from today (UTC). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('team page', () => {
  let owner: Browser;
  let ownerEmail: string;
  let tenantId: string;
  let tom: Employee;

  beforeAll(async () => {
    ({
      browser: owner,
      email: ownerEmail,
      tenantId,
    } = await accounts(web.app, web.mail).signUpBusiness('Harbour Coffee'));
    for (const name of ['Harbour Café', 'North Pier']) {
      const location = await owner.call('/api/v1/locations', { json: { name, timeZone: 'Europe/London' } });
      expect(location.status).toBe(201);
    }
    const locations: { id: string; name: string }[] = (await owner.call('/api/v1/locations')).body.data;
    const harbour = locations.find((l) => l.name === 'Harbour Café');
    const created = await owner.call('/api/v1/employees', {
      json: {
        name: 'Tom Barista',
        locationIds: [harbour?.id],
        hourlyRateMinor: 1250,
        rateEffectiveFrom: '2026-01-01',
        pin: '4821',
      },
    });
    expect(created.status).toBe(201);
    tom = created.body;
  });

  it('edits an employee, adds a pay rate, resets the PIN, archives and restores', async () => {
    const page = await web.newPage();
    await signIn(page, ownerEmail);
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await openFromMenu(page, 'Team');

    // Details: job role, email and a second location.
    await page.getByRole('button', { name: 'Edit Tom Barista' }).click();
    const drawer = page.getByRole('dialog', { name: 'Tom Barista' });
    await drawer.getByLabel('Email').fill('tom@harbour.example');
    await drawer.getByLabel('Job role').fill('Head barista');
    await drawer.getByRole('combobox', { name: 'Locations', exact: true }).click();
    await page.getByRole('option', { name: 'North Pier', exact: true }).click();
    // A multi-select stays open after a pick, and its list can cover the button: focus moves on.
    await drawer.getByLabel('Job role').click();
    await page.getByRole('option', { name: 'North Pier', exact: true }).waitFor({ state: 'hidden' });
    await drawer.getByRole('button', { name: 'Save details' }).click();
    await drawer.getByRole('status').getByText('Saved').waitFor();
    const edited = (await everyone(owner)).find((e) => e.id === tom.id);
    expect(edited).toMatchObject({ email: 'tom@harbour.example', jobRole: 'Head barista' });
    expect(edited?.locationIds).toHaveLength(2);
    await page
      .getByRole('row', { name: /Tom Barista/ })
      .getByText('Head barista')
      .waitFor();

    // A raise from next month on, shown in the history next to the first rate.
    const raiseFrom = inDays(31);
    await drawer.getByLabel('Hourly rate').fill('14.75');
    await drawer.getByLabel('Effective from').fill(raiseFrom);
    await drawer.getByRole('button', { name: 'Add rate' }).click();
    const history = drawer.getByRole('table', { name: 'Pay rates' });
    await history
      .getByRole('row', { name: new RegExp(raiseFrom) })
      .getByText(/14\.75/)
      .waitFor();
    await history
      .getByRole('row', { name: /2026-01-01/ })
      .getByText(/12\.50/)
      .waitFor();
    const rates = await owner.call(`/api/v1/employees/${tom.id}/pay-rates`);
    expect(rates.body.data).toEqual([
      { effectiveFrom: '2026-01-01', hourlyRateMinor: 1250 },
      { effectiveFrom: raiseFrom, hourlyRateMinor: 1475 },
    ]);
    await checkPage(page, 'team-drawer');

    // The PIN: a bad one is refused on the field and changes nothing; a good one replaces it.
    const tenant = await getTenant(web.db.sql, tenantId);
    await drawer.getByLabel('New kiosk PIN').fill('12a');
    await drawer.getByRole('button', { name: 'Save PIN' }).click();
    await drawer.getByText('Must be 4 to 6 digits', { exact: true }).waitFor();
    expect(await drawer.getByLabel('New kiosk PIN').getAttribute('aria-invalid')).toBe('true');
    await verifyEmployeePin(web.db.sql, tenant, tom.id, '4821'); // still the old PIN
    await drawer.getByLabel('New kiosk PIN').fill('2468');
    await drawer.getByRole('button', { name: 'Save PIN' }).click();
    await drawer.getByRole('status').getByText('PIN saved').waitFor();
    await verifyEmployeePin(web.db.sql, tenant, tom.id, '2468');
    await expect(verifyEmployeePin(web.db.sql, tenant, tom.id, '4821')).rejects.toThrow('Wrong PIN');

    // Archived: gone from the list, back under "Show archived", and restored from there.
    await drawer.getByRole('button', { name: 'Archive Tom Barista' }).click();
    await drawer.getByRole('button', { name: 'Restore Tom Barista' }).waitFor();
    expect((await everyone(owner)).find((e) => e.id === tom.id)?.archived).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('row', { name: /Tom Barista/ }).waitFor({ state: 'detached' });
    // By keyboard: scrolled down, the sticky header covers the switch at the top of the page.
    await page.getByRole('switch', { name: 'Show archived' }).press('Space');
    const archivedRow = page.getByRole('row', { name: /Tom Barista/ });
    await archivedRow.getByText('Archived').waitFor();
    await archivedRow.getByRole('button', { name: 'Edit Tom Barista' }).click();
    await drawer.getByRole('button', { name: 'Restore Tom Barista' }).click();
    await drawer.getByRole('button', { name: 'Archive Tom Barista' }).waitFor();
    expect((await everyone(owner)).find((e) => e.id === tom.id)?.archived).toBe(false);
    await page.keyboard.press('Escape');
    await page
      .getByRole('row', { name: /Tom Barista/ })
      .getByText('Archived')
      .waitFor({ state: 'detached' });
  });

  it('takes and shows rates in yen, which has no decimals', async () => {
    const { browser: kissaOwner, email } = await accounts(web.app, web.mail).signUpBusiness('Tokyo Kissa');
    const settings = (await kissaOwner.call('/api/v1/settings')).body;
    const saved = await kissaOwner.call('/api/v1/settings', {
      method: 'PUT',
      json: { ...settings, currency: 'JPY' },
    });
    expect(saved.status).toBe(200);
    const page = await web.newPage();
    await signIn(page, email);
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await openFromMenu(page, 'Team');
    await page.getByText(/and rates in JPY like 1250\./).waitFor(); // the import hint

    // Added with a whole-yen rate, stored as it was typed: yen are their own minor unit.
    const addForm = page.getByRole('form', { name: 'Add an employee' });
    await addForm.getByLabel('Name').fill('Yui Barista');
    await addForm.getByLabel('Hourly rate').fill('1200.5');
    await addForm.getByRole('button', { name: 'Add employee' }).click();
    await addForm.getByText('Must be an amount like 1250 (JPY has no decimals)', { exact: true }).waitFor();
    await addForm.getByLabel('Hourly rate').fill('1200');
    await addForm.getByRole('button', { name: 'Add employee' }).click();
    await page.getByRole('button', { name: 'Edit Yui Barista' }).click();
    const yui = (await everyone(kissaOwner)).find((e) => e.name === 'Yui Barista');
    expect((await kissaOwner.call(`/api/v1/employees/${yui?.id}/pay-rates`)).body.data).toEqual([
      { effectiveFrom: expect.any(String), hourlyRateMinor: 1200 },
    ]);

    // A raise: a fraction of a yen is refused on the field, a whole amount is shown without decimals.
    const drawer = page.getByRole('dialog', { name: 'Yui Barista' });
    const history = drawer.getByRole('table', { name: 'Pay rates' });
    expect(await history.getByRole('cell').nth(1).textContent()).toMatch(/^\D*1,200$/);
    const raiseFrom = inDays(31);
    await drawer.getByLabel('Hourly rate').fill('1350.5');
    await drawer.getByLabel('Effective from').fill(raiseFrom);
    await drawer.getByRole('button', { name: 'Add rate' }).click();
    await drawer.getByText('Must be an amount like 1250 (JPY has no decimals)', { exact: true }).waitFor();
    await drawer.getByLabel('Hourly rate').fill('1350');
    await drawer.getByRole('button', { name: 'Add rate' }).click();
    const raise = history
      .getByRole('row', { name: new RegExp(raiseFrom) })
      .getByRole('cell')
      .nth(1);
    await raise.getByText(/1,350/).waitFor();
    expect(await raise.textContent()).toMatch(/^\D*1,350$/);
    expect((await kissaOwner.call(`/api/v1/employees/${yui?.id}/pay-rates`)).body.data).toEqual([
      { effectiveFrom: expect.any(String), hourlyRateMinor: 1200 },
      { effectiveFrom: raiseFrom, hourlyRateMinor: 1350 },
    ]);
  });

  it('imports staff from CSV: a bad row imports nobody, a good file everyone', async () => {
    const page = await web.newPage();
    await signIn(page, ownerEmail);
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await openFromMenu(page, 'Team');
    const header = 'name,email,jobRole,locations,hourlyRate,rateEffectiveFrom,pin';
    await page.getByText(header, { exact: true }).waitFor(); // the hint
    const template =
      (await page.getByRole('link', { name: 'Download a template' }).getAttribute('href')) ?? '';
    expect(decodeURIComponent(template.slice(template.indexOf(',') + 1)).split('\r\n')[0]).toBe(header);
    const before = (await everyone(owner)).length;

    // Row 3 has a bad email and row 4 an unknown location: nothing is imported.
    await importCsv(
      page,
      'bad.csv',
      [
        header,
        'Ann Cook,ann@harbour.example,Cook,Harbour Café,13.00,2026-02-01,1111',
        'Ben Waiter,not-an-email,Waiter,North Pier,,,',
        'Cat Runner,,Runner,Nowhere,,,',
      ].join('\n'),
    );
    const problems = page.getByRole('list', { name: 'Import problems' });
    await problems.getByText(/^Row 3, column email: /).waitFor();
    await problems.getByText('Row 4, column locations: No such location: Nowhere').waitFor();
    await checkPage(page, 'team-import-problems');
    expect(await everyone(owner)).toHaveLength(before);

    // Fixed, all three arrive with their locations, rates and PINs.
    await importCsv(
      page,
      'good.csv',
      [
        header,
        'Ann Cook,ann@harbour.example,Cook,Harbour Café,13.00,2026-02-01,1111',
        'Ben Waiter,ben@harbour.example,Waiter,North Pier;Harbour Café,,,',
        '"Runner, Cat",,Runner,,,,',
      ].join('\r\n'),
    );
    await page.getByRole('status').getByText('3 employees imported.').waitFor();
    await page.getByRole('row', { name: /Runner, Cat/ }).waitFor();
    const after = await everyone(owner);
    expect(after).toHaveLength(before + 3);
    const ann = after.find((e) => e.name === 'Ann Cook');
    const ben = after.find((e) => e.name === 'Ben Waiter');
    expect(ann).toMatchObject({ email: 'ann@harbour.example', jobRole: 'Cook' });
    expect(ben?.locationIds).toHaveLength(2);
    expect((await owner.call(`/api/v1/employees/${ann?.id}/pay-rates`)).body.data).toEqual([
      { effectiveFrom: '2026-02-01', hourlyRateMinor: 1300 },
    ]);
    await verifyEmployeePin(web.db.sql, await getTenant(web.db.sql, tenantId), ann?.id as string, '1111');
  });
});
