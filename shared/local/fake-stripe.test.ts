import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeStripe, startFakeStripe } from './fake-stripe';
import { parseForm } from './fake-stripe-form';

const webhookSecret = 'whsec_fake_stripe_test';
const prices = {
  price_basic: { product: 'prod_basic', unitAmount: 900, currency: 'gbp', interval: 'month' as const },
  price_pro: { product: 'prod_pro', unitAmount: 2900, currency: 'gbp', interval: 'month' as const },
};

/** A webhook endpoint on 127.0.0.1 that records raw bodies and signatures. */
async function startReceiver() {
  const received: { body: string; signature: string }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(request.headers['stripe-signature']),
      });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    /** Events as the app would see them: verified with the shared secret. */
    events: () =>
      received.map(({ body, signature }) => stripe.webhooks.constructEvent(body, signature, webhookSecret)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let fake: FakeStripe;
let stripe: Stripe;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  fake = await startFakeStripe({ port: 0, webhookSecret, prices });
  // No retries: an error from the fake should surface at once.
  stripe = new Stripe('sk_test_fake', { ...fake.sdkOptions, maxNetworkRetries: 0 });
  receiver = await startReceiver();
  fake.setWebhookUrl(receiver.url);
});

afterAll(async () => {
  await fake?.stop();
  await receiver?.close();
});

beforeEach(() => {
  receiver.received.length = 0;
});

/** A customer with an open Checkout session for `price`. */
async function openCheckout(price = 'price_pro', trialDays?: number) {
  const customer = await stripe.customers.create({
    email: 'owner@example.com',
    metadata: { tenantId: 't1' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price, quantity: 1 }],
    success_url: 'http://localhost:3000/billing?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://localhost:3000/billing',
    client_reference_id: 't1',
    metadata: { tenantId: 't1' },
    subscription_data: {
      metadata: { tenantId: 't1' },
      ...(trialDays ? { trial_period_days: trialDays } : {}),
    },
  });
  return { customer, session };
}

describe('fake Stripe: customers', () => {
  it('creates one customer for two requests with the same idempotency key', async () => {
    const email = `idem-${Date.now()}@example.com`;

    const first = await stripe.customers.create({ email }, { idempotencyKey: 'tenant-t1-customer' });
    const second = await stripe.customers.create({ email }, { idempotencyKey: 'tenant-t1-customer' });
    const listed = await stripe.customers.list({ email });

    expect(second.id).toBe(first.id);
    expect(first.id).toMatch(/^cus_/);
    expect(listed.data.map((customer) => customer.id)).toEqual([first.id]);
    expect(await stripe.customers.retrieve(first.id)).toMatchObject({
      object: 'customer',
      email,
      livemode: false,
    });
  });

  it('refuses an idempotency key reused with other parameters', async () => {
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'reused-key' });

    const reuse = stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'reused-key' });

    await expect(reuse).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });
});

