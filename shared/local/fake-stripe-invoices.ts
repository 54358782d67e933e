/**
 * Invoices of the fake Stripe's subscriptions: one per period, open until paid. Only the
 * subscription and checkout modules create them; the HTTP layer reads them through `expand[]`.
 */
import { type FakeStripeState, newId, nowSeconds } from './fake-stripe-core';
import type { InvoiceObject, SubscriptionObject } from './fake-stripe-objects';

/** The subscription's latest invoice if it is still open (unpaid), else undefined. */
export function openInvoice(
  state: FakeStripeState,
  subscription: SubscriptionObject,
): InvoiceObject | undefined {
  const latest = subscription.latest_invoice ? state.invoices.get(subscription.latest_invoice) : undefined;
  return latest?.status === 'open' ? latest : undefined;
}

/**
 * Stores an open invoice for the subscription's current period. `amount` overrides the price ×
 * quantity, for the zero invoice that starts a trial.
 */
export function createInvoice(
  state: FakeStripeState,
  subscription: SubscriptionObject,
  reason: InvoiceObject['billing_reason'],
  amount?: number,
): InvoiceObject {
  const [item] = subscription.items.data;
  const due = amount ?? item.price.unit_amount * item.quantity;
  const now = nowSeconds();
  const invoice: InvoiceObject = {
    id: newId('in_'),
    object: 'invoice',
    created: now,
    livemode: false,
    metadata: {},
    customer: subscription.customer,
    subscription: subscription.id,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: subscription.id, metadata: { ...subscription.metadata } },
    },
    status: 'open',
    billing_reason: reason,
    currency: subscription.currency,
    amount_due: due,
    amount_paid: 0,
    amount_remaining: due,
    attempt_count: 0,
    attempted: false,
    period_start: subscription.current_period_start,
    period_end: subscription.current_period_end,
    status_transitions: { finalized_at: now, paid_at: null },
  };
  state.invoices.set(invoice.id, invoice);
  return invoice;
}

/** Marks the invoice paid in full, now. */
export function markPaid(invoice: InvoiceObject): void {
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.status_transitions.paid_at = nowSeconds();
}
