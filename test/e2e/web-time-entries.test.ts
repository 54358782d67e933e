/**
 * The timesheet's entries in real Chromium, as a location's manager uses them: a shift someone
 * forgot to clock added with a break (the sheet's minutes follow), one overlapping it refused with
 * the API's words, a break corrected, and the history naming who changed what, before → after.
 * The business is seeded through the API; outcomes are read back from it too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thisWeekStart, zonedToIso } from '../../web/src/lib/zoned';
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

const ZONE = 'Europe/London';

describe('timesheet entries', () => {
  let owner: Browser;
  let site: string;
  let tom: string;
  let manager: { email: string; name: string };

  beforeAll(async () => {
    const people = accounts(web.app, web.mail);
    ({ browser: owner } = await people.signUpBusiness('Missed Shift Café'));
    site = (await owner.call('/api/v1/locations', { json: { name: 'Quay', timeZone: ZONE } })).body.id;
    tom = (await owner.call('/api/v1/employees', { json: { name: 'Tom Barista', locationIds: [site] } })).body
      .id;
    // A member with the manager role, invited, accepted, and made the manager of Quay.
    const mia = await people.managerOf(owner, site);
    manager = { email: mia.email, name: 'Mia Manager' };
  });

  it('adds a missed entry with a break, refuses an overlapping one, corrects the break and shows who changed what', async () => {
    const monday = thisWeekStart(ZONE, 1); // the default pay period is the week from Monday
    const page = await web.newPage();
    await signIn(page, manager.email);
    await openFromMenu(page, 'Timesheets');
    await page.getByRole('button', { name: 'Entries of Tom Barista' }).click();
    const drawer = page.getByRole('dialog', { name: /^Tom Barista:/ });
    await drawer.getByText('No entries in this period.').waitFor();
    await drawer.getByText('Regular 0h · Overtime 0h · Breaks 0h').waitFor();

    // Missed: nothing typed is refused field by field, in the browser.
    await drawer.getByRole('button', { name: 'Add missed entry' }).click();
    const add = drawer.getByRole('form', { name: 'Add a missed entry' });
    await add.getByRole('button', { name: 'Add entry' }).click();
    await add.getByText('Enter the clock-in time').waitFor();
    await add.getByText('Say why the entry changes').waitFor();
    expect(await add.getByLabel('Clock in').getAttribute('aria-invalid')).toBe('true');
    // The only location is picked; Monday 09:00–17:00 with a half-hour break, in Quay's zone.
    expect(await add.getByRole('combobox', { name: 'Location' }).inputValue()).toBe('Quay');
    await add.getByLabel('Date').fill(monday);
    await add.getByLabel('Clock in').fill('09:00');
    await add.getByLabel('Clock out').fill('17:00');
    await add.getByRole('button', { name: 'Add break' }).click();
    await add.getByLabel('Break 1 start').fill('12:00');
    await add.getByLabel('Break 1 end').fill('12:30');
    await add.getByLabel('Reason').fill('Forgot to clock, from the paper sheet');
    await add.getByRole('button', { name: 'Add entry' }).click();
    await add.waitFor({ state: 'detached' });
    await drawer.getByText('breaks 30 min (12:00–12:30)').waitFor();
    await drawer.getByText('Regular 7h 30m · Overtime 0h · Breaks 0h 30m').waitFor();
    const row = page.getByRole('table', { name: 'Timesheets' }).getByRole('row', { name: /Tom Barista/ });
    await row.getByRole('cell', { name: '7h 30m', exact: true }).waitFor();

    // Overlapping it: the API's 409, naming the other entry in Quay's local time.
    await drawer.getByRole('button', { name: 'Add missed entry' }).click();
    await add.getByLabel('Date').fill(monday);
    await add.getByLabel('Clock in').fill('16:00');
    await add.getByLabel('Clock out').fill('18:00');
    await add.getByLabel('Reason').fill('Stayed late');
    await add.getByRole('button', { name: 'Add entry' }).click();
    await add
      .getByRole('alert')
      .getByText(
        `This overlaps the employee's entry at Quay (${monday} 09:00 to ${monday} 17:00, ${ZONE}): correct that entry first.`,
      )
      .waitFor();
    await add.getByRole('button', { name: 'Cancel' }).click();

    // The break ran long: corrected to end at 12:45.
    await drawer.getByRole('button', { name: 'Correct', exact: true }).click();
    const correct = drawer.getByRole('form', { name: 'Correct the entry' });
    expect(await correct.getByLabel('Break 1 start').inputValue()).toBe('12:00');
    await correct.getByLabel('Break 1 end').fill('12:45');
    await correct.getByLabel('Reason').fill('Break ran long');
    await correct.getByRole('button', { name: 'Save correction' }).click();
    await correct.waitFor({ state: 'detached' });

    // The history: who, and before → after.
    const history = drawer.getByRole('table', { name: 'History' });
    const corrected = history.getByRole('row').filter({ hasText: 'Break ran long' });
    await corrected.getByRole('cell', { name: manager.name, exact: true }).waitFor();
    await corrected.getByText('Breaks 12:00–12:30 → 12:00–12:45').waitFor();
    const added = history.getByRole('row').filter({ hasText: 'Forgot to clock, from the paper sheet' });
    await added.getByRole('cell', { name: manager.name, exact: true }).waitFor();
    await added.getByText('Added: 09:00–17:00, breaks 12:00–12:30').waitFor();
    await drawer.getByText('Regular 7h 15m · Overtime 0h · Breaks 0h 45m').waitFor();
    await checkPage(page, 'timesheet-entries');

    // As the API has it: one entry, by a manager, with the corrected break.
    const onMonday = `from=${zonedToIso(monday, '00:00', ZONE)}&to=${zonedToIso(monday, '23:59', ZONE)}`;
    const entries = await owner.call(`/api/v1/time-entries?${onMonday}&employeeId=${tom}`);
    expect(entries.body.data).toHaveLength(1);
    expect(entries.body.data[0]).toMatchObject({
      source: 'manager',
      clockIn: zonedToIso(monday, '09:00', ZONE),
      clockOut: zonedToIso(monday, '17:00', ZONE),
    });
    expect(entries.body.data[0].breaks).toEqual([
      { startsAt: zonedToIso(monday, '12:00', ZONE), endsAt: zonedToIso(monday, '12:45', ZONE) },
    ]);

    // Deleted, it stays on record with who deleted it.
    await drawer.getByRole('button', { name: 'Correct', exact: true }).click();
    await correct.getByLabel('Reason').fill('Was Ann, not Tom');
    await correct.getByRole('button', { name: 'Delete entry' }).click();
    await drawer
      .getByRole('table', { name: 'Deleted entries' })
      .getByRole('row')
      .filter({ hasText: 'Was Ann, not Tom' })
      .getByText(`by ${manager.name}`)
      .waitFor();
    await page.context().close();
  }, 120_000);
});