describe('fake Stripe: checkout and subscription lifecycle', () => {
  it('creates a Checkout session whose url is the fake’s own Checkout page', async () => {
    const { session } = await openCheckout('price_pro', 14);

    const page = await fetch(session.url ?? '');

    expect(session).toMatchObject({ object: 'checkout.session', status: 'open', mode: 'subscription' });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${fake.url}/checkout/${session.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Pay');
  });

  it('completes a trial checkout: three signed events, a trialing subscription on the right price', async () => {
    const { customer, session } = await openCheckout('price_pro', 14);

    const subscriptionId = await fake.completeCheckout(session.id);
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });

    const events = receiver.events();
    expect(events.map((event) => event.type)).toEqual([
      'checkout.session.completed',
      'customer.subscription.created',
      'invoice.paid',
    ]);
    expect(events[0]?.data.object).toMatchObject({
      id: session.id,
      status: 'complete',
      subscription: subscriptionId,
    });
    expect(events[2]?.data.object).toMatchObject({
      object: 'invoice',
      amount_due: 0,
      parent: { subscription_details: { subscription: subscriptionId } },
    });
    expect(subscription).toMatchObject({
      status: 'trialing',
      customer: customer.id,
      metadata: { tenantId: 't1' },
      cancel_at_period_end: false,
    });
    const [item] = subscription.items.data;
    expect(item?.price).toMatchObject({ id: 'price_pro', product: 'prod_pro', unit_amount: 2900 });
    expect(item?.current_period_end).toBe(subscription.trial_end);
    expect(subscription.trial_end).toBeGreaterThan(Date.now() / 1000 + 13 * 86_400);
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'no_payment_required', url: null });
    expect(completed.subscription).toMatchObject({ id: subscriptionId, object: 'subscription' });
  });

  it('completes a paid checkout, delivering in reverse order when asked', async () => {
    const { session } = await openCheckout('price_basic');

    const subscriptionId = await fake.completeCheckout(session.id, { reverse: true });

    expect(receiver.events().map((event) => event.type)).toEqual([
      'invoice.paid',
      'customer.subscription.created',
      'checkout.session.completed',
    ]);
    expect(await stripe.subscriptions.retrieve(subscriptionId)).toMatchObject({ status: 'active' });
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ payment_status: 'paid' });
  });

  it('fails a renewal, then takes the payment, then cancels', async () => {
    const { session } = await openCheckout('price_basic');
    const subscriptionId = await fake.completeCheckout(session.id);
    receiver.received.length = 0;

    await fake.failPayment(subscriptionId);
    const pastDue = await stripe.subscriptions.retrieve(subscriptionId);
    const failed = receiver.events();
    receiver.received.length = 0;
    await fake.payInvoice(subscriptionId);
    const paid = await stripe.subscriptions.retrieve(subscriptionId);
    const paidEvents = receiver.events();
    receiver.received.length = 0;
    await fake.cancelSubscription(subscriptionId);
    const canceled = await stripe.subscriptions.retrieve(subscriptionId);

    expect(pastDue.status).toBe('past_due');
    expect(failed.map((event) => event.type)).toEqual([
      'invoice.payment_failed',
      'customer.subscription.updated',
    ]);
    expect(failed[0]?.data.object).toMatchObject({
      status: 'open',
      attempt_count: 1,
      amount_due: 900,
      billing_reason: 'subscription_cycle',
      subscription: subscriptionId,
    });
    expect(failed[1]?.data.previous_attributes).toMatchObject({ status: 'active' });
    expect(paid.status).toBe('active');
    expect(paidEvents.map((event) => event.type)).toEqual(['invoice.paid', 'customer.subscription.updated']);
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: expect.any(Number) });
    expect(receiver.events().map((event) => event.type)).toEqual(['customer.subscription.deleted']);
  });

  it('changes price and updates through the API, delivering the updates', async () => {
    const { customer, session } = await openCheckout('price_basic');
    const subscriptionId = await fake.completeCheckout(session.id);
    receiver.received.length = 0;

    await fake.changePrice(subscriptionId, 'price_pro');
    const updated = await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
    await fake.idle();
    const listed = await stripe.subscriptions.list({ customer: customer.id, status: 'all' });

    expect(updated.items.data[0]?.price.id).toBe('price_pro');
    expect(updated.cancel_at_period_end).toBe(true);
    const events = receiver.events();
    expect(events.map((event) => event.type)).toEqual([
      'customer.subscription.updated',
      'customer.subscription.updated',
    ]);
    expect(events[1]?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });
    expect(listed.data.map((subscription) => subscription.id)).toEqual([subscriptionId]);
  });

  it('only stores the events when deliver is false', async () => {
    const { session } = await openCheckout();

    await fake.completeCheckout(session.id, { deliver: false });

    expect(receiver.received).toHaveLength(0);
    const stored = fake.events().filter((event) => event.type === 'checkout.session.completed');
    expect(stored.at(-1)?.data.object).toMatchObject({ id: session.id });
  });

  it('keeps stale snapshots in old events', async () => {
    const { session } = await openCheckout();
    const subscriptionId = await fake.completeCheckout(session.id, { deliver: false });

    await fake.cancelSubscription(subscriptionId, { deliver: false });

    const created = fake
      .events()
      .find(
        (event) => event.type === 'customer.subscription.created' && event.data.object.id === subscriptionId,
      );
    expect(created?.data.object).toMatchObject({ status: 'active' });
  });

  it('serves the hosted Checkout and Portal pages', async () => {
    const { customer, session } = await openCheckout('price_basic');

    const pay = await fetch(`${fake.url}/checkout/${session.id}/pay`, { method: 'POST', redirect: 'manual' });
    const [subscription] = (await stripe.subscriptions.list({ customer: customer.id })).data;
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'http://localhost:3000/billing',
    });
    const portalPage = await fetch(portal.url);
    const cancel = await fetch(portal.url, {
      method: 'POST',
      body: new URLSearchParams({ subscription: subscription?.id ?? '', action: 'cancel_now' }),
      redirect: 'manual',
    });

    expect(pay.status).toBe(303);
    expect(pay.headers.get('location')).toBe(`http://localhost:3000/billing?session=${session.id}`);
    expect(portal).toMatchObject({ object: 'billing_portal.session', customer: customer.id });
    expect(portal.id).toMatch(/^bps_/);
    expect(await portalPage.text()).toContain('price_basic');
    expect(cancel.status).toBe(303);
    expect(await stripe.subscriptions.retrieve(subscription?.id ?? '')).toMatchObject({ status: 'canceled' });
    expect(receiver.events().map((event) => event.type)).toEqual([
      'checkout.session.completed',
      'customer.subscription.created',
      'invoice.paid',
      'customer.subscription.deleted',
    ]);
  });
});

