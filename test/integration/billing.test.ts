import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetStripe } from '../../shared/billing/stripe-client';
import { cancelTenantBilling, syncSubscription } from '../../shared/billing/subscriptions';
import { resetConfig } from '../../shared/config';
import { createApp } from '../../shared/http/app';
import { jobHandlers } from '../../shared/jobs/handlers';
import { type FakeStripe, startFakeStripe } from '../../shared/local/fake-stripe';
import { logger } from '../../shared/logger';
import { call, ownerSession, seedBusiness } from '../helpers/business';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { type Mailbox, startMailbox } from '../helpers/mail';
import { type JobsStandIn, startJobsStandIn } from '../helpers/queue';

const WEBHOOK_SECRET = 'whsec_test_rota_billing';
const PRO = 'price_test_pro';
const BUSINESS = 'price_test_business';

let db: TestDatabase;
let mail: Mailbox;
let jobs: JobsStandIn;
let fake: FakeStripe;
let app: ReturnType<typeof createApp>;
let server: ReturnType<typeof serve>;
/** The SDK pointed at the fake, to look at what the app did in Stripe. */
let stripeApi: Stripe;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeStripe({
    webhookSecret: WEBHOOK_SECRET,
    prices: {
      [PRO]: { product: 'prod_pro', unitAmount: 2900, currency: 'eur', interval: 'month' },
      [BUSINESS]: { product: 'prod_business', unitAmount: 9900, currency: 'eur', interval: 'month' },
    },
  });
  jobs = await startJobsStandIn('billing-jobs', {
    DATABASE_URL: db.url,
    STRIPE_SECRET_KEY: 'sk_test_rota',
    STRIPE_API_URL: fake.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_PRICE_PRO: PRO,
    STRIPE_PRICE_BUSINESS: BUSINESS,
    TRIAL_DAYS: '0',
  });
  mail = await startMailbox();
  resetStripe();
  stripeApi = new Stripe('sk_test_rota', fake.sdkOptions);

  app = createApp({ sql: db.sql });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  fake.setWebhookUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook`);
  await jobs.runWorker();
});
afterAll(async () => {
  await jobs.stop();
  await fake.stop();
  await new Promise((resolve) => server.close(resolve));
  await mail.stop();
  await db.drop();
});

type Auth = string | { cookie: string };
const billing = (auth: Auth) => call(app, auth, '/api/v1/billing');
const statusBecomes = (auth: Auth, status: string) =>
  eventually(async () => {
    const { body } = await billing(auth);
    return body.status === status ? body : undefined;
  });

/** Opens a Checkout page for `plan` as the signed-in owner; returns the session id. */
async function openCheckout(session: { cookie: string }, plan: 'pro' | 'business') {
  const checkout = await call(app, session, '/api/v1/billing/checkout', { json: { plan } });
  expect(checkout.status).toBe(200);
  return new URL(checkout.body.url).pathname.split('/').at(-1) as string;
}

/** Resolves once the job of each stored event has run. */
const processed = (eventIds: string[]) =>
  eventually(async () => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from platform.stripe_events where id in ${db.sql(eventIds)} and processed_at is not null`;
    return row?.n === eventIds.length ? true : undefined;
  });

/** A Free business that goes through Checkout for `plan`; returns its token and subscription. */
async function subscribed(
  plan: 'pro' | 'business' = 'pro',
  options: { deliver?: boolean; reverse?: boolean } = {},
) {
  const { tenant, owner } = await seedBusiness(db.sql, `Billing ${plan}`);
  const session = await ownerSession(app, owner.email);
  const checkout = await call(app, session, '/api/v1/billing/checkout', { json: { plan } });
  expect(checkout.status).toBe(200);
  const sessionId = new URL(checkout.body.url).pathname.split('/').at(-1) as string;
  const subscriptionId = await fake.completeCheckout(sessionId, options);
  return { tenant, token: owner.token, session, subscriptionId };
}

