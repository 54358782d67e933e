import { randomBytes } from 'node:crypto';
import { type TOTP, URI } from 'otpauth';
import { expect } from 'vitest';
import type { App } from '../../shared/http/app';
import { Browser } from './browser';
import type { Mailbox } from './mail';

export const PASSWORD = 'correct horse battery';

/** Sign-up, verification and 2FA steps as a person does them, against `app` and `mail`. */
export function accounts(app: App, mail: Mailbox) {
  let ipCounter = 0;
  /** A browser with its own client address, so the rate limits of one test do not hit another. */
  // It calls from the app's own origin (APP_URL when a test serves the app elsewhere), as the web app does.
  const newBrowser = () => new Browser(app, { ip: `203.0.113.${++ipCounter}`, origin: process.env.APP_URL });
  const newEmail = () => `person-${randomBytes(4).toString('hex')}@example.com`;

  /** Follows the newest verification link sent to `email` in `browser` (which signs it in). */
  async function verifyEmail(browser: Browser, email: string) {
    const link = new URL(await mail.linkIn(email, /Confirm your email/));
    const verified = await browser.request(`${link.pathname}${link.search}`);
    expect([200, 302]).toContain(verified.status);
  }

  /** Signs a business up through POST /api/v1/signup, verifies, and returns the owner's browser. */
  async function signUpBusiness(companyName = 'Bean There', email = newEmail()) {
    const browser = newBrowser();
    const signup = await browser.call('/api/v1/signup', {
      json: { companyName, name: 'Ada Owner', email, password: PASSWORD },
    });
    expect(signup.status).toBe(201);
    await verifyEmail(browser, email);
    const me = await browser.call('/api/v1/me');
    return { browser, email, userId: me.body.user.id as string, tenantId: me.body.tenant.id as string };
  }

  /** A person with an account but no business yet (better-auth's own sign-up), verified. */
  async function signUpPerson(email = newEmail(), name = 'Sam Staff') {
    const browser = newBrowser();
    const signup = await browser.call('/api/auth/sign-up/email', {
      json: { name, email, password: PASSWORD },
    });
    expect(signup.status).toBe(200);
    await verifyEmail(browser, email);
    const me = await browser.call('/api/v1/me');
    return { browser, email, userId: me.body.user.id as string };
  }

  /** Turns on TOTP for a signed-in browser; returns the authenticator and the backup codes. */
  async function enrolTotp(browser: Browser) {
    const enabled = await browser.call('/api/auth/two-factor/enable', { json: { password: PASSWORD } });
    expect(enabled.status).toBe(200);
    const totp = URI.parse(enabled.body.totpURI) as TOTP;
    const confirmed = await browser.call('/api/auth/two-factor/verify-totp', {
      json: { code: totp.generate() },
    });
    expect(confirmed.status).toBe(200);
    return { totp, backupCodes: enabled.body.backupCodes as string[] };
  }

  /**
   * A new person, invited by `owner` (signed in to the business) with the manager role, who
   * accepts by the emailed link and is made the manager of `locationId`.
   */
  async function managerOf(owner: Browser, locationId: string, name = 'Mia Manager') {
    const person = await signUpPerson(undefined, name);
    const invited = await owner.call('/api/auth/organization/invite-member', {
      json: { email: person.email, role: 'manager' },
    });
    expect(invited.status).toBe(200);
    const invitationId = (await mail.linkIn(person.email, /invited you to/)).split('/').at(-1);
    const accepted = await person.browser.call('/api/auth/organization/accept-invitation', {
      json: { invitationId },
    });
    expect(accepted.status).toBe(200);
    const assigned = await owner.call(`/api/v1/locations/${locationId}/managers`, {
      method: 'PUT',
      json: { userIds: [person.userId] },
    });
    expect(assigned.status).toBe(200);
    return person;
  }

  return { newBrowser, newEmail, verifyEmail, signUpBusiness, signUpPerson, enrolTotp, managerOf };
}