describe('fake Stripe: an account kept in a file', () => {
  it('has the same customers, subscriptions and events after a restart, as `npm start` needs', async () => {
    const stateFile = join(await mkdtemp(join(tmpdir(), 'rota-fake-stripe-')), 'local', 'stripe.json');
    const first = await startFakeStripe({ port: 0, webhookSecret, prices, stateFile });
    const client = (running: FakeStripe) =>
      new Stripe('sk_test_fake', { ...running.sdkOptions, maxNetworkRetries: 0 });
    const customer = await client(first).customers.create({ email: 'owner@example.com', metadata: {} });
    const session = await client(first).checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: 'price_pro', quantity: 1 }],
      success_url: 'http://localhost:3000/billing',
    });
    await fetch(`${first.url}/checkout/${session.id}/pay`, { method: 'POST', redirect: 'manual' });
    const eventsBefore = await client(first).events.list();
    await first.stop();

    const second = await startFakeStripe({ port: 0, webhookSecret, prices, stateFile });
    const [subscription] = (await client(second).subscriptions.list({ customer: customer.id })).data;
    const portal = await client(second).billingPortal.sessions.create({ customer: customer.id });
    const eventsAfter = await client(second).events.list();
    await second.stop();

    expect(subscription).toMatchObject({ status: 'active', customer: customer.id });
    expect(portal.customer).toBe(customer.id);
    expect(eventsAfter.data.map((event) => event.id)).toEqual(eventsBefore.data.map((event) => event.id));
    expect(eventsAfter.data.map((event) => event.type)).toContain('checkout.session.completed');
  });
});

describe('fake Stripe: events', () => {
  it('lists events newest first, filtered by created and type, page by page', async () => {
    const { session } = await openCheckout();
    const subscriptionId = await fake.completeCheckout(session.id, { deliver: false });
    await fake.cancelSubscription(subscriptionId, { deliver: false });
    const all = fake.events();
    const newest = all.at(-1);
    const oldest = all[0];

    const firstPage = await stripe.events.list({ limit: 2 });
    const secondPage = await stripe.events.list({ limit: 2, starting_after: firstPage.data[1]?.id });
    const everything = await stripe.events.list({ limit: 3 }).autoPagingToArray({ limit: 1000 });
    const future = await stripe.events.list({ created: { gte: Math.floor(Date.now() / 1000) + 3600 } });
    const sinceStart = await stripe.events.list({ created: { gte: oldest?.created ?? 0 }, limit: 100 });
    const deleted = await stripe.events.list({ type: 'customer.subscription.deleted', limit: 100 });

    expect(newest).toMatchObject({ type: 'customer.subscription.deleted' });
    expect(firstPage.data[0]?.id).toBe(newest?.id);
    expect(firstPage.has_more).toBe(true);
    expect(secondPage.data.map((event) => event.id)).toEqual([all.at(-3)?.id, all.at(-4)?.id]);
    expect(everything.map((event) => event.id)).toEqual(all.map((event) => event.id).reverse());
    expect(future.data).toEqual([]);
    expect(sinceStart.data).toHaveLength(all.length);
    expect(deleted.data.length).toBeGreaterThan(0);
    expect(deleted.data.every((event) => event.type === 'customer.subscription.deleted')).toBe(true);
    expect(await stripe.events.retrieve(oldest?.id ?? '')).toMatchObject({ id: oldest?.id, object: 'event' });
  });

  it('re-delivers a stored event, signed, with its original snapshot', async () => {
    const { session } = await openCheckout();
    const subscriptionId = await fake.completeCheckout(session.id);
    await fake.cancelSubscription(subscriptionId);
    const created = fake
      .events()
      .find(
        (event) => event.type === 'customer.subscription.created' && event.data.object.id === subscriptionId,
      );
    receiver.received.length = 0;

    const status = await fake.deliver(created?.id ?? '');

    expect(status).toBe(200);
    const [redelivered] = receiver.events();
    expect(redelivered?.id).toBe(created?.id);
    expect(redelivered?.data.object).toMatchObject({ object: 'subscription', status: 'active' });
  });
});

describe('fake Stripe: errors', () => {
  it('answers an unknown id with resource_missing (StripeInvalidRequestError)', async () => {
    const retrieve = stripe.subscriptions.retrieve('sub_does_not_exist');

    await expect(retrieve).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(retrieve).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('rejects a checkout session for an unknown price', async () => {
    const create = stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: 'price_nope', quantity: 1 }],
      success_url: 'http://localhost:3000/',
    });

    await expect(create).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
    });
  });

  it('answers 401 without a secret test key (StripeAuthenticationError)', async () => {
    const liveKey = new Stripe('sk_live_nope', { ...fake.sdkOptions, maxNetworkRetries: 0 });

    const list = liveKey.customers.list();
    const unauthenticated = await fetch(`${fake.url}/v1/customers`);

    await expect(list).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('answers an unknown path with a Stripe-like 404', async () => {
    const response = await fetch(`${fake.url}/v1/charges`, {
      headers: { Authorization: 'Bearer sk_test_x' },
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: 'Unrecognized request URL (GET: /v1/charges).' },
    });
  });
});

describe('parseForm', () => {
  it('reads Stripe’s bracket notation', () => {
    const form = parseForm(
      'metadata[tenantId]=t1&line_items[0][price]=price_pro&line_items[0][quantity]=1' +
        '&subscription_data[trial_period_days]=14&expand[]=a&expand[]=b&__proto__[x]=1',
    );

    expect(form).toEqual({
      metadata: { tenantId: 't1' },
      line_items: [{ price: 'price_pro', quantity: '1' }],
      subscription_data: { trial_period_days: '14' },
      expand: ['a', 'b'],
    });
  });
});