describe('entitlements', () => {
  it('refuses the 6th employee on Free with a 402 naming the limit, and lifts it after upgrading', async () => {
    const { owner } = await seedBusiness(db.sql, 'Small Café');
    // Free has no API keys: the owner works signed in.
    const session = await ownerSession(app, owner.email);
    for (let i = 1; i <= 5; i++) {
      expect((await call(app, session, '/api/v1/employees', { json: { name: `Staff ${i}` } })).status).toBe(
        201,
      );
    }

    const sixth = await call(app, session, '/api/v1/employees', { json: { name: 'Staff 6' } });
    const secondSite = await call(app, session, '/api/v1/locations', {
      json: { name: 'A', timeZone: 'UTC' },
    });
    const thirdSite = await call(app, session, '/api/v1/locations', {
      json: { name: 'B', timeZone: 'UTC' },
    });
    const atTheLimit = (await billing(session)).body;
    const checkout = await call(app, session, '/api/v1/billing/checkout', {
      json: { plan: 'pro' },
    });
    await fake.completeCheckout(new URL(checkout.body.url).pathname.split('/').at(-1) as string);
    await statusBecomes(session, 'active');
    const afterUpgrade = await call(app, session, '/api/v1/employees', { json: { name: 'Staff 6' } });
    const upgraded = (await billing(session)).body;

    expect(sixth.status).toBe(402);
    expect(sixth.headers.get('content-type')).toBe('application/problem+json');
    expect(sixth.body).toMatchObject({ code: 'plan_limit', errors: [{ field: 'activeEmployees' }] });
    expect(sixth.body.detail).toMatch(/Free plan allows 5 active employees.*Upgrade to Pro/);
    expect(secondSite.status).toBe(201);
    expect(thirdSite.status).toBe(402);
    expect(afterUpgrade.status).toBe(201);
    // The billing page's usage against the limits of the plan in force.
    expect(atTheLimit).toMatchObject({
      limits: { locations: 1, activeEmployees: 5, apiKeys: false },
      usage: { locations: 1, activeEmployees: 5 },
    });
    expect(upgraded).toMatchObject({
      limits: { locations: 5, activeEmployees: 50, apiKeys: true },
      usage: { locations: 1, activeEmployees: 6 },
    });
  });

  it('lets only one of two location writes at once take the plan’s last place', async () => {
    const { owner } = await seedBusiness(db.sql, 'Racing Café'); // Free: one location
    const session = await ownerSession(app, owner.email);
    const add = (name: string) =>
      call(app, session, '/api/v1/locations', { json: { name, timeZone: 'UTC' } });
    const first = (await add('First')).body.id as string;
    await call(app, session, `/api/v1/locations/${first}`, { method: 'PATCH', json: { archived: true } });

    const [restore, other] = await Promise.all([
      call(app, session, `/api/v1/locations/${first}`, { method: 'PATCH', json: { archived: false } }),
      add('Second'),
    ]);
    const [third, fourth] = await Promise.all([add('Third'), add('Fourth')]);
    const current = await call(app, session, '/api/v1/locations');

    // One of the two took the place, whichever came first; the other was refused.
    expect([restore, other].filter((r) => r.status < 300)).toHaveLength(1);
    expect([restore, other].filter((r) => r.status === 402)).toHaveLength(1);
    expect([third.status, fourth.status]).toEqual([402, 402]);
    expect(current.body.data).toHaveLength(1);
  });

  it('lets only one of two employees added at once take the plan’s last place', async () => {
    const { owner } = await seedBusiness(db.sql, 'Hiring Rush'); // Free: five active employees
    const session = await ownerSession(app, owner.email);
    const hire = (name: string) => call(app, session, '/api/v1/employees', { json: { name } });
    for (const name of ['A', 'B', 'C', 'D']) expect((await hire(name)).status).toBe(201);

    const both = await Promise.all([hire('E'), hire('F')]);
    const active = await call(app, session, '/api/v1/employees');

    expect(both.map((r) => r.status).sort()).toEqual([201, 402]);
    expect(active.body.data).toHaveLength(5);
  });

  it('refuses restoring an archived location past the plan’s limit, as it refuses adding one', async () => {
    const { owner } = await seedBusiness(db.sql, 'Moved Café');
    const session = await ownerSession(app, owner.email);
    const old = await call(app, session, '/api/v1/locations', { json: { name: 'Old', timeZone: 'UTC' } });
    await call(app, session, `/api/v1/locations/${old.body.id}`, {
      method: 'PATCH',
      json: { archived: true },
    });
    const current = await call(app, session, '/api/v1/locations', { json: { name: 'New', timeZone: 'UTC' } });

    const restore = await call(app, session, `/api/v1/locations/${old.body.id}`, {
      method: 'PATCH',
      json: { archived: false },
    });
    const stillArchived = await call(app, session, '/api/v1/locations?archived=true');

    expect(current.status).toBe(201);
    expect(restore.status).toBe(402);
    expect(restore.body).toMatchObject({ code: 'plan_limit', errors: [{ field: 'locations' }] });
    expect(stillArchived.body.data.map((l: { name: string }) => l.name)).toEqual(['Old']);
  });
});

