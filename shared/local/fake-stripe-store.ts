/**
 * The state behind the fake Stripe server: customers, Checkout sessions, subscriptions, invoices
 * and the events their changes emit, shaped like Stripe's API objects (only the fields Rota reads,
 * plus the identifying ones). No HTTP here: `fake-stripe.ts` serves it and delivers the events.
 *
 * This module is the entry point: {@link FakeStripeStore} holds the account and each method hands
 * it to the module of the object it concerns. Where to look:
 * - `fake-stripe-objects.ts`: the shapes of the objects and events (types only);
 * - `fake-stripe-core.ts`: the shared state, errors, ids, time and metadata helpers;
 * - `fake-stripe-customers.ts`: customers and Billing Portal sessions;
 * - `fake-stripe-checkout.ts`: Checkout sessions, and completing one into a subscription;
 * - `fake-stripe-subscriptions.ts` and `fake-stripe-invoices.ts`: what happens to it afterwards;
 * - `fake-stripe-events.ts`: the event log and lookups across object types.
 */

import {
  type CreateSessionFields,
  completeCheckout,
  createSession,
  expireSession,
  findSession,
  findSessionPlan,
} from './fake-stripe-checkout';
import { type FakeStripeState, findPrice } from './fake-stripe-core';
import { createCustomer, createPortalSession, findCustomer } from './fake-stripe-customers';
import { findEvent, findObject } from './fake-stripe-events';
import type {
  CheckoutSessionObject,
  CustomerObject,
  EmittedEvents,
  FakePrice,
  InvoiceObject,
  Metadata,
  PortalSessionObject,
  SessionPlan,
  StripeEventLike,
  StripeObjectLike,
  SubscriptionObject,
} from './fake-stripe-objects';
import {
  cancelSubscription,
  changePrice,
  failPayment,
  findSubscription,
  payInvoice,
  updateSubscription,
} from './fake-stripe-subscriptions';

// Everything this module exported before it was split, so importers keep one import path.
export { FakeStripeError, mergeMetadata, newId, nowSeconds } from './fake-stripe-core';
export type {
  CheckoutSessionObject,
  CustomerObject,
  EmittedEvents,
  FakePrice,
  InvoiceObject,
  PortalSessionObject,
  PriceObject,
  StripeEventLike,
  StripeObjectLike,
  SubscriptionItemObject,
  SubscriptionObject,
  SubscriptionStatus,
} from './fake-stripe-objects';

/** What {@link FakeStripeStore.snapshot} saves: each map's entries, and the events. */
export interface FakeStripeSnapshot {
  customers: [string, CustomerObject][];
  sessions: [string, CheckoutSessionObject][];
  subscriptions: [string, SubscriptionObject][];
  invoices: [string, InvoiceObject][];
  portalSessions: [string, PortalSessionObject][];
  events: StripeEventLike[];
  plans: [string, SessionPlan][];
}

/**
 * In-memory Stripe account. Every change goes through a method that returns the events it
 * emitted, so callers decide whether (and in which order) to deliver them.
 */
export class FakeStripeStore {
  readonly customers = new Map<string, CustomerObject>();
  readonly sessions = new Map<string, CheckoutSessionObject>();
  readonly subscriptions = new Map<string, SubscriptionObject>();
  readonly invoices = new Map<string, InvoiceObject>();
  readonly portalSessions = new Map<string, PortalSessionObject>();
  /** Oldest first; Stripe lists them newest first. */
  readonly events: StripeEventLike[] = [];
  /** The same maps plus what callers must not touch (plans, API version), for the object modules. */
  private readonly state: FakeStripeState;

  constructor(
    readonly prices: Record<string, FakePrice>,
    apiVersion: string,
  ) {
    this.state = {
      prices,
      apiVersion,
      customers: this.customers,
      sessions: this.sessions,
      subscriptions: this.subscriptions,
      invoices: this.invoices,
      portalSessions: this.portalSessions,
      events: this.events,
      plans: new Map(),
    };
  }

  /** Everything the account holds, as JSON: for an account that outlives its process (`npm start`). */
  snapshot(): FakeStripeSnapshot {
    const { customers, sessions, subscriptions, invoices, portalSessions, events, plans } = this.state;
    return {
      customers: [...customers],
      sessions: [...sessions],
      subscriptions: [...subscriptions],
      invoices: [...invoices],
      portalSessions: [...portalSessions],
      events: [...events],
      plans: [...plans],
    };
  }

