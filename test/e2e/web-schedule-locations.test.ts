/**
 * The Schedule and Locations pages in real Chromium: a manager edits a shift in the drawer (a bad
 * edit is refused on the field), deletes one, publishes and copies the week; an owner edits a
 * location, gives it a manager and archives another. The business is seeded through the API and
 * every outcome is read back from it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, thisWeekStart, zonedToIso } from '../../web/src/lib/zoned';
import { accounts } from '../helpers/accounts';
import type { Browser } from '../helpers/browser';
import { eventually } from '../helpers/eventually';
import { openFromMenu, signIn, startWebAppServer, type WebAppServer } from '../helpers/web-app-server';
import { checkPage, choose } from '../helpers/web-browser';

let web: WebAppServer;

beforeAll(async () => {
  web = await startWebAppServer({ jobs: true }); // emailing the schedule is a job
}, 120_000);

afterAll(async () => {
  await web?.stop();
});

const ZONE = 'Europe/London';

interface Shift {
  id: string;
  employeeId: string | null;
  startsAt: string;
  endsAt: string;
  published: boolean;
}

async function post(browser: Browser, path: string, json: unknown) {
  const created = await browser.call(path, { json });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** The location's shifts in the week starting `monday`, as the API has them. */
async function weekOf(owner: Browser, locationId: string, monday: string): Promise<Shift[]> {
  const from = zonedToIso(monday, '00:00', ZONE);
  const to = zonedToIso(addDays(monday, 7), '00:00', ZONE);
  const list = await owner.call(`/api/v1/shifts?locationId=${locationId}&from=${from}&to=${to}`);
  expect(list.status).toBe(200);
  return list.body.data;
}

/** The shift cards of one day of the grid. */
const cardsOn = (page: Page, day: string) => page.locator(`[data-date="${day}"]`).getByTestId('shift');

describe('schedule page', () => {
  it('edits a shift, refuses an end before the start, deletes one, and copies the week as drafts', async () => {
    const people = accounts(web.app, web.mail);
    const { browser: owner, email } = await people.signUpBusiness('Corner Coffee');
    const site = (await post(owner, '/api/v1/locations', { name: 'Corner Café', timeZone: ZONE })).id;
    const tomEmail = `tom-${site.slice(0, 8)}@corner.example`;
    const tom = (
      await post(owner, '/api/v1/employees', { name: 'Tom Barista', email: tomEmail, locationIds: [site] })
    ).id;
    const ann = (await post(owner, '/api/v1/employees', { name: 'Ann Baker', locationIds: [site] })).id;
    const monday = thisWeekStart(ZONE, 1); // the default week starts on Monday
    const [tue, wed, thu] = [1, 2, 3].map((n) => addDays(monday, n)) as [string, string, string];
    const shift = (employeeId: string | null, day: string, start: string, end: string) =>
      post(owner, '/api/v1/shifts', {
        locationId: site,
        employeeId,
        startsAt: zonedToIso(day, start, ZONE),
        endsAt: zonedToIso(day, end, ZONE),
      });
    const tomsShift = (await shift(tom, tue, '09:00', '17:00')).shift.id;
    const annsShift = (await shift(ann, wed, '10:00', '14:00')).shift.id;
    await shift(null, thu, '12:00', '20:00');

    const page = await web.newPage();
    await signIn(page, email);
    await openFromMenu(page, 'Schedule');
    // The open shift stands out: nobody's name, an "Open" badge.
    await cardsOn(page, thu).getByText('Open shift').waitFor();
    await cardsOn(page, thu).getByText('Open', { exact: true }).waitFor();

    // An end before the start is refused on the field, with the API schema's message; nothing is sent.
    await cardsOn(page, tue).filter({ hasText: 'Tom Barista' }).click();
    const drawer = page.getByRole('dialog', { name: 'Edit shift' });
    await drawer.getByLabel('End time').fill('08:00');
    await drawer.getByRole('button', { name: 'Save shift' }).click();
    await drawer.getByText('Must be after the start').waitFor();
    expect(await drawer.getByLabel('End time').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'schedule-shift-drawer');

    // Moved to Wednesday, 10:00–18:00 local time: the card moves to that day.
    await drawer.getByLabel('Start date').fill(wed);
    await drawer.getByLabel('Start time').fill('10:00');
    await drawer.getByLabel('End date').fill(wed);
    await drawer.getByLabel('End time').fill('18:00');
    await drawer.getByRole('button', { name: 'Save shift' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await cardsOn(page, wed).filter({ hasText: 'Tom Barista' }).getByText('10:00–18:00').waitFor();
    expect(await cardsOn(page, tue).count()).toBe(0);

    // Ann's shift is deleted after a confirmation.
    await cardsOn(page, wed).filter({ hasText: 'Ann Baker' }).click();
    await drawer.getByRole('button', { name: 'Delete shift' }).click();
    await drawer.getByRole('button', { name: 'Yes, delete' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await cardsOn(page, wed).filter({ hasText: 'Ann Baker' }).waitFor({ state: 'detached' });

    const thisWeek = await weekOf(owner, site, monday);
    expect(thisWeek.map((s) => s.id)).not.toContain(annsShift);
    expect(thisWeek.find((s) => s.id === tomsShift)).toMatchObject({
      startsAt: zonedToIso(wed, '10:00', ZONE),
      endsAt: zonedToIso(wed, '18:00', ZONE),
    });

    // Published, then copied to next week, where the copies are drafts at the same local times.
    await page.getByRole('button', { name: 'Publish week (2 drafts)' }).click();
    await page.getByRole('button', { name: 'Publish week (0 drafts)' }).waitFor();
    // Tom is emailed his shift; Ann's was deleted, and the open shift is nobody's.
    await page.getByRole('button', { name: 'Email staff their shifts' }).click();
    await page.getByText('Emailed 1 employee their published shifts of this week.').waitFor();
    const [toTom] = await eventually(async () => {
      const emails = await web.mail.emailsTo(tomEmail);
      return emails.length > 0 ? emails : undefined;
    });
    expect(toTom?.subject).toBe('Your shifts at Corner Café');
    expect(toTom?.body.text).toContain('10:00–18:00');
    await page.getByRole('button', { name: 'Copy week' }).click();
    await page.getByRole('dialog', { name: 'Copy this week' }).getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied 2 shifts').waitFor();
    expect(await page.getByText('Schedule emailed').count()).toBe(0); // that was last week's
    const nextWed = addDays(wed, 7);
    await cardsOn(page, nextWed).filter({ hasText: 'Tom Barista' }).getByText('Draft').waitFor();
    await checkPage(page, 'schedule-copied-week');

    const nextWeek = await weekOf(owner, site, addDays(monday, 7));
    expect(nextWeek.map((s) => [s.employeeId, s.startsAt, s.published])).toEqual([
      [tom, zonedToIso(nextWed, '10:00', ZONE), false],
      [null, zonedToIso(addDays(thu, 7), '12:00', ZONE), false],
    ]);
    await page.context().close();
  }, 120_000);

  it("starts the week on the business's own first weekday", async () => {
    const people = accounts(web.app, web.mail);
    const { browser: owner, email } = await people.signUpBusiness('Sunday Shop');
    await post(owner, '/api/v1/locations', { name: 'Sunday Shop', timeZone: ZONE });
    const settings = (await owner.call('/api/v1/settings')).body;
    const saved = await owner.call('/api/v1/settings', {
      method: 'PUT',
      json: { ...settings, weekStartsOn: 7 },
    });
    expect(saved.status).toBe(200);

    const page = await web.newPage();
    await signIn(page, email);
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await page.goto('/schedule?week=2026-12-02'); // a Wednesday
    await page.locator('[data-date]').first().waitFor();
    const days = await page
      .locator('[data-date]')
      .evaluateAll((all) => all.map((day) => day.getAttribute('data-date')));
    expect(days).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
    ]);
    await page.context().close();
  }, 120_000);
});

/** The Edit button in the row of the location named `name`. */
const editButtonOf = (page: Page, name: string) =>
  page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) })
    .getByRole('button', { name: 'Edit' });

