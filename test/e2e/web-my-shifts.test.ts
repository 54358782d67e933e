/**
 * "My shifts" in real Chromium for everyone who works shifts, not only employees: a manager's own
 * time clock and schedule beside their coworkers', an owner with no employee record, and the
 * clock-in locations of an employee who works at one café of several.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../helpers/accounts';
import type { Browser } from '../helpers/browser';
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

type Owner = Awaited<ReturnType<ReturnType<typeof accounts>['signUpBusiness']>>;

/** POSTs as `who` and returns the created body, failing on anything but a 2xx. */
async function post(who: Browser, path: string, json: unknown) {
  const response = await who.call(path, { json });
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

/**
 * A person with an employee record at `locationIds` who joined the business with `role`: entered
 * by the owner, invited to that email, accepted (which links the record to their account).
 */
async function hire(owner: Owner, name: string, role: 'manager' | 'employee', locationIds: string[]) {
  const person = await people.signUpPerson(undefined, name);
  const employee = await post(owner.browser, '/api/v1/employees', { name, email: person.email, locationIds });
  const invited = await post(owner.browser, '/api/auth/organization/invite-member', {
    email: person.email,
    role,
  });
  await post(person.browser, '/api/auth/organization/accept-invitation', { invitationId: invited.id });
  await post(person.browser, '/api/auth/organization/set-active', { organizationId: owner.tenantId });
  return { ...person, employeeId: employee.id as string };
}

/** Midnight UTC `days` from today, plus `hours`. */
const at = (days: number, hours: number) => {
  const day = new Date();
  day.setUTCHours(0, 0, 0, 0);
  return new Date(day.getTime() + (days * 24 + hours) * 3_600_000).toISOString();
};

describe('My shifts for a manager who works shifts too', () => {
  it('clocks them in and out on their own clock while a coworker is on the clock, and lists only their own published shifts', async () => {
    const owner = await people.signUpBusiness('Harbour Coffee');
    const quay = (
      await post(owner.browser, '/api/v1/locations', { name: 'Harbour Quay', timeZone: 'Europe/London' })
    ).id;
    const hill = (
      await post(owner.browser, '/api/v1/locations', { name: 'Harbour Hill', timeZone: 'Pacific/Auckland' })
    ).id;
    await post(owner.browser, '/api/v1/locations', { name: 'Harbour Annex', timeZone: 'Europe/London' });
    // Mia manages the Quay only, and works shifts at the Quay and the Hill.
    const mia = await hire(owner, 'Mia Manager', 'manager', [quay, hill]);
    const cole = await hire(owner, 'Cole Coworker', 'employee', [quay]);
    const managers = await owner.browser.call(`/api/v1/locations/${quay}/managers`, {
      method: 'PUT',
      json: { userIds: [mia.userId] },
    });
    expect(managers.status).toBe(200);
    const shift = (employeeId: string | null, days: number, role: string) => ({
      locationId: quay,
      employeeId,
      startsAt: at(days, 9),
      endsAt: at(days, 17),
      role,
    });
    await post(owner.browser, '/api/v1/shifts', shift(mia.employeeId, 1, 'Barista'));
    await post(owner.browser, '/api/v1/shifts', shift(cole.employeeId, 1, 'Kitchen'));
    await post(owner.browser, '/api/v1/shifts', shift(null, 2, 'Open shift'));
    await post(owner.browser, '/api/v1/shifts/publish', { locationId: quay, from: at(0, 0), to: at(14, 0) });
    await post(owner.browser, '/api/v1/shifts', shift(mia.employeeId, 3, 'Draft'));
    await post(cole.browser, '/api/v1/time-entries/clock-in', { locationId: quay });

    const page = await web.newPage();
    await signIn(page, mia.email);
    await openFromMenu(page, 'My shifts');
    const clock = page.getByRole('region', { name: 'Time clock' });
    await clock.getByText('You are off the clock.').waitFor();
    expect(await clock.getByRole('button').allTextContents()).toEqual(['Clock in']);
    // Her own locations, the one she does not manage too; her next shift's is chosen.
    const location = clock.getByRole('combobox', { name: 'Location' });
    expect(await location.inputValue()).toBe('Harbour Quay');
    await location.click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Harbour Hill', 'Harbour Quay']);
    await page.keyboard.press('Escape');
    const comingUp = page.getByRole('list', { name: 'Coming up' }).getByRole('listitem');
    await comingUp.first().waitFor();
    expect(await comingUp.allTextContents()).toEqual([expect.stringMatching(/at Harbour Quay · Barista$/)]);
    await checkPage(page, 'my-shifts-manager');

    await clock.getByRole('button', { name: 'Clock in' }).click();
    await clock.getByText(/^On the clock since .* at Harbour Quay\.$/).waitFor();
    expect(await clock.getByRole('button').allTextContents()).toEqual(['Start break', 'Clock out']);
    await clock.getByRole('button', { name: 'Clock out' }).click();
    await clock.getByText('You are off the clock.').waitFor();
    await expect(clock.getByRole('alert').count()).resolves.toBe(0);

    const entries = await web.db.sql`
      select employee_id, clock_out is not null as closed
      from ${web.db.sql(`t_${owner.tenantId}`)}.time_entries order by clock_in`;
    expect(entries).toEqual([
      { employee_id: cole.employeeId, closed: false },
      { employee_id: mia.employeeId, closed: true },
    ]);
    // A shift she worked at the Hill, which she does not manage: 01:00–04:00 there today (NZDT),
    // shown in the Hill's time and by its name, though the locations list does not show it to her.
    await post(owner.browser, '/api/v1/time-entries', {
      employeeId: mia.employeeId,
      locationId: hill,
      clockIn: at(-1, 12),
      clockOut: at(-1, 15),
      reason: 'paper timesheet',
    });
    await page.reload();
    const atHill = page.getByRole('table', { name: 'My entries' }).getByRole('row', { name: /Harbour Hill/ });
    await atHill.waitFor();
    expect(await atHill.textContent()).toContain('01:00–04:00');
    await page.context().close();

    // The owner has no employee record: no clock to fail, and no schedule of their own.
    const ownerPage = await web.newPage();
    await signIn(ownerPage, owner.email);
    await openFromMenu(ownerPage, 'My shifts');
    const ownerClock = ownerPage.getByRole('region', { name: 'Time clock' });
    await ownerClock.getByText(/not linked to an employee of this business/).waitFor();
    expect(await ownerClock.getByRole('button').count()).toBe(0);
    expect(await ownerPage.getByRole('heading', { name: 'Coming up' }).count()).toBe(0);
    await ownerPage.context().close();
  }, 120_000);
});

describe('clock-in locations of an employee', () => {
  it('offers only the café they work at, chosen for them, when the business has others', async () => {
    const owner = await people.signUpBusiness('Two Cafés');
    await post(owner.browser, '/api/v1/locations', { name: 'Alpha Café', timeZone: 'Europe/London' });
    const zed = (
      await post(owner.browser, '/api/v1/locations', { name: 'Zed Café', timeZone: 'Europe/London' })
    ).id;
    const pat = await hire(owner, 'Pat Zed', 'employee', [zed]);

    const page = await web.newPage();
    await signIn(page, pat.email);
    await page.getByRole('heading', { name: 'My shifts' }).waitFor();
    const clock = page.getByRole('region', { name: 'Time clock' });
    await clock.getByText('You are off the clock.').waitFor();
    const location = clock.getByRole('combobox', { name: 'Location' });
    expect(await location.inputValue()).toBe('Zed Café');
    await location.click();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Zed Café']);
    await page.keyboard.press('Escape');

    await clock.getByRole('button', { name: 'Clock in' }).click();
    await clock.getByText(/^On the clock since .* at Zed Café\.$/).waitFor();
    const [entry] = await web.db.sql`
      select employee_id, location_id from ${web.db.sql(`t_${owner.tenantId}`)}.time_entries`;
    expect(entry).toEqual({ employee_id: pat.employeeId, location_id: zed });
    await page.context().close();
  }, 120_000);
});