describe('webhooks', () => {
  it('rejects a missing header, a wrong secret, a re-serialized body and a stale timestamp with 400', async () => {
    const event = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'invoice.paid',
      livemode: false,
      created: 1,
      data: { object: {} },
    });
    const header = (payload: string, secret = WEBHOOK_SECRET, timestamp?: number) =>
      Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
    const post = (body: string, signature?: string) =>
      app.request('/api/stripe/webhook', {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'stripe-signature': signature } : {}),
        },
      });

    const missing = await post(event);
    const wrongSecret = await post(event, header(event, 'whsec_wrong'));
    const reserialized = await post(JSON.stringify(JSON.parse(event), null, 2), header(event));
    const stale = await post(event, header(event, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301));
    const good = await post(event, header(event));
    const live = JSON.stringify({ ...JSON.parse(event), id: 'evt_live', livemode: true });
    const liveResponse = await post(live, header(live));

    expect([missing.status, wrongSecret.status, reserialized.status, stale.status]).toEqual([
      400, 400, 400, 400,
    ]);
    expect(good.status).toBe(200);
    // A live-mode event reaching a test-mode deployment is acknowledged and ignored.
    expect(await liveResponse.json()).toEqual({ received: true, outcome: 'ignored' });
  });

  it('accepts the previous secret during a rotation', async () => {
    process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS = 'whsec_previous';
    resetConfig();
    const event = JSON.stringify({
      id: 'evt_rotated',
      object: 'event',
      type: 'ping',
      livemode: false,
      created: 1,
      data: { object: {} },
    });

    const response = await app.request('/api/stripe/webhook', {
      method: 'POST',
      body: event,
      headers: {
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: event,
          secret: 'whsec_previous',
        }),
      },
    });

    delete process.env.STRIPE_WEBHOOK_SECRET_PREVIOUS;
    resetConfig();
    expect(response.status).toBe(200);
  });

  it('changes state once and sends one email when the same event arrives 10 times at once', async () => {
    const { tenant, token, subscriptionId } = await subscribed('pro');
    await statusBecomes(token, 'active');
    await fake.failPayment(subscriptionId, { deliver: false });
    const failed = fake
      .events()
      .filter((e) => e.type === 'invoice.payment_failed')
      .at(-1);

    const statuses = await Promise.all(Array.from({ length: 10 }, () => fake.deliver(failed?.id as string)));
    const state = await statusBecomes(token, 'past_due');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const owners =
      await db.sql`select u.email from platform.member m join platform."user" u on u.id = m."userId" where m."organizationId" = ${tenant.id}`;
    const emails = (await mail.emailsTo(owners[0]?.email)).filter(
      (e) => e.subject === 'Your Rota payment failed',
    );
    const [stored] =
      await db.sql`select count(*)::int as n from platform.stripe_events where id = ${failed?.id as string}`;

    expect(statuses).toEqual(Array(10).fill(200));
    expect(state.pastDueSince).not.toBeNull();
    expect(emails).toHaveLength(1);
    expect(stored).toEqual({ n: 1 });
  });

  it('ends in the same state whichever order the events of a checkout arrive in', async () => {
    const inOrder = await subscribed('business');
    const reversed = await subscribed('business', { reverse: true });

    const a = await statusBecomes(inOrder.token, 'active');
    const b = await statusBecomes(reversed.token, 'active');

    expect({ plan: b.plan, status: b.status, effective: b.effective }).toEqual({
      plan: a.plan,
      status: a.status,
      effective: a.effective,
    });
    expect(b.plan).toBe('business');
  });
});

