/**
 * The fake Stripe's HTTP surface: the `/v1` endpoints Rota's billing calls (form-encoded requests,
 * Stripe-shaped JSON and errors, API-key check, idempotency keys) and the hosted Checkout and
 * Portal pages. State lives in {@link FakeStripeStore}; webhook delivery is the caller's.
 */
import { type Context, Hono } from 'hono';
import { type FormObject, field, fieldList } from './fake-stripe-form';
import { checkoutPage, escapeHtml, page, portalPage } from './fake-stripe-pages';
import {
  apiKey,
  createdMatches,
  expandPath,
  metadataParam,
  newestFirst,
  paginate,
  positiveInteger,
  readBody,
  readQuery,
  required,
  typeMatches,
} from './fake-stripe-params';
import {
  type EmittedEvents,
  FakeStripeError,
  type FakeStripeStore,
  mergeMetadata,
  newId,
} from './fake-stripe-store';

/** What the app needs from its owner: public URLs and the two ways of delivering events. */
export interface FakeStripeAppHooks {
  /** Absolute URL of a page on the fake (for `url` fields the browser follows). */
  pageUrl(path: string): string;
  /** Delivers now (if a webhook URL is set) and resolves when done: pages redirect after. */
  deliverNow(events: EmittedEvents): Promise<void>;
  /** Delivers after the response, as Stripe does for changes made through the API. */
  deliverLater(events: EmittedEvents): void;
}

interface SavedResponse {
  fingerprint: string;
  status: number;
  body: string;
}

