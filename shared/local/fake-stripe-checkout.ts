/**
 * Checkout sessions of the fake Stripe (subscription mode only): created by the API, completed
 * from the hosted page or a test, which is where subscriptions and their first invoice come from.
 */
import {
  addMonth,
  FakeStripeError,
  type FakeStripeState,
  findPrice,
  missing,
  newId,
  nowSeconds,
} from './fake-stripe-core';
import { emitEvent } from './fake-stripe-events';
import { createInvoice, markPaid } from './fake-stripe-invoices';
import type {
  CheckoutSessionObject,
  EmittedEvents,
  Metadata,
  SessionPlan,
  SubscriptionObject,
} from './fake-stripe-objects';
import { newSubscriptionItem } from './fake-stripe-subscriptions';

/** A Checkout session by id, or Stripe's 404. */
export function findSession(state: FakeStripeState, id: string): CheckoutSessionObject {
  return state.sessions.get(id) ?? missing('checkout.session', id);
}

/** The price, quantity and trial a session will subscribe to. */
export function findSessionPlan(state: FakeStripeState, sessionId: string): SessionPlan {
  return state.plans.get(sessionId) ?? missing('checkout.session', sessionId);
}

/** What a Checkout session is created with. */
export type CreateSessionFields = {
  customer: string;
  customerEmail: string | null;
  clientReferenceId: string | null;
  successUrl: string;
  cancelUrl: string | null;
  metadata: Metadata;
} & SessionPlan;

/**
 * `POST /v1/checkout/sessions`: stores an open session and, apart from it, the plan it will
 * subscribe to (Stripe keeps that in line items the fake does not model). `pageUrl` turns the new
 * id into the URL of the fake's hosted Checkout page.
 */
export function createSession(
  state: FakeStripeState,
  fields: CreateSessionFields,
  pageUrl: (id: string) => string,
): CheckoutSessionObject {
  const price = findPrice(state, fields.priceId, 'line_items[0][price]');
  const id = newId('cs_test_');
  const created = nowSeconds();
  const session: CheckoutSessionObject = {
    id,
    object: 'checkout.session',
    created,
    expires_at: created + 24 * 3600,
    livemode: false,
    mode: 'subscription',
    status: 'open',
    payment_status: 'unpaid',
    customer: fields.customer,
    customer_email: fields.customerEmail,
    client_reference_id: fields.clientReferenceId,
    success_url: fields.successUrl,
    cancel_url: fields.cancelUrl,
    url: pageUrl(id),
    subscription: null,
    invoice: null,
    amount_total: fields.trialDays ? 0 : price.unitAmount * fields.quantity,
    currency: price.currency,
    metadata: fields.metadata,
  };
  state.sessions.set(id, session);
  state.plans.set(id, {
    priceId: fields.priceId,
    quantity: fields.quantity,
    trialDays: fields.trialDays,
    subscriptionMetadata: fields.subscriptionMetadata,
  });
  return session;
}

/**
 * Completes an open session: subscription (trialing when the session asked for a trial), its
 * first invoice (paid; zero during a trial), and the three events a Stripe integration waits for.
 */
export function completeCheckout(
  state: FakeStripeState,
  sessionId: string,
): { subscription: SubscriptionObject; events: EmittedEvents } {
  const session = findSession(state, sessionId);
  if (session.status !== 'open') {
    throw new FakeStripeError(400, `Checkout session ${sessionId} is already ${session.status}`);
  }
  const plan = findSessionPlan(state, sessionId);
  const price = findPrice(state, plan.priceId, 'price');
  const now = nowSeconds();
  const trialEnd = plan.trialDays ? now + plan.trialDays * 86_400 : null;
  // During a trial Stripe's current period is the trial itself.
  const periodEnd = trialEnd ?? addMonth(now);
  const id = newId('sub_');
  const subscription: SubscriptionObject = {
    id,
    object: 'subscription',
    created: now,
    livemode: false,
    metadata: { ...plan.subscriptionMetadata },
    customer: session.customer,
    status: trialEnd ? 'trialing' : 'active',
    currency: price.currency,
    collection_method: 'charge_automatically',
    items: {
      object: 'list',
      url: `/v1/subscription_items?subscription=${id}`,
      has_more: false,
      total_count: 1,
      data: [newSubscriptionItem(state, id, plan.priceId, plan.quantity, now, periodEnd)],
    },
    current_period_start: now,
    current_period_end: periodEnd,
    billing_cycle_anchor: periodEnd,
    start_date: now,
    trial_start: trialEnd ? now : null,
    trial_end: trialEnd,
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    latest_invoice: null,
  };
  state.subscriptions.set(id, subscription);
  const invoice = createInvoice(state, subscription, 'subscription_create', trialEnd ? 0 : undefined);
  markPaid(invoice);
  subscription.latest_invoice = invoice.id;

  Object.assign(session, {
    status: 'complete',
    payment_status: trialEnd ? 'no_payment_required' : 'paid',
    url: null,
    subscription: id,
    invoice: invoice.id,
  });
  const events = [
    emitEvent(state, 'checkout.session.completed', session),
    emitEvent(state, 'customer.subscription.created', subscription),
    emitEvent(state, 'invoice.paid', invoice),
  ];
  return { subscription, events };
}

/**
 * `POST /v1/checkout/sessions/:id/expire`: an open session can no longer be paid; anything else
 * is Stripe's 400. Emits checkout.session.expired.
 */
export function expireSession(state: FakeStripeState, sessionId: string): EmittedEvents {
  const session = findSession(state, sessionId);
  if (session.status !== 'open') {
    throw new FakeStripeError(
      400,
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
    );
  }
  Object.assign(session, { status: 'expired', url: null });
  return [emitEvent(state, 'checkout.session.expired', session)];
}
