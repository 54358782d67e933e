/**
 * The Timesheets page in real Chromium: a manager deletes an entry made for the wrong person,
 * giving a reason (asked for first when missing; core-api.test.ts checks the history kept). The
 * business is seeded through the API and the outcome is read back from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thisWeekStart, zonedToIso } from '../../web/src/lib/zoned';
import { accounts } from '../helpers/accounts';
import { openFromMenu, signIn, startWebAppServer, type WebAppServer } from '../helpers/web-app-server';

let web: WebAppServer;

beforeAll(async () => {
  web = await startWebAppServer();
}, 120_000);

afterAll(async () => {
  await web?.stop();
});

const ZONE = 'Europe/London';

describe('timesheets page', () => {
  it('deletes an entry made by mistake, asking for the reason first', async () => {
    const { browser: owner, email } = await accounts(web.app, web.mail).signUpBusiness('Mixed Up Café');
    const site = (await owner.call('/api/v1/locations', { json: { name: 'Quay', timeZone: ZONE } })).body.id;
    const wrong = (
      await owner.call('/api/v1/employees', { json: { name: 'Wren Wrong', locationIds: [site] } })
    ).body.id;
    const monday = thisWeekStart(ZONE, 1); // the default pay period is the week from Monday
    const entry = await owner.call('/api/v1/time-entries', {
      json: {
        employeeId: wrong,
        locationId: site,
        clockIn: zonedToIso(monday, '09:00', ZONE),
        clockOut: zonedToIso(monday, '10:00', ZONE),
        reason: 'typed from the paper sheet',
      },
    });
    expect(entry.status).toBe(201);

    const page = await web.newPage();
    await signIn(page, email);
    await openFromMenu(page, 'Timesheets');
    await page.getByRole('button', { name: 'Entries of Wren Wrong' }).click();
    await page.getByRole('button', { name: 'Correct' }).click();
    await page.getByRole('button', { name: 'Delete entry' }).click();
    await page.getByText('Say why the entry is deleted').waitFor(); // no reason, not sent
    await page.getByLabel('Reason').fill('Was Ann, not Wren');
    await page.getByRole('button', { name: 'Delete entry' }).click();
    await page.getByText('No entries in this period.').waitFor();

    const week = `from=${zonedToIso(monday, '00:00', ZONE)}&to=${zonedToIso(monday, '23:59', ZONE)}`;
    const left = await owner.call(`/api/v1/time-entries?${week}&employeeId=${wrong}`);
    expect(left.body.data).toEqual([]);
  }, 120_000);
});
