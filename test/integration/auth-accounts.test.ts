import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetConfig } from '../../shared/config';
import { createApp } from '../../shared/http/app';
import { accounts, PASSWORD } from '../helpers/accounts';
import type { Browser } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { type Mailbox, startMailbox } from '../helpers/mail';

let db: TestDatabase;
let mail: Mailbox;
let app: ReturnType<typeof createApp>;

/** What CloudFront sends as X-Origin-Verify here (ORIGIN_VERIFY_SECRET): these tests play CloudFront. */
const ORIGIN_SECRET = 'test-origin-verify-secret-0123456789abcdef';

beforeAll(async () => {
  vi.stubEnv('ORIGIN_VERIFY_SECRET', ORIGIN_SECRET);
  resetConfig();
  db = await createTestDatabase();
  mail = await startMailbox();
  app = createApp({ sql: db.sql });
  people = accounts(app, mail);
});
afterAll(async () => {
  await mail.stop();
  await db.drop();
  vi.unstubAllEnvs();
  resetConfig();
});

let people: ReturnType<typeof accounts>;
const newBrowser = () => people.newBrowser();
const newEmail = () => people.newEmail();
const signUpAndVerify = async () => people.signUpBusiness();
const enrolTotp = (browser: Browser) => people.enrolTotp(browser);

describe('sign-up and email verification', () => {
  it('creates the business, emails a verification link, and signs the owner in once verified', async () => {
    const email = newEmail();
    const browser = newBrowser();

    const signup = await browser.call('/api/v1/signup', {
      json: { companyName: 'Bean There', name: 'Ada Owner', email, password: PASSWORD },
    });
    const beforeVerifying = await newBrowser().call('/api/auth/sign-in/email', {
      json: { email, password: PASSWORD },
    });
    const link = new URL(await mail.linkIn(email, /Confirm your email/));
    await browser.request(`${link.pathname}${link.search}`);
    const me = await browser.call('/api/v1/me');

    expect(signup.body).toEqual({
      user: { name: 'Ada Owner', email, emailVerified: false },
      tenant: { name: 'Bean There' },
      next: 'verify_email',
    });
    expect(beforeVerifying.status).toBe(403);
    expect(me.status).toBe(200);
    expect(me.body.tenant).toMatchObject({ name: 'Bean There', role: 'owner', status: 'active' });
    const [tenant] = await db.sql`select schema_name from platform.tenants where id = ${me.body.tenant.id}`;
    expect(tenant?.schema_name).toBe(`t_${me.body.tenant.id}`);
  });

  it('names a verification link’s redirect that does not lead back into the app, and follows one that does', async () => {
    const verify = (callbackURL: string) =>
      newBrowser().request(
        `/api/auth/verify-email?token=not-a-token&callbackURL=${encodeURIComponent(callbackURL)}`,
      );

    const refused = await Promise.all(
      ['false', '//elsewhere.example', 'https://elsewhere.example/'].map(verify),
    );
    const followed = await verify('/welcome');

    for (const answer of refused) {
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ errors: [{ field: 'callbackURL' }] });
    }
    expect(followed.status).toBe(302);
    expect(followed.headers.get('location')).toBe('/welcome?error=INVALID_TOKEN');
  });

  it('answers a sign-up with a taken email exactly like a new one, creating nothing and telling the owner', async () => {
    const { email } = await signUpAndVerify();
    const tenantsBefore = await db.sql`select count(*)::int as n from platform.tenants`;

    const again = await newBrowser().call('/api/v1/signup', {
      json: { companyName: 'Copycat Ltd', name: 'Mallory', email, password: 'another password' },
    });

    expect(again.status).toBe(201);
    expect(again.body).toEqual({
      user: { name: 'Mallory', email, emailVerified: false },
      tenant: { name: 'Copycat Ltd' },
      next: 'verify_email',
    });
    expect(await db.sql`select count(*)::int as n from platform.tenants`).toEqual(tenantsBefore);
    expect((await mail.emailsTo(email)).map((e) => e.subject)).toContain(
      'Someone tried to sign up to Rota with your email',
    );
  });

  it('asks to try again in a minute, creating nothing, when a newer release has migrated the tenants', async () => {
    const email = newEmail();
    // As if this code were the previous release, still serving while a deploy's migration runs.
    await db.sql`update platform.tenant_schema_target set version = version + 1`;
    const signup = await newBrowser()
      .call('/api/v1/signup', { json: { companyName: 'Too Early', name: 'Eve', email, password: PASSWORD } })
      .finally(() => db.sql`update platform.tenant_schema_target set version = version - 1`);

    expect(signup.status).toBe(503);
    expect(signup.body).toMatchObject({
      code: 'service_unavailable',
      detail: expect.stringMatching(/try again/),
    });
    expect(await db.sql`select 1 from platform."user" where email = ${email}`).toHaveLength(0);
    expect(await db.sql`select 1 from platform.tenants where name = 'Too Early'`).toHaveLength(0);
  });

  it('names the invalid fields of a bad sign-up', async () => {
    const response = await newBrowser().call('/api/v1/signup', {
      json: { companyName: '', name: 'X', email: 'not-an-email', password: 'short' },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'companyName',
      'email',
      'password',
    ]);
  });

  it('stores passwords as argon2id with OWASP parameters', async () => {
    const { email } = await signUpAndVerify();

    const [account] = await db.sql<{ password: string }[]>`
      select a.password from platform.account a join platform."user" u on u.id = a."userId" where u.email = ${email}`;

    expect(account?.password).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
  });
});

