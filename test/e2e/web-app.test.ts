/**
 * The web app in real Chromium against an `npm start`-style server (the whole API plus the built
 * web/dist on one origin, real PostgreSQL, the SES stand-in): a café owner's first week, an
 * employee who may not see payroll, an entry deleted from a timesheet, and a sign-in with
 * two-step verification.
 */
import { readFile } from 'node:fs/promises';
import { type TOTP, URI } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, thisWeekStart, zonedToIso } from '../../web/src/lib/zoned';
import { accounts, PASSWORD } from '../helpers/accounts';
import { openFromMenu, signIn, startWebAppServer, type WebAppServer } from '../helpers/web-app-server';
import { checkPage, choose } from '../helpers/web-browser';

let web: WebAppServer;
const newPage = () => web.newPage();

beforeAll(async () => {
  web = await startWebAppServer();
}, 120_000);

afterAll(async () => {
  await web?.stop();
});

const newEmail = (who: string) => `${who}-${Date.now().toString(36)}@example.com`;

/** Signs a business up through the sign-up page and follows the emailed link into the app. */
async function signUpThroughTheApp(page: Page, email: string) {
  await page.goto('/signup');
  await page.getByLabel('Business name').fill('Harbour Coffee');
  await page.getByLabel('Your name').fill('Olive Owner');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await checkPage(page, 'sign-up');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.goto(await web.mail.linkIn(email, /Confirm your email/));
  await page.getByRole('heading', { name: 'Welcome to Rota' }).waitFor();
}

/** Types a PIN on the kiosk keypad and presses `action`. */
async function punchAtKiosk(page: Page, name: string, pin: string, action: string) {
  await page.getByRole('button', { name }).click();
  for (const digit of pin) await page.getByRole('button', { name: `Digit ${digit}` }).click();
  await page.getByRole('button', { name: action }).click();
}