describe('locations page', () => {
  it('edits a location, gives it a manager, and archives another', async () => {
    const people = accounts(web.app, web.mail);
    const { browser: owner, email, tenantId } = await people.signUpBusiness('Quay Coffee');
    const site = (await post(owner, '/api/v1/locations', { name: 'Quay Café', timeZone: ZONE })).id;
    await post(owner, '/api/v1/locations', { name: 'Old Yard', timeZone: ZONE });
    // A member with the manager role: invited, signed up, accepted.
    const mia = await people.signUpPerson(undefined, 'Mia Manager');
    const invited = await owner.call('/api/auth/organization/invite-member', {
      json: { email: mia.email, role: 'manager' },
    });
    expect(invited.status).toBe(200);
    const invitationId = (await web.mail.linkIn(mia.email, /invited you to/)).split('/').at(-1);
    const accepted = await mia.browser.call('/api/auth/organization/accept-invitation', {
      json: { invitationId },
    });
    expect(accepted.status).toBe(200);

    const page = await web.newPage();
    await signIn(page, email);
    await openFromMenu(page, 'Locations');
    await editButtonOf(page, 'Quay Café').click();
    const drawer = page.getByRole('dialog', { name: 'Quay Café' });
    await drawer.getByLabel('Name').fill('Quay Café North');
    await drawer.getByLabel('Address').fill('1 Harbour Street');
    await drawer.getByRole('button', { name: 'Save location' }).click();
    await drawer.getByRole('form', { name: 'Location details' }).getByRole('status').waitFor();
    await page.getByRole('cell', { name: 'Quay Café North', exact: true }).waitFor();

    await choose(page, 'Managers of this location', `Mia Manager (${mia.email})`);
    await page.keyboard.press('Escape'); // closes the options (they stay open for more), not the drawer
    const managers = page.getByRole('form', { name: 'Managers' });
    await managers.getByRole('button', { name: 'Save managers' }).click();
    await managers.getByRole('status').waitFor();
    await checkPage(page, 'location-drawer');
    await page.keyboard.press('Escape');

    const saved = await owner.call(`/api/v1/locations/${site}`);
    expect(saved.body).toMatchObject({
      name: 'Quay Café North',
      address: '1 Harbour Street',
      timeZone: ZONE,
    });
    expect((await owner.call(`/api/v1/locations/${site}/managers`)).body.userIds).toEqual([mia.userId]);
    // Mia now sees the location she manages, and only that one.
    await mia.browser.call('/api/auth/organization/set-active', { json: { organizationId: tenantId } });
    const hers = await mia.browser.call('/api/v1/locations');
    expect(hers.body.data.map((l: { name: string }) => l.name)).toEqual(['Quay Café North']);

    // Archiving asks first; the location leaves the list.
    await editButtonOf(page, 'Old Yard').click();
    const oldYard = page.getByRole('dialog', { name: 'Old Yard' });
    await oldYard.getByRole('button', { name: 'Archive location' }).click();
    await oldYard.getByRole('button', { name: 'Yes, archive' }).click();
    await page.getByRole('cell', { name: 'Old Yard', exact: true }).waitFor({ state: 'detached' });
    const left = await owner.call('/api/v1/locations');
    expect(left.body.data.map((l: { name: string }) => l.name)).toEqual(['Quay Café North']);
    await page.context().close();
  }, 120_000);
});
