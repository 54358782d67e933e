/**
 * The shapes of the Stripe objects the fake stores and puts in events: only the fields Rota reads,
 * plus the identifying ones. Types only; what creates and changes them lives in the per-object
 * modules (`fake-stripe-customers.ts`, `-checkout.ts`, `-subscriptions.ts`, `-invoices.ts`).
 */

/** A price the fake knows, keyed by its id in `FakeStripeStore`'s constructor. */
export interface FakePrice {
  product: string;
  unitAmount: number;
  currency: string;
  interval: 'month';
}

/** Stripe metadata: string keys to string values. */
export type Metadata = Record<string, string>;

/** The fields every stored object has. */
export interface StripeObjectBase {
  id: string;
  created: number;
  livemode: false;
  metadata: Metadata;
}

/** A Stripe Customer (subset). */
export interface CustomerObject extends StripeObjectBase {
  object: 'customer';
  email: string | null;
  name: string | null;
  description: string | null;
}

/** A Stripe Checkout Session in subscription mode (subset). */
export interface CheckoutSessionObject extends StripeObjectBase {
  object: 'checkout.session';
  mode: 'subscription';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  customer: string;
  customer_email: string | null;
  client_reference_id: string | null;
  success_url: string;
  cancel_url: string | null;
  /** The hosted page; Stripe clears it once the session is complete. */
  url: string | null;
  subscription: string | null;
  invoice: string | null;
  amount_total: number;
  currency: string;
  expires_at: number;
}

/** A Stripe Price as embedded in subscription items. */
export interface PriceObject {
  id: string;
  object: 'price';
  active: true;
  created: number;
  livemode: false;
  metadata: Metadata;
  currency: string;
  unit_amount: number;
  product: string;
  type: 'recurring';
  recurring: { interval: 'month'; interval_count: 1 };
}

/** A Stripe Subscription Item; newer API versions keep the billing period here. */
export interface SubscriptionItemObject extends StripeObjectBase {
  object: 'subscription_item';
  subscription: string;
  price: PriceObject;
  quantity: number;
  current_period_start: number;
  current_period_end: number;
}

/** Subscription statuses the fake moves through. */
export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'canceled';

/** A Stripe Subscription with one item (subset). */
export interface SubscriptionObject extends StripeObjectBase {
  object: 'subscription';
  customer: string;
  status: SubscriptionStatus;
  currency: string;
  collection_method: 'charge_automatically';
  items: { object: 'list'; url: string; has_more: false; total_count: 1; data: [SubscriptionItemObject] };
  /** Also on the item (newer API versions); kept here for readers of older versions. */
  current_period_start: number;
  current_period_end: number;
  billing_cycle_anchor: number;
  start_date: number;
  trial_start: number | null;
  trial_end: number | null;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  latest_invoice: string | null;
}

/** A Stripe Invoice for a subscription (subset). */
export interface InvoiceObject extends StripeObjectBase {
  object: 'invoice';
  customer: string;
  /** Older API versions; newer ones only have `parent.subscription_details.subscription`. */
  subscription: string;
  parent: {
    type: 'subscription_details';
    quote_details: null;
    subscription_details: { subscription: string; metadata: Metadata };
  };
  status: 'open' | 'paid';
  billing_reason: 'subscription_create' | 'subscription_cycle';
  currency: string;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  period_start: number;
  period_end: number;
  status_transitions: { finalized_at: number; paid_at: number | null };
}

/** A Stripe Billing Portal session. */
export interface PortalSessionObject {
  id: string;
  object: 'billing_portal.session';
  created: number;
  livemode: false;
  customer: string;
  return_url: string | null;
  url: string;
  configuration: null;
  flow: null;
  locale: null;
  on_behalf_of: null;
}

/** Any object the fake stores and can put in an event. */
export type StripeObjectLike =
  | CustomerObject
  | CheckoutSessionObject
  | SubscriptionObject
  | InvoiceObject
  | PortalSessionObject;

/** A Stripe Event: `data.object` is a snapshot taken when the event happened. */
export interface StripeEventLike {
  id: string;
  object: 'event';
  type: string;
  created: number;
  livemode: false;
  api_version: string;
  data: { object: StripeObjectLike; previous_attributes?: Record<string, unknown> };
  request: { id: string | null; idempotency_key: string | null };
  pending_webhooks: number;
}

/** Fields a Checkout session carries into the subscription it creates. */
export interface SessionPlan {
  priceId: string;
  quantity: number;
  trialDays: number | null;
  subscriptionMetadata: Metadata;
}

/** Events emitted by one change, oldest first. */
export type EmittedEvents = StripeEventLike[];
