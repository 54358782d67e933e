/**
 * A small, stateful, in-memory Stripe for `npm start` without STRIPE_SECRET_KEY and for billing
 * tests: the real `stripe` SDK talks to it over HTTP on 127.0.0.1 (see `sdkOptions`), and it sends
 * webhooks signed exactly as Stripe does, so the app's `constructEvent` accepts them.
 *
 * Only the endpoints Rota's billing uses exist (customers, Checkout and Portal sessions,
 * subscriptions, events). The lifecycle a real account goes through over weeks (paying, renewals
 * failing, cancelling) is driven by the methods of {@link FakeStripe}.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import Stripe from 'stripe';
import { createFakeStripeApp } from './fake-stripe-app';
import {
  type EmittedEvents,
  type FakePrice,
  FakeStripeStore,
  type StripeEventLike,
} from './fake-stripe-store';

export type { FakePrice, StripeEventLike } from './fake-stripe-store';

/** How to start {@link startFakeStripe}. */
export interface FakeStripeOptions {
  /** 0 (the default) = any free port. */
  port?: number;
  /** `whsec_…` used to sign webhook deliveries; give the app the same one. */
  webhookSecret: string;
  /** Where to POST events; can be set later with `setWebhookUrl`. */
  webhookUrl?: string;
  /** The prices Checkout sessions may use, keyed by price id. */
  prices: Record<string, FakePrice>;
  /**
   * A JSON file the account is kept in: read at start when it exists, written after every request
   * that may change it. Without one the account lives and dies with the process (tests).
   */
  stateFile?: string;
}

/** Options of the lifecycle methods. */
export interface DeliveryOptions {
  /**
   * Deliver the emitted events to the webhook URL, one by one, before resolving. Default: true when
   * a webhook URL is set. With false they are only stored (listed by `GET /v1/events`), as if the
   * delivery had been lost. True without a webhook URL rejects (after the change is made).
   */
  deliver?: boolean;
}

/** A running fake Stripe. */
export interface FakeStripe {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  host: string;
  port: number;
  /** SDK options to pass to `new Stripe(key, …)` (any `sk_test_…` key). */
  sdkOptions: { host: string; port: number; protocol: 'http' };
  setWebhookUrl(url: string): void;
  /**
   * Simulates the customer paying on the Checkout page: creates the subscription ('active', or
   * 'trialing' if the session asked for a trial) and emits checkout.session.completed,
   * customer.subscription.created and invoice.paid. `reverse` delivers them in the opposite order
   * (they are still stored and listed in the order they happened). Returns the subscription id.
   */
  completeCheckout(sessionId: string, options?: DeliveryOptions & { reverse?: boolean }): Promise<string>;
  /** A renewal payment fails: subscription → past_due; emits invoice.payment_failed and customer.subscription.updated. */
  failPayment(subscriptionId: string, options?: DeliveryOptions): Promise<void>;
  /** The customer pays the open invoice: subscription → active; emits invoice.paid and customer.subscription.updated. */
  payInvoice(subscriptionId: string, options?: DeliveryOptions): Promise<void>;
  /** Cancels immediately: status canceled; emits customer.subscription.deleted. */
  cancelSubscription(subscriptionId: string, options?: DeliveryOptions): Promise<void>;
  /** Changes price (plan change through the portal): emits customer.subscription.updated. */
  changePrice(subscriptionId: string, priceId: string, options?: DeliveryOptions): Promise<void>;
  /** All events so far, oldest first (as Stripe Event objects). */
  events(): StripeEventLike[];
  /** (Re)delivers one stored event to the webhook URL, signed; resolves with the HTTP status. */
  deliver(eventId: string): Promise<number>;
  /**
   * Resolves once every delivery started so far has finished. Changes made through the API
   * (`POST`/`DELETE /v1/subscriptions/:id`) deliver in the background, after the response, as
   * Stripe does; tests await this before looking at what the app did with them.
   */
  idle(): Promise<void>;
  /** Waits for deliveries in progress, then stops the server. */
  stop(): Promise<void>;
}

/** Starts a fake Stripe on 127.0.0.1. */
export async function startFakeStripe(options: FakeStripeOptions): Promise<FakeStripe> {
  const host = '127.0.0.1';
  const store = new FakeStripeStore(options.prices, Stripe.API_VERSION);
  const { stateFile } = options;
  if (stateFile && existsSync(stateFile)) store.restore(JSON.parse(readFileSync(stateFile, 'utf8')));
  /** Writes the account to its file: whole, then renamed over the old one, so a crash leaves one. */
  const save = () => {
    if (!stateFile) return;
    mkdirSync(dirname(stateFile), { recursive: true });
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(store.snapshot()));
    renameSync(`${stateFile}.tmp`, stateFile);
  };
  let webhookUrl = options.webhookUrl;
  let baseUrl = '';
  // One delivery at a time, in the order they were asked for, so a test sees a defined order.
  let queue: Promise<void> = Promise.resolve();

  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  /** Signs and POSTs one event; the status is the endpoint's answer (non-2xx does not throw). */
  const send = async (eventId: string): Promise<number> => {
    const event = store.event(eventId);
    if (!webhookUrl) throw new Error('fake Stripe: no webhook URL set (setWebhookUrl)');
    // Stripe sends pretty-printed JSON; the signature covers these exact bytes.
    const payload = JSON.stringify(event, null, 2);
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: options.webhookSecret,
        }),
        'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      body: payload,
      // A hung endpoint must not hang the fake (Stripe also times out and retries later).
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    if (response.ok) event.pending_webhooks = 0;
    return response.status;
  };

  const dispatch = async (events: EmittedEvents, deliver?: boolean, reverse = false) => {
    if (!(deliver ?? webhookUrl !== undefined)) return;
    const ordered = reverse ? [...events].reverse() : events;
    await enqueue(async () => {
      for (const event of ordered) await send(event.id);
    });
  };

  const app = createFakeStripeApp(store, {
    pageUrl: (path) => `${baseUrl}${path}`,
    deliverNow: (events) => dispatch(events),
    deliverLater: (events) => {
      // Like an endpoint that was down: the events stay listed under /v1/events for reconciliation.
      dispatch(events).catch(() => undefined);
    },
  });

  const listener = getRequestListener(app.fetch);
  const server = createServer((request, response) => {
    if (stateFile && request.method !== 'GET') response.once('finish', save);
    return listener(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    host,
    port,
    sdkOptions: { host, port, protocol: 'http' },
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    async completeCheckout(sessionId, { deliver, reverse } = {}) {
      const { subscription, events } = store.completeCheckout(sessionId);
      await dispatch(events, deliver, reverse);
      return subscription.id;
    },
    async failPayment(subscriptionId, { deliver } = {}) {
      await dispatch(store.failPayment(subscriptionId), deliver);
    },
    async payInvoice(subscriptionId, { deliver } = {}) {
      await dispatch(store.payInvoice(subscriptionId), deliver);
    },
    async cancelSubscription(subscriptionId, { deliver } = {}) {
      await dispatch(store.cancel(subscriptionId), deliver);
    },
    async changePrice(subscriptionId, priceId, { deliver } = {}) {
      await dispatch(store.changePrice(subscriptionId, priceId), deliver);
    },
    events: () => structuredClone(store.events),
    deliver: (eventId) => enqueue(() => send(eventId)),
    idle: () => queue,
    async stop() {
      await queue;
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from the SDK would otherwise hold close() open.
        server.closeAllConnections();
      });
    },
  };
}