  /** Puts back what {@link snapshot} saved, in place of what the account holds. */
  restore(snapshot: FakeStripeSnapshot): void {
    const refill = <T>(map: Map<string, T>, entries: [string, T][]) => {
      map.clear();
      for (const [id, object] of entries) map.set(id, object);
    };
    refill(this.state.customers, snapshot.customers);
    refill(this.state.sessions, snapshot.sessions);
    refill(this.state.subscriptions, snapshot.subscriptions);
    refill(this.state.invoices, snapshot.invoices);
    refill(this.state.portalSessions, snapshot.portalSessions);
    refill(this.state.plans, snapshot.plans);
    this.state.events.splice(0, this.state.events.length, ...snapshot.events);
  }

  /** Looks an object up by id, whatever its type (used for `expand[]`). */
  find(id: string): StripeObjectLike | undefined {
    return findObject(this.state, id);
  }

  /** A customer by id, or a 404 {@link FakeStripeError}. */
  customer(id: string): CustomerObject {
    return findCustomer(this.state, id);
  }

  /** A Checkout session by id, or a 404 {@link FakeStripeError}. */
  session(id: string): CheckoutSessionObject {
    return findSession(this.state, id);
  }

  /** A subscription by id, or a 404 {@link FakeStripeError}. */
  subscription(id: string): SubscriptionObject {
    return findSubscription(this.state, id);
  }

  /** An event by id, or a 404 {@link FakeStripeError}. */
  event(id: string): StripeEventLike {
    return findEvent(this.state, id);
  }

  /** A known price, or a 400 {@link FakeStripeError} naming the request parameter `param`. */
  price(id: string, param: string): FakePrice {
    return findPrice(this.state, id, param);
  }

  /** Stores and returns a new customer. */
  createCustomer(fields: { email?: string; name?: string; description?: string; metadata: Metadata }) {
    return createCustomer(this.state, fields);
  }

  /** Stores an open subscription-mode session whose hosted page is at `pageUrl(id)`. */
  createSession(fields: CreateSessionFields, pageUrl: (id: string) => string): CheckoutSessionObject {
    return createSession(this.state, fields, pageUrl);
  }

  /** The price, quantity and trial a session will subscribe to. */
  sessionPlan(sessionId: string): SessionPlan {
    return findSessionPlan(this.state, sessionId);
  }

  /**
   * Completes an open session: subscription (trialing when the session asked for a trial), its
   * first invoice (paid; zero during a trial), and the three events a Stripe integration waits for.
   */
  completeCheckout(sessionId: string): { subscription: SubscriptionObject; events: EmittedEvents } {
    return completeCheckout(this.state, sessionId);
  }

  /** Expires an open session so it can no longer be paid (Stripe's 400 otherwise). */
  expireSession(sessionId: string): EmittedEvents {
    return expireSession(this.state, sessionId);
  }

  /**
   * A renewal whose payment fails: a new period starts now (a trial ends now), its invoice stays
   * open and the subscription goes past_due. A second failure is another attempt on that invoice.
   */
  failPayment(subscriptionId: string): EmittedEvents {
    return failPayment(this.state, subscriptionId);
  }

  /** The customer pays the open invoice: it is paid and the subscription active again. */
  payInvoice(subscriptionId: string): EmittedEvents {
    return payInvoice(this.state, subscriptionId);
  }

  /** Ends the subscription now. */
  cancel(subscriptionId: string): EmittedEvents {
    return cancelSubscription(this.state, subscriptionId);
  }

  /** Moves the subscription's item to another price (a plan change). */
  changePrice(subscriptionId: string, priceId: string, param = 'price'): EmittedEvents {
    return changePrice(this.state, subscriptionId, priceId, param);
  }

  /** `POST /v1/subscriptions/:id`: the fields Rota sets. Emits only when something changed. */
  updateSubscription(
    subscriptionId: string,
    fields: { cancelAtPeriodEnd?: boolean; metadata?: Metadata | null },
  ): EmittedEvents {
    return updateSubscription(this.state, subscriptionId, fields);
  }

  /** Stores a Billing Portal session for an existing customer, its page at `pageUrl(id)`. */
  createPortalSession(customer: string, returnUrl: string | null, pageUrl: (id: string) => string) {
    return createPortalSession(this.state, customer, returnUrl, pageUrl);
  }
}