/** Builds the Hono app serving `store`. */
export function createFakeStripeApp(store: FakeStripeStore, hooks: FakeStripeAppHooks): Hono {
  const app = new Hono();
  const idempotent = new Map<string, SavedResponse>();
  const inFlight = new Set<string>();

  app.use('*', async (c, next) => {
    await next();
    c.header('Request-Id', newId('req_'));
  });

  app.use('/v1/*', async (c, next) => {
    const key = apiKey(c.req.header('authorization'));
    if (!key) {
      throw new FakeStripeError(401, 'You did not provide an API key. Use the Authorization: Bearer header.');
    }
    // Like test mode: only secret test keys work, so a live key configured by mistake fails loudly.
    if (!key.startsWith('sk_test_')) {
      throw new FakeStripeError(401, `Invalid API Key provided: ${key.slice(0, 8)}****`);
    }
    await next();
  });

  // Stripe replays the first response for a reused Idempotency-Key (the SDK sends one with every
  // POST so its own retries are safe) and refuses the key with different parameters.
  app.use('/v1/*', async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || !key) return next();
    const fingerprint = `${c.req.method} ${c.req.path}\n${await c.req.text()}`;
    const saved = idempotent.get(key);
    if (saved && saved.fingerprint !== fingerprint) {
      throw new FakeStripeError(
        400,
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        undefined,
        undefined,
        'idempotency_error',
      );
    }
    if (saved) {
      return new Response(saved.body, {
        status: saved.status,
        headers: { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' },
      });
    }
    if (inFlight.has(key)) {
      throw new FakeStripeError(
        409,
        'There is currently another in-progress request using this idempotency key. Please try again later.',
        undefined,
        undefined,
        'idempotency_error',
      );
    }
    inFlight.add(key);
    try {
      await next();
    } finally {
      inFlight.delete(key);
    }
    if (c.res.status < 500) {
      idempotent.set(key, { fingerprint, status: c.res.status, body: await c.res.clone().text() });
    }
  });

  app.post('/v1/customers', async (c) => {
    const form = await readBody(c);
    const customer = store.createCustomer({
      email: field(form, 'email'),
      name: field(form, 'name'),
      description: field(form, 'description'),
      metadata: metadataParam(form) ?? {},
    });
    return send(c, customer, form);
  });

  app.get('/v1/customers', (c) => {
    const query = readQuery(c);
    const email = field(query, 'email');
    const customers = newestFirst(store.customers.values()).filter(
      (customer) =>
        (email === undefined || customer.email === email) && createdMatches(customer.created, query),
    );
    return send(c, paginate(customers, query, '/v1/customers'), query);
  });

  app.get('/v1/customers/:id', (c) => send(c, store.customer(c.req.param('id')), readQuery(c)));

  app.post('/v1/customers/:id', async (c) => {
    const form = await readBody(c);
    const customer = store.customer(c.req.param('id'));
    const metadata = metadataParam(form);
    Object.assign(customer, {
      email: field(form, 'email') ?? customer.email,
      name: field(form, 'name') ?? customer.name,
      description: field(form, 'description') ?? customer.description,
      metadata:
        metadata === null ? {} : metadata ? mergeMetadata(customer.metadata, metadata) : customer.metadata,
    });
    return send(c, customer, form);
  });

  app.post('/v1/checkout/sessions', async (c) => {
    const form = await readBody(c);
    if (field(form, 'mode') !== 'subscription') {
      throw new FakeStripeError(
        400,
        'The fake Stripe supports only mode=subscription.',
        'parameter_invalid',
        'mode',
      );
    }
    const priceId = required(form, 'line_items[0][price]', ['line_items', '0', 'price']);
    const successUrl = required(form, 'success_url', ['success_url']);
    const customerEmail = field(form, 'customer_email') ?? null;
    let customer = field(form, 'customer');
    if (customer && !store.customers.has(customer)) {
      throw new FakeStripeError(400, `No such customer: '${customer}'`, 'resource_missing', 'customer');
    }
    // Without `customer`, Checkout creates one from the email the payer gives.
    customer ??= store.createCustomer({ email: customerEmail ?? undefined, metadata: {} }).id;
    const session = store.createSession(
      {
        customer,
        customerEmail,
        clientReferenceId: field(form, 'client_reference_id') ?? null,
        successUrl,
        cancelUrl: field(form, 'cancel_url') ?? null,
        metadata: metadataParam(form) ?? {},
        priceId,
        quantity: positiveInteger(form, 'line_items[0][quantity]', ['line_items', '0', 'quantity']) ?? 1,
        trialDays: positiveInteger(form, 'subscription_data[trial_period_days]', [
          'subscription_data',
          'trial_period_days',
        ]),
        subscriptionMetadata: metadataParam(form, 'subscription_data', 'metadata') ?? {},
      },
      (id) => hooks.pageUrl(`/checkout/${id}`),
    );
    return send(c, session, form);
  });

  app.get('/v1/checkout/sessions', (c) => {
    const query = readQuery(c);
    const customer = field(query, 'customer');
    const status = field(query, 'status');
    const sessions = newestFirst(store.sessions.values()).filter(
      (session) =>
        (customer === undefined || session.customer === customer) &&
        (status === undefined || session.status === status) &&
        createdMatches(session.created, query),
    );
    return send(c, paginate(sessions, query, '/v1/checkout/sessions'), query);
  });

  app.get('/v1/checkout/sessions/:id', (c) => send(c, store.session(c.req.param('id')), readQuery(c)));

  app.post('/v1/checkout/sessions/:id/expire', async (c) => {
    const form = await readBody(c);
    const id = c.req.param('id');
    hooks.deliverLater(store.expireSession(id));
    return send(c, store.session(id), form);
  });

  app.post('/v1/billing_portal/sessions', async (c) => {
    const form = await readBody(c);
    const customer = required(form, 'customer', ['customer']);
    if (!store.customers.has(customer)) {
      throw new FakeStripeError(400, `No such customer: '${customer}'`, 'resource_missing', 'customer');
    }
    const session = store.createPortalSession(customer, field(form, 'return_url') ?? null, (id) =>
      hooks.pageUrl(`/portal/${id}`),
    );
    return send(c, session, form);
  });

  app.get('/v1/subscriptions', (c) => {
    const query = readQuery(c);
    const customer = field(query, 'customer');
    const price = field(query, 'price');
    // Stripe leaves canceled subscriptions out unless asked for them.
    const status = field(query, 'status');
    const subscriptions = newestFirst(store.subscriptions.values()).filter(
      (subscription) =>
        (customer === undefined || subscription.customer === customer) &&
        (price === undefined || subscription.items.data[0].price.id === price) &&
        (status === 'all' ||
          (status === undefined ? subscription.status !== 'canceled' : subscription.status === status)) &&
        createdMatches(subscription.created, query),
    );
    return send(c, paginate(subscriptions, query, '/v1/subscriptions'), query);
  });

  app.get('/v1/subscriptions/:id', (c) => send(c, store.subscription(c.req.param('id')), readQuery(c)));

  app.post('/v1/subscriptions/:id', async (c) => {
    const form = await readBody(c);
    const id = c.req.param('id');
    const cancelAtPeriodEnd = field(form, 'cancel_at_period_end');
    const newPrice = field(form, 'items', '0', 'price');
    // Checked before changing anything, so a bad price leaves the subscription as it was.
    if (newPrice) store.price(newPrice, 'items[0][price]');
    const events = store.updateSubscription(id, {
      cancelAtPeriodEnd: cancelAtPeriodEnd === undefined ? undefined : cancelAtPeriodEnd === 'true',
      metadata: metadataParam(form),
    });
    if (newPrice) events.push(...store.changePrice(id, newPrice, 'items[0][price]'));
    hooks.deliverLater(events);
    return send(c, store.subscription(id), form);
  });

  app.delete('/v1/subscriptions/:id', async (c) => {
    const form = await readBody(c);
    const id = c.req.param('id');
    // Stripe treats a canceled subscription as deleted: cancelling it again is a 404.
    if (store.subscription(id).status === 'canceled') {
      throw new FakeStripeError(404, `No such subscription: '${id}'`, 'resource_missing', 'id');
    }
    hooks.deliverLater(store.cancel(id));
    return send(c, store.subscription(id), form);
  });

  app.get('/v1/events', (c) => {
    const query = readQuery(c);
    const types = [...fieldList(query, 'types'), ...fieldList(query, 'type')];
    const events = [...store.events]
      .reverse()
      .filter(
        (event) =>
          (types.length === 0 || types.some((type) => typeMatches(event.type, type))) &&
          createdMatches(event.created, query),
      );
    return send(c, paginate(events, query, '/v1/events'), query);
  });

  app.get('/v1/events/:id', (c) => send(c, store.event(c.req.param('id')), readQuery(c)));

  app.get('/checkout/:id', (c) => {
    const session = store.session(c.req.param('id'));
    const plan = store.sessionPlan(session.id);
    return c.html(checkoutPage(session, { ...plan, price: store.price(plan.priceId, 'price') }));
  });

  app.post('/checkout/:id/pay', async (c) => {
    const { events } = store.completeCheckout(c.req.param('id'));
    const session = store.session(c.req.param('id'));
    const next = session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id);
    return (await deliveryFailure(c, events, next)) ?? c.redirect(next, 303);
  });

  app.get('/portal/:id', (c) => {
    const session = store.portalSessions.get(c.req.param('id'));
    if (!session) return c.html(page('Billing', '<p>This portal session does not exist.</p>'), 404);
    const subscriptions = newestFirst(store.subscriptions.values()).filter(
      (subscription) => subscription.customer === session.customer,
    );
    return c.html(portalPage(session, subscriptions, store.prices));
  });

  app.post('/portal/:id', async (c) => {
    const session = store.portalSessions.get(c.req.param('id'));
    const form = await readBody(c);
    const subscription = store.subscriptions.get(field(form, 'subscription') ?? '');
    if (!session || subscription?.customer !== session.customer) {
      return c.html(page('Billing', '<p>No such subscription here.</p>'), 404);
    }
    const events = portalAction(store, subscription.id, field(form, 'action'), field(form, 'price'));
    const back = hooks.pageUrl(`/portal/${session.id}`);
    return (await deliveryFailure(c, events, back)) ?? c.redirect(back, 303);
  });

  app.notFound((c) =>
    c.json(
      {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${c.req.method}: ${c.req.path}).`,
        },
      },
      404,
    ),
  );

  app.onError((error, c) => {
    if (error instanceof FakeStripeError) return c.json(error.toJSON(), error.status);
    return c.json({ error: { type: 'api_error', message: error.message } }, 500);
  });

  /** Delivers for a page; on failure, a page saying so (the change itself has happened). */
  async function deliveryFailure(c: Context, events: EmittedEvents, next: string) {
    try {
      await hooks.deliverNow(events);
      return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return c.html(
        page(
          'Webhook delivery failed',
          `<p>Done, but the webhook could not be delivered: ${escapeHtml(message)}</p>
<p><a href="${escapeHtml(next)}">Continue</a></p>`,
        ),
        502,
      );
    }
  }

  /** JSON response, with any `expand[]` ids replaced by the objects they name. */
  function send(c: Context, body: object, params: FormObject) {
    const expanded = structuredClone(body);
    for (const path of fieldList(params, 'expand')) {
      expandPath(expanded, path.split('.'), (id) => store.find(id));
    }
    return c.json(expanded);
  }

  return app;
}

function portalAction(
  store: FakeStripeStore,
  subscriptionId: string,
  action: string | undefined,
  price: string | undefined,
): EmittedEvents {
  switch (action) {
    case 'cancel_at_period_end':
      return store.updateSubscription(subscriptionId, { cancelAtPeriodEnd: true });
    case 'renew':
      return store.updateSubscription(subscriptionId, { cancelAtPeriodEnd: false });
    case 'cancel_now':
      return store.cancel(subscriptionId);
    case 'switch':
      return store.changePrice(subscriptionId, price ?? '');
    default:
      throw new FakeStripeError(400, `Unknown portal action: ${action}`);
  }
}