describe('dunning and cancellation', () => {
  it('goes past due → grace → read-only → paid → full access again', async () => {
    const { tenant, token, session, subscriptionId } = await subscribed('pro');
    await statusBecomes(token, 'active');

    await fake.failPayment(subscriptionId);
    await statusBecomes(token, 'past_due');
    const duringGrace = await call(app, token, '/api/v1/locations', {
      json: { name: 'Grace St', timeZone: 'UTC' },
    });
    // The grace period (7 days) runs out.
    await db.sql`update platform.subscriptions set past_due_since = now() - interval '8 days' where tenant_id = ${tenant.id}`;
    const { forgetPrincipals } = await import('../../shared/auth/principal');
    forgetPrincipals(tenant.id);
    const readOnlyWrite = await call(app, token, '/api/v1/locations', {
      json: { name: 'Locked St', timeZone: 'UTC' },
    });
    const readOnlyRead = await call(app, token, '/api/v1/locations');
    const billingStillOpen = await call(app, session, '/api/v1/billing/portal', { json: {} });
    await fake.payInvoice(subscriptionId);
    await statusBecomes(token, 'active');
    const afterPaying = await call(app, token, '/api/v1/locations', {
      json: { name: 'Paid St', timeZone: 'UTC' },
    });

    expect(duringGrace.status).toBe(201);
    expect(readOnlyWrite.status).toBe(402);
    expect(readOnlyWrite.body.code).toBe('payment_required');
    expect(readOnlyRead.status).toBe(200);
    expect(billingStillOpen.status).toBe(200);
    expect(afterPaying.status).toBe(201);
  });

  it('drops to Free limits on cancellation and keeps every row', async () => {
    const { tenant, token, session, subscriptionId } = await subscribed('pro');
    await statusBecomes(session, 'active');
    for (const name of ['One', 'Two', 'Three'])
      await call(app, token, '/api/v1/locations', { json: { name, timeZone: 'UTC' } });

    await fake.cancelSubscription(subscriptionId);
    const state = await statusBecomes(session, 'canceled');
    const locations = await call(app, session, '/api/v1/locations');
    const another = await call(app, session, '/api/v1/locations', {
      json: { name: 'Four', timeZone: 'UTC' },
    });
    const withKey = await call(app, token, '/api/v1/locations');
    const [count] = await db.sql`select count(*)::int as n from ${db.sql(tenant.schema)}.locations`;

    expect(state.effective).toEqual({ plan: 'free', readOnly: false });
    expect(locations.body.data).toHaveLength(3);
    expect(another.status).toBe(402);
    expect(withKey.status).toBe(402);
    expect(withKey.body.errors[0].field).toBe('apiKeys');
    expect(count).toEqual({ n: 3 });
  });
});

describe('reconciliation', () => {
  it('repairs a tenant whose webhooks never arrived', async () => {
    const { tenant, session } = await subscribed('pro', { deliver: false });
    const before = await billing(session);

    const { reconcileBilling } = await import('../../shared/billing/events');
    const repaired = await reconcileBilling(db.sql);
    const after = await billing(session);

    expect(before.body.status).toBe('none');
    expect(repaired).toContain(tenant.id);
    expect(after.body).toMatchObject({
      plan: 'pro',
      status: 'active',
      effective: { plan: 'pro', readOnly: false },
    });
  });
});

describe('paying twice', () => {
  it('expires the Checkout page of another tab when the owner opens a new one', async () => {
    const { owner } = await seedBusiness(db.sql, 'Two Tabs');
    const session = await ownerSession(app, owner.email);

    const firstTab = await openCheckout(session, 'pro');
    const secondTab = await openCheckout(session, 'pro');
    const payFirst = fake.completeCheckout(firstTab);
    await payFirst.catch(() => undefined);
    await fake.completeCheckout(secondTab);
    const state = await statusBecomes(session, 'active');

    await expect(payFirst).rejects.toThrow(/expired/);
    expect((await stripeApi.checkout.sessions.retrieve(firstTab)).status).toBe('expired');
    expect((await stripeApi.checkout.sessions.retrieve(secondTab)).status).toBe('complete');
    expect(state.plan).toBe('pro');
  });

  it('leaves one payable page of two opened at the same moment (two quick clicks)', async () => {
    const { owner } = await seedBusiness(db.sql, 'Double Click');
    const session = await ownerSession(app, owner.email);

    const tabs = await Promise.all([openCheckout(session, 'pro'), openCheckout(session, 'pro')]);
    const statuses = await Promise.all(
      tabs.map(async (id) => (await stripeApi.checkout.sessions.retrieve(id)).status),
    );

    expect(statuses.sort()).toEqual(['expired', 'open']);
  });

  it('cancels a second paid subscription, crediting it, and keeps the business on the one it has', async () => {
    const { owner } = await seedBusiness(db.sql, 'Paid Twice');
    const session = await ownerSession(app, owner.email);
    // The first tab is paid, but its webhooks are late; meanwhile the second tab is paid too.
    const firstTab = await openCheckout(session, 'business');
    const first = await fake.completeCheckout(firstTab, { deliver: false });
    const secondTab = await openCheckout(session, 'pro');
    const second = await fake.completeCheckout(secondTab);
    await statusBecomes(session, 'active');
    const late = fake
      .events()
      .filter((event) => [firstTab, first].includes(event.data.object.id) || invoiceOf(event) === first)
      .map((event) => event.id);

    for (const id of late) expect(await fake.deliver(id)).toBe(200);
    await processed(late);
    const duplicate = await eventually(async () => {
      const subscription = await stripeApi.subscriptions.retrieve(first);
      return subscription.status === 'canceled' ? subscription : undefined;
    });
    await fake.idle();
    const after = (await billing(session)).body;

    expect(late).toHaveLength(3);
    expect(duplicate.status).toBe('canceled');
    expect((await stripeApi.subscriptions.retrieve(second)).status).toBe('active');
    expect(after).toMatchObject({
      plan: 'pro',
      status: 'active',
      effective: { plan: 'pro', readOnly: false },
    });
  });
});

