/**
 * The lifecycle of the fake Stripe's subscriptions after Checkout created them: failed and
 * recovered payments, plan changes, cancellation. Each change returns the events it emitted.
 */
import {
  addMonth,
  changedFields,
  FakeStripeError,
  type FakeStripeState,
  findPrice,
  mergeMetadata,
  missing,
  newId,
  nowSeconds,
} from './fake-stripe-core';
import { emitEvent } from './fake-stripe-events';
import { createInvoice, markPaid, openInvoice } from './fake-stripe-invoices';
import type {
  EmittedEvents,
  InvoiceObject,
  Metadata,
  SubscriptionItemObject,
  SubscriptionObject,
} from './fake-stripe-objects';

/** A subscription by id, or Stripe's 404. */
export function findSubscription(state: FakeStripeState, id: string): SubscriptionObject {
  return state.subscriptions.get(id) ?? missing('subscription', id);
}

/** A subscription that can still change: Stripe refuses updates to a canceled one with a 400. */
function liveSubscription(state: FakeStripeState, subscriptionId: string): SubscriptionObject {
  const subscription = findSubscription(state, subscriptionId);
  if (subscription.status === 'canceled') {
    throw new FakeStripeError(400, `Subscription ${subscriptionId} is canceled`);
  }
  return subscription;
}

/** A subscription item for a known price, with the price embedded as Stripe returns it. */
export function newSubscriptionItem(
  state: FakeStripeState,
  subscription: string,
  priceId: string,
  quantity: number,
  start: number,
  end: number,
): SubscriptionItemObject {
  const price = findPrice(state, priceId, 'price');
  const item: SubscriptionItemObject = {
    id: newId('si_'),
    object: 'subscription_item',
    created: nowSeconds(),
    livemode: false,
    metadata: {},
    subscription,
    quantity,
    current_period_start: start,
    current_period_end: end,
    price: {
      id: priceId,
      object: 'price',
      active: true,
      created: 0,
      livemode: false,
      metadata: {},
      currency: price.currency,
      unit_amount: price.unitAmount,
      product: price.product,
      type: 'recurring',
      recurring: { interval: price.interval, interval_count: 1 },
    },
  };
  return item;
}

/** Sets the billing period on the subscription and its item, where different API versions read it. */
function setPeriod(subscription: SubscriptionObject, start: number, end: number) {
  subscription.current_period_start = start;
  subscription.current_period_end = end;
  const [item] = subscription.items.data;
  item.current_period_start = start;
  item.current_period_end = end;
}

/**
 * A renewal whose payment fails: a new period starts now (a trial ends now), its invoice stays
 * open and the subscription goes past_due. A second failure is another attempt on that invoice.
 */
export function failPayment(state: FakeStripeState, subscriptionId: string): EmittedEvents {
  const subscription = liveSubscription(state, subscriptionId);
  const open = openInvoice(state, subscription);
  const before = structuredClone(subscription);
  let invoice: InvoiceObject;
  if (open) {
    invoice = open;
  } else {
    const now = nowSeconds();
    setPeriod(subscription, now, addMonth(now));
    if (subscription.trial_end && subscription.trial_end > now) subscription.trial_end = now;
    invoice = createInvoice(state, subscription, 'subscription_cycle');
    subscription.latest_invoice = invoice.id;
  }
  invoice.attempt_count += 1;
  invoice.attempted = true;
  subscription.status = 'past_due';
  return [
    emitEvent(state, 'invoice.payment_failed', invoice),
    emitEvent(state, 'customer.subscription.updated', subscription, changedFields(before, subscription)),
  ];
}

/** The customer pays the open invoice: it is paid and the subscription active again. */
export function payInvoice(state: FakeStripeState, subscriptionId: string): EmittedEvents {
  const subscription = liveSubscription(state, subscriptionId);
  const invoice = openInvoice(state, subscription);
  if (!invoice) throw new FakeStripeError(400, `Subscription ${subscriptionId} has no open invoice`);
  const before = structuredClone(subscription);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  markPaid(invoice);
  subscription.status = 'active';
  return [
    emitEvent(state, 'invoice.paid', invoice),
    emitEvent(state, 'customer.subscription.updated', subscription, changedFields(before, subscription)),
  ];
}

/** Ends the subscription now. */
export function cancelSubscription(state: FakeStripeState, subscriptionId: string): EmittedEvents {
  const subscription = liveSubscription(state, subscriptionId);
  const now = nowSeconds();
  Object.assign(subscription, { status: 'canceled', canceled_at: now, ended_at: now });
  return [emitEvent(state, 'customer.subscription.deleted', subscription)];
}

/**
 * Moves the subscription's item to another price (a plan change), keeping its quantity and
 * period. `param` names the request parameter in the 400 for an unknown price.
 */
export function changePrice(
  state: FakeStripeState,
  subscriptionId: string,
  priceId: string,
  param: string,
): EmittedEvents {
  const subscription = liveSubscription(state, subscriptionId);
  findPrice(state, priceId, param);
  const before = structuredClone(subscription);
  const [item] = subscription.items.data;
  subscription.items.data = [
    newSubscriptionItem(
      state,
      subscription.id,
      priceId,
      item.quantity,
      item.current_period_start,
      item.current_period_end,
    ),
  ];
  const changed = changedFields(before, subscription);
  if (Object.keys(changed).length === 0) return [];
  return [emitEvent(state, 'customer.subscription.updated', subscription, changed)];
}

/** `POST /v1/subscriptions/:id`: the fields Rota sets. Emits only when something changed. */
export function updateSubscription(
  state: FakeStripeState,
  subscriptionId: string,
  fields: { cancelAtPeriodEnd?: boolean; metadata?: Metadata | null },
): EmittedEvents {
  const subscription = liveSubscription(state, subscriptionId);
  const before = structuredClone(subscription);
  if (fields.cancelAtPeriodEnd !== undefined) {
    subscription.cancel_at_period_end = fields.cancelAtPeriodEnd;
    subscription.cancel_at = fields.cancelAtPeriodEnd ? subscription.current_period_end : null;
    subscription.canceled_at = fields.cancelAtPeriodEnd ? nowSeconds() : null;
  }
  if (fields.metadata === null) subscription.metadata = {};
  else if (fields.metadata) subscription.metadata = mergeMetadata(subscription.metadata, fields.metadata);
  const changed = changedFields(before, subscription);
  if (Object.keys(changed).length === 0) return [];
  return [emitEvent(state, 'customer.subscription.updated', subscription, changed)];
}