describe('signing in', () => {
  it('rejects a wrong password and an unknown email with the same answer', async () => {
    const { email } = await signUpAndVerify();

    const wrong = await newBrowser().call('/api/auth/sign-in/email', {
      json: { email, password: 'wrong password!' },
    });
    const unknown = await newBrowser().call('/api/auth/sign-in/email', {
      json: { email: newEmail(), password: 'wrong password!' },
    });

    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('rate-limits repeated sign-in attempts from one address', async () => {
    const browser = newBrowser();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await browser.call('/api/auth/sign-in/email', {
            json: { email: newEmail(), password: 'nope nope nope' },
          })
        ).status,
      );
    }

    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  /**
   * One wrong sign-in as the API sees it deployed. Through CloudFront: X-Forwarded-For ends with the
   * edge (130.176.0.1), the viewer's own address is in CloudFront-Viewer-Address (ip:port), a caller
   * may add addresses of its own, and CloudFront adds the origin secret. Straight to API Gateway's
   * execute-api endpoint: X-Forwarded-For ends with the caller's real address, and every other
   * header is whatever the caller sends.
   */
  const signInAttempt = async (headers: Record<string, string>) =>
    (
      await app.request('/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', ...headers },
        body: JSON.stringify({ email: newEmail(), password: 'nope nope nope' }),
      })
    ).status;

  it('counts sign-ins per viewer behind CloudFront and API Gateway, not per edge', async () => {
    const attempt = (viewer: string, claimed = '203.0.113.7') =>
      signInAttempt({
        'x-forwarded-for': `${claimed}, ${viewer}, 130.176.0.1`,
        'cloudfront-viewer-address': `${viewer}:51234`,
        'x-origin-verify': ORIGIN_SECRET,
        'x-rota-client-address': claimed,
      });

    const sevenPeople = [];
    for (let i = 1; i <= 7; i++) sevenPeople.push(await attempt(`192.0.2.${i}`));
    const onePerson = [];
    for (let i = 0; i < 7; i++) onePerson.push(await attempt('192.0.2.99', `203.0.113.${i}`));

    expect(sevenPeople).toEqual(Array(7).fill(401));
    expect(onePerson.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(onePerson.at(-1)).toBe(429);
  });

  it('ignores a claimed viewer address on requests that did not come through CloudFront', async () => {
    // Straight to execute-api: a new made-up CloudFront-Viewer-Address per attempt, without the
    // origin secret or with a guess at it. The count stays with the real address (the last hop).
    const statuses: number[] = [];
    for (let i = 1; i <= 7; i++) {
      statuses.push(
        await signInAttempt({
          'x-forwarded-for': `192.0.2.${i}, 198.51.100.23`,
          'cloudfront-viewer-address': `192.0.2.${i}:443`,
          ...(i % 2 === 0 ? { 'x-origin-verify': `${ORIGIN_SECRET.slice(0, -1)}X` } : {}),
          'x-rota-client-address': `192.0.2.${i}`,
        }),
      );
    }

    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('ignores a claimed viewer address on sign-ups that did not come through CloudFront', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const response = await app.request('/api/v1/signup', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': '198.51.100.24',
          'cloudfront-viewer-address': `192.0.2.${i}:443`,
        },
        body: JSON.stringify({ companyName: 'X', name: 'Y', email: 'bad' }),
      });
      statuses.push(response.status);
    }

    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });

  it('rate-limits sign-ups from one address', async () => {
    const browser = newBrowser();
    const responses = [];
    for (let i = 0; i < 6; i++) {
      responses.push(
        await browser.call('/api/v1/signup', { json: { companyName: 'X', name: 'Y', email: 'bad' } }),
      );
    }

    expect(responses.slice(0, 5).map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(responses[5]?.status).toBe(429);
    expect(Number(responses[5]?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('two-factor authentication', () => {
  it('asks for a TOTP code after the password once enrolled, and accepts one from a real authenticator', async () => {
    const { browser, email } = await signUpAndVerify();
    const { totp } = await enrolTotp(browser);

    const laptop = newBrowser();
    const firstStep = await laptop.call('/api/auth/sign-in/email', { json: { email, password: PASSWORD } });
    const meBetweenSteps = await laptop.call('/api/v1/me');
    const wrongCode = await laptop.call('/api/auth/two-factor/verify-totp', { json: { code: '000000' } });
    const secondStep = await laptop.call('/api/auth/two-factor/verify-totp', {
      json: { code: totp.generate() },
    });
    const me = await laptop.call('/api/v1/me');

    expect(firstStep.body).toMatchObject({ twoFactorRedirect: true });
    expect(meBetweenSteps.status).toBe(401);
    expect(wrongCode.status).toBe(401);
    expect(secondStep.status).toBe(200);
    expect(me.body.user).toMatchObject({ email, twoFactorEnabled: true });
  });

  it('accepts each backup code once only', async () => {
    const { browser, email } = await signUpAndVerify();
    const { backupCodes } = await enrolTotp(browser);
    const code = backupCodes[0] as string;

    const first = newBrowser();
    await first.call('/api/auth/sign-in/email', { json: { email, password: PASSWORD } });
    const used = await first.call('/api/auth/two-factor/verify-backup-code', { json: { code } });
    const second = newBrowser();
    await second.call('/api/auth/sign-in/email', { json: { email, password: PASSWORD } });
    const reused = await second.call('/api/auth/two-factor/verify-backup-code', { json: { code } });

    expect(used.status).toBe(200);
    expect(reused.status).toBe(401);
    expect((await second.call('/api/v1/me')).status).toBe(401);
  });
});

describe('password reset', () => {
  it('resets with a single-use emailed token, signs out other sessions, and does not bypass 2FA', async () => {
    const { browser, email } = await signUpAndVerify();
    const { totp } = await enrolTotp(browser);

    const requested = await newBrowser().call('/api/auth/request-password-reset', {
      json: { email, redirectTo: '/reset' },
    });
    const forUnknown = await newBrowser().call('/api/auth/request-password-reset', {
      json: { email: newEmail(), redirectTo: '/reset' },
    });
    const link = new URL(await mail.linkIn(email, /Reset your Rota password/));
    const token = link.pathname.split('/').at(-1) as string;
    const reset = await newBrowser().call('/api/auth/reset-password', {
      json: { token, newPassword: 'a brand new password' },
    });
    const reused = await newBrowser().call('/api/auth/reset-password', {
      json: { token, newPassword: 'yet another password' },
    });
    const oldSession = await browser.call('/api/v1/me');
    const oldPassword = await newBrowser().call('/api/auth/sign-in/email', {
      json: { email, password: PASSWORD },
    });
    const device = newBrowser();
    const newPassword = await device.call('/api/auth/sign-in/email', {
      json: { email, password: 'a brand new password' },
    });

    expect(requested.body).toEqual(forUnknown.body);
    expect(reset.status).toBe(200);
    expect(reused.status).toBe(400);
    expect(oldSession.status).toBe(401);
    expect(oldPassword.status).toBe(401);
    expect(newPassword.body).toMatchObject({ twoFactorRedirect: true });
    expect((await device.call('/api/v1/me')).status).toBe(401);
    await device.call('/api/auth/two-factor/verify-totp', { json: { code: totp.generate() } });
    expect((await device.call('/api/v1/me')).status).toBe(200);
  });
});

describe('sessions', () => {
  it('lists sessions, signs out the other devices, then everywhere', async () => {
    const { browser: phone, email } = await signUpAndVerify();
    const laptop = newBrowser();
    await laptop.call('/api/auth/sign-in/email', { json: { email, password: PASSWORD } });

    const sessions = await phone.call('/api/auth/list-sessions');
    expect(sessions.body).toHaveLength(2);

    await phone.call('/api/auth/revoke-other-sessions', { json: {} });
    expect((await laptop.call('/api/v1/me')).status).toBe(401);
    expect((await phone.call('/api/v1/me')).status).toBe(200);

    await phone.call('/api/auth/revoke-sessions', { json: {} });
    expect((await phone.call('/api/v1/me')).status).toBe(401);
  });

  it('sets the session cookie HttpOnly and SameSite, and gives a new token on every sign-in', async () => {
    const { email } = await signUpAndVerify();
    const first = newBrowser();
    const second = newBrowser();

    const response = await first.request('/api/auth/sign-in/email', { json: { email, password: PASSWORD } });
    await second.request('/api/auth/sign-in/email', { json: { email, password: PASSWORD } });

    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('rota.session_token=')) ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(first.cookie('rota.session_token')).not.toBe(second.cookie('rota.session_token'));
  });

  it('refuses cookie-authenticated writes from another origin (CSRF)', async () => {
    const { browser } = await signUpAndVerify();
    const evil = { origin: 'https://evil.example' };

    const forged = await browser.call('/api/v1/locations', {
      json: { name: 'Evil', timeZone: 'UTC' },
      headers: evil,
    });
    const genuine = await browser.call('/api/v1/locations', { json: { name: 'Real', timeZone: 'UTC' } });

    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('csrf_rejected');
    expect(genuine.status).toBe(201);
  });
});