describe('web app', () => {
  let ownerEmail: string;

  it('takes an owner from sign-up to the payroll CSV', async () => {
    const page = await newPage();
    ownerEmail = newEmail('owner');
    await signUpThroughTheApp(page, ownerEmail);

    // Onboarding: the first location, in its own time zone (the browser's is offered first)...
    expect(await page.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe('Europe/London');
    await page.getByLabel('Name').fill('Harbour Café');
    await page.getByRole('button', { name: 'Add location' }).click();
    // ...then the first person, invited by email; an empty name is refused on its field.
    const miaEmail = newEmail('mia');
    await page.getByLabel('Email (optional)').fill(miaEmail);
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.getByText('Enter a name', { exact: true }).waitFor(); // the API's own schema, in the browser
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Name').fill('Mia Server');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page
      .getByRole('list', { name: 'Added' })
      .getByText(`Mia Server — invitation sent to ${miaEmail}`)
      .waitFor();
    expect(await web.mail.linkIn(miaEmail, /invited you to/)).toMatch(/\/invitations\//);
    await checkPage(page, 'welcome');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Harbour Café is ready' }).waitFor();
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    const checklist = page.getByRole('region', { name: 'Getting started' });
    await checklist.getByText('2 of 3 done').waitFor();
    await checklist.getByRole('link', { name: 'Put your first shifts on the schedule' }).waitFor();

    // An employee with a rate and a kiosk PIN; a bad PIN is refused first, naming the field.
    await openFromMenu(page, 'Team');
    await page.getByLabel('Name').fill('Tom Barista');
    await choose(page, 'Locations', 'Harbour Café');
    await page.getByLabel('Hourly rate').fill('12.50');
    await page.getByLabel('Kiosk PIN').fill('12');
    await page.getByRole('button', { name: 'Add employee' }).click();
    await page.getByText('Must be 4 to 6 digits', { exact: true }).waitFor(); // the server's message, on the field
    expect(await page.getByLabel('Kiosk PIN').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Kiosk PIN').fill('4821');
    await page.getByRole('button', { name: 'Add employee' }).click();
    await page.getByRole('cell', { name: 'Tom Barista', exact: true }).waitFor();
    await checkPage(page, 'team');

    // A shift, published.
    await openFromMenu(page, 'Schedule');
    await choose(page, 'Employee', 'Tom Barista');
    await page.getByRole('button', { name: 'Add shift' }).click();
    await page.getByRole('button', { name: 'Publish week (1 draft)' }).click();
    await page.getByTestId('shift').getByText('Published').waitFor();
    await checkPage(page, 'schedule');

    // This device becomes the café's kiosk (signing the owner out here); Tom clocks in and out with his PIN.
    await openFromMenu(page, 'Locations');
    await page.getByRole('button', { name: 'Use this device as kiosk' }).click();
    await page.getByRole('button', { name: 'Sign out and open the kiosk' }).click();
    await page.getByRole('heading', { name: 'Harbour Café' }).waitFor();
    await punchAtKiosk(page, 'Tom Barista', '9999', 'Clock in');
    await page.getByRole('alert').waitFor(); // wrong PIN
    await page.getByRole('button', { name: 'Not you? Back' }).click();
    await punchAtKiosk(page, 'Tom Barista', '4821', 'Clock in');
    await page.getByRole('status').getByText('Clocked in: Tom Barista').waitFor();
    await checkPage(page, 'kiosk');
    // The name list shows who is on the clock; the PIN can come from a keyboard too.
    await page.getByRole('button', { name: 'Tom Barista' }).getByText('On the clock').waitFor();
    await page.getByRole('button', { name: 'Tom Barista' }).click();
    expect(await page.getByRole('button', { name: 'Clock in' }).count()).toBe(0); // already in
    await page.keyboard.type('4821');
    await page.getByRole('button', { name: 'Clock out' }).click();
    await page.getByRole('status').getByText('Clocked out: Tom Barista').waitFor();

    // The owner signs in again and corrects today's entry to 09:00–17:00 with a reason, then approves the sheet.
    await signIn(page, ownerEmail);
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await page.goto('/timesheets');
    await page.getByRole('button', { name: 'Entries of Tom Barista' }).click();
    await page.getByRole('button', { name: 'Correct' }).click();
    await page.getByLabel('Clock in').fill('09:00');
    await page.getByLabel('Clock out').fill('17:00');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await page.getByText('Say why the entry changes').waitFor(); // no reason, not sent
    await page.getByLabel('Reason').fill('Forgot to clock in');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await page.getByRole('table', { name: 'History' }).getByText('Forgot to clock in').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('cell', { name: '8h', exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Approve Tom Barista' }).click();
    await page.getByText('approved').waitFor();
    await checkPage(page, 'timesheets');

    await openFromMenu(page, 'Payroll');
    await page.getByRole('cell', { name: 'Tom Barista', exact: true }).waitFor();
    await checkPage(page, 'payroll');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1);
    const columns = (header ?? '').replace('\uFEFF', '').split(',');
    const line = Object.fromEntries((lines[0] ?? '').split(',').map((value, i) => [columns[i], value]));
    expect(line).toMatchObject({
      employee_name: 'Tom Barista',
      location_name: 'Harbour Café',
      regular_minutes: '480',
      overtime_minutes: '0',
      gross_minor: '10000', // 8 h × 12.50
      currency: 'EUR',
    });

    // The trial's plan and what the business uses of it; no report before the first month ends.
    await openFromMenu(page, 'Billing');
    await page.getByText('Trial until').waitFor();
    await page.getByText('1 of 5', { exact: true }).waitFor(); // one location on Pro
    await page.getByText('2 of 50', { exact: true }).waitFor(); // Mia and Tom
    // A card-less trial can subscribe to the plan it tries, or upgrade past it.
    await page.getByRole('button', { name: 'Subscribe to Pro' }).waitFor();
    await page.getByRole('button', { name: 'Upgrade to Business' }).waitFor();
    await checkPage(page, 'billing');
    await openFromMenu(page, 'Reports');
    await page.getByText('No reports yet').waitFor();

    await page.getByRole('link', { name: 'Dashboard' }).click();
    // Tom's corrected 8 hours at 12.50 are the week's labour cost; the set-up checklist is done.
    const café = page.getByRole('region', { name: 'Harbour Café' });
    await café.getByText('€100.00 of').waitFor();
    expect(await page.getByRole('region', { name: 'Getting started' }).count()).toBe(0);
    // The chart loads on its own: checked once it is on the page, not before.
    await page.getByRole('figure', { name: 'Scheduled and worked hours per location' }).waitFor();
    await checkPage(page, 'dashboard');
    await page.context().close();
  }, 120_000);

  let staffEmail: string;

  it('invites an employee who joins through the emailed link and may not open payroll', async () => {
    const owner = await newPage();
    await signIn(owner, ownerEmail);
    await owner.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await openFromMenu(owner, 'Team');
    staffEmail = newEmail('staff');
    await owner.getByLabel('Invite by email').fill(staffEmail);
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByRole('cell', { name: staffEmail, exact: true }).waitFor();

    // The invitation link, in a browser with no account yet: sign up, confirm, accept.
    const staff = await newPage();
    await staff.goto(await web.mail.linkIn(staffEmail, /invited you to/));
    await staff.getByLabel('Your name').fill('Sam Staff');
    await staff.getByLabel('Email').fill(staffEmail);
    await staff.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await staff.getByRole('button', { name: 'Create account' }).click();
    await staff.getByRole('status').getByText('Check your email').waitFor();
    await staff.goto(await web.mail.linkIn(staffEmail, /Confirm your email/));
    await staff.getByRole('heading', { name: 'You are invited' }).waitFor();
    await staff.getByText('Harbour Coffee').waitFor();
    await staff.getByRole('button', { name: 'Accept' }).click();

    // An employee lands on their own shifts, has no payroll in the menu, and is refused it.
    await staff.getByRole('heading', { name: 'My shifts' }).waitFor();
    expect(await staff.getByRole('link', { name: 'Payroll' }).count()).toBe(0);
    await staff.goto('/payroll');
    await staff.getByRole('heading', { name: 'Not allowed' }).waitFor();
    // The API agrees: the page is not merely hidden.
    expect((await staff.request.get('/api/v1/payroll?from=2026-11-01&to=2026-11-30')).status()).toBe(403);
    await checkPage(staff, 'forbidden');

    await owner.reload();
    await owner.getByRole('cell', { name: 'Sam Staff', exact: true }).waitFor();
    await owner.context().close();
    await staff.context().close();
  }, 120_000);

  it('resets a forgotten password through the emailed link', async () => {
    const page = await newPage();
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await checkPage(page, 'log-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    // The sign-in form has an Email field too: wait for the reset form before typing.
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(staffEmail);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').waitFor();
    await page.goto(await web.mail.linkIn(staffEmail, /Reset your Rota password/));
    await page.getByLabel('New password').fill('a brand new password');
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('status').getByText('Your password is changed').waitFor();

    await signIn(page, staffEmail); // the old password
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password', { exact: true }).fill('a brand new password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My shifts' }).waitFor();
    await page.context().close();
  }, 120_000);

  it('tells someone who has not confirmed their email to, and sends a fresh link', async () => {
    const email = newEmail('unconfirmed');
    const signup = await web.app.request('/api/v1/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: web.origin, 'x-forwarded-for': '192.0.2.7' },
      body: JSON.stringify({ companyName: 'Later Café', name: 'Lou Later', email, password: PASSWORD }),
    });
    expect(signup.status).toBe(201);
    await web.mail.linkIn(email, /Confirm your email/);

    const page = await newPage();
    await signIn(page, email);
    await page.getByRole('alert').getByText('Confirm your email first').waitFor();
    const confirmations = (await web.mail.emailsTo(email)).filter((e) =>
      /Confirm your email/.test(e.subject),
    );
    expect(confirmations).toHaveLength(2); // the sign-up's and a fresh one
    await page.context().close();
  }, 120_000);

  it('turns on two-step verification in settings, then asks for the code at sign-in', async () => {
    const page = await newPage();
    await signIn(page, ownerEmail);
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await openFromMenu(page, 'Settings');
    await page.getByRole('tab', { name: 'Sign-in and security' }).click();
    await page.getByLabel('Your password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Set up' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const uri = await page.getByText(/^otpauth:\/\//).textContent();
    const totp = URI.parse(uri ?? '') as TOTP;
    await page.getByLabel('Code from the app').fill(totp.generate());
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByText('On: signing in asks for a code').waitFor();
    await checkPage(page, 'settings-security');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await signIn(page, ownerEmail);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await page.getByRole('button', { name: 'Verify' }).waitFor();
    await page
      .getByLabel(/6-digit code/)
      .first()
      .pressSequentially('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').waitFor(); // a wrong code is refused
    const code = totp.generate();
    await page
      .getByLabel(/6-digit code/)
      .first()
      .click();
    for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
    await page
      .getByLabel(/6-digit code/)
      .first()
      .pressSequentially(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'This week', exact: true }).waitFor();
    await page.context().close();
  }, 120_000);

  it('deletes an entry made by mistake from the timesheets page, asking for the reason first, and keeps it on record', async () => {
    // core-api.test.ts checks the history the deletion keeps.
    const ZONE = 'Europe/London';
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

    const page = await newPage();
    await signIn(page, email);
    await openFromMenu(page, 'Timesheets');
    await page.getByRole('button', { name: 'Entries of Wren Wrong' }).click();
    await page.getByRole('button', { name: 'Correct' }).click();
    await page.getByRole('button', { name: 'Delete entry' }).click();
    await page.getByText('Say why the entry is deleted').waitFor(); // no reason, not sent
    await page.getByLabel('Reason').fill('Was Ann, not Wren');
    await page.getByRole('button', { name: 'Delete entry' }).click();
    await page.getByText('No entries in this period.').waitFor();
    // Still on record below, with the reason, though no longer paid.
    const deletedRow = page.getByRole('table', { name: 'Deleted entries' }).getByRole('row');
    await deletedRow.filter({ hasText: 'Was Ann, not Wren' }).filter({ hasText: '09:00–10:00' }).waitFor();

    const onMonday = `from=${zonedToIso(monday, '00:00', ZONE)}&to=${zonedToIso(monday, '23:59', ZONE)}`;
    const left = await owner.call(`/api/v1/time-entries?${onMonday}&employeeId=${wrong}`);
    expect(left.body.data).toEqual([]);

    // Back a week: the period before this one, not the day before it (which no period starts on).
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Previous period' }).click();
    await page.getByText(`${addDays(monday, -7)} to ${addDays(monday, -1)}`).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('approves every ready timesheet of a period at once, leaving out whoever is still clocked in', async () => {
    const ZONE = 'Europe/London';
    const { browser: owner, email } = await accounts(web.app, web.mail).signUpBusiness('Busy Week Café');
    const site = (await owner.call('/api/v1/locations', { json: { name: 'Dock', timeZone: ZONE } })).body.id;
    const monday = thisWeekStart(ZONE, 1);
    const staff: Record<string, string> = {};
    for (const name of ['Ada Early', 'Bo Late', 'Cy Still']) {
      staff[name] = (
        await owner.call('/api/v1/employees', { json: { name, locationIds: [site], pin: '2468' } })
      ).body.id;
    }
    for (const name of ['Ada Early', 'Bo Late']) {
      const entry = await owner.call('/api/v1/time-entries', {
        json: {
          employeeId: staff[name],
          locationId: site,
          clockIn: zonedToIso(monday, '06:00', ZONE),
          clockOut: zonedToIso(monday, '07:00', ZONE),
          reason: 'paper timesheet',
        },
      });
      expect(entry.status).toBe(201);
    }
    // Cy is on the clock through the kiosk: their sheet cannot be approved yet.
    const kiosk = await owner.call('/api/v1/kiosks', { json: { locationId: site, name: 'Till' } });
    const punch = await web.app.request('/api/v1/kiosk/clock-in', {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ employeeId: staff['Cy Still'], pin: '2468' }),
    });
    expect(punch.status).toBe(200);

    const page = await newPage();
    await signIn(page, email);
    await openFromMenu(page, 'Timesheets');
    await page.getByRole('button', { name: 'Approve all ready (2)' }).click();
    const rows = page.getByRole('table', { name: 'Timesheets' }).getByRole('row');
    for (const name of ['Ada Early', 'Bo Late'])
      await rows.filter({ hasText: name }).getByText('approved').waitFor();
    await rows.filter({ hasText: 'Cy Still' }).getByText('1 still clocked in').waitFor();
    expect(await page.getByRole('button', { name: /^Approve all ready/ }).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it('lets an operator suspend a business, read its audit log and reactivate it', async () => {
    const people = accounts(web.app, web.mail);
    const operator = await people.signUpPerson();
    await web.db.sql`update platform."user" set "platformRole" = 'operator' where id = ${operator.userId}`;
    const { totp } = await people.enrolTotp(operator.browser);

    const page = await newPage();
    await signIn(page, operator.email);
    await page
      .getByLabel(/6-digit code/)
      .first()
      .pressSequentially(totp.generate());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Operator console' }).waitFor();

    const row = page.getByRole('row').filter({ hasText: 'Harbour Coffee' });
    await row.getByText(/^trial until /).waitFor(); // Pro, on the card-less trial
    await row.getByRole('textbox').fill('unpaid invoices');
    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.getByText('suspended').waitFor();
    const [tenant] = await web.db.sql<
      [{ status: string }]
    >`select status from platform.tenants where name = 'Harbour Coffee'`;
    expect(tenant?.status).toBe('suspended');
    await checkPage(page, 'operator');

    await row.getByRole('button', { name: 'Audit log' }).click();
    const log = page.getByRole('table', { name: 'Audit log' });
    await log.getByText('tenant.suspended').waitFor();
    await log.getByText('unpaid invoices').waitFor();
    await page.keyboard.press('Escape');
    await row.getByRole('button', { name: 'Reactivate' }).click();
    await row.getByText('active', { exact: true }).waitFor();
    await page.context().close();
  }, 120_000);
});