/** The subscription an invoice event is about. */
function invoiceOf(event: { data: { object: unknown } }): string | undefined {
  const object = event.data.object as { object?: string; subscription?: string };
  return object.object === 'invoice' ? object.subscription : undefined;
}

describe('late events', () => {
  it('ignores a late deletion of an old subscription while the business pays for a newer one', async () => {
    const { tenant, session, subscriptionId: old } = await subscribed('pro');
    await statusBecomes(session, 'active');
    // The old subscription ends; its webhook is held up, but the state catches up another way.
    await fake.cancelSubscription(old, { deliver: false });
    await syncSubscription(db.sql, old);
    await statusBecomes(session, 'canceled');
    const newer = await fake.completeCheckout(await openCheckout(session, 'business'));
    await statusBecomes(session, 'active');
    const lateDeletion = fake
      .events()
      .find((event) => event.type === 'customer.subscription.deleted' && event.data.object.id === old);

    const delivered = await fake.deliver(lateDeletion?.id as string);
    await processed([lateDeletion?.id as string]);
    const after = (await billing(session)).body;
    const [row] = await db.sql`
      select stripe_subscription_id from platform.subscriptions where tenant_id = ${tenant.id}`;

    expect(delivered).toBe(200);
    expect(after).toMatchObject({ plan: 'business', status: 'active' });
    expect(row).toEqual({ stripe_subscription_id: newer });
  });
});

describe('deleting a business', () => {
  it('cancels its subscription at once, and a retried job finds nothing left to cancel', async () => {
    const { tenant, session, subscriptionId } = await subscribed('pro');
    await statusBecomes(session, 'active');
    const job = {
      id: `tenant.delete:${tenant.id}`,
      type: 'tenant.delete' as const,
      tenantId: tenant.id,
      payload: { requestedBy: 'user:retry' },
    };

    const deleting = await call(app, session, '/api/v1/tenant', {
      method: 'DELETE',
      json: { confirmName: tenant.name },
    });
    const canceled = await eventually(async () => {
      const subscription = await stripeApi.subscriptions.retrieve(subscriptionId);
      return subscription.status === 'canceled' ? subscription : undefined;
    });
    const retry = jobHandlers['tenant.delete'](job, { sql: db.sql, log: logger });
    await fake.idle();
    const [registry] = await db.sql`select status from platform.tenants where id = ${tenant.id}`;
    const deletions = fake
      .events()
      .filter((e) => e.type === 'customer.subscription.deleted' && e.data.object.id === subscriptionId);

    expect(deleting.status).toBe(202);
    expect(canceled.canceled_at).not.toBeNull();
    await expect(retry).resolves.toBeUndefined();
    expect(registry).toEqual({ status: 'deleted' });
    expect(deletions).toHaveLength(1);
  });

  it('skips subscriptions that are over, and Stripe altogether when it is not set up', async () => {
    const { tenant, subscriptionId } = await subscribed('pro');
    await fake.cancelSubscription(subscriptionId, { deliver: false });
    const { tenant: other, subscriptionId: stillPaying } = await subscribed('pro', { deliver: false });
    await syncSubscription(db.sql, stillPaying);

    const alreadyOver = await cancelTenantBilling(db.sql, tenant.id);
    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    resetConfig();
    const withoutStripe = await cancelTenantBilling(db.sql, other.id).finally(() => {
      process.env.STRIPE_SECRET_KEY = key;
      resetConfig();
    });

    expect(alreadyOver).toEqual([]);
    expect(withoutStripe).toEqual([]);
    expect((await stripeApi.subscriptions.retrieve(stillPaying)).status).toBe('active');
  });
});
