/**
 * The state behind the fake Stripe server: customers, Checkout sessions, subscriptions, invoices
 * and the events their changes emit, shaped like Stripe's API objects (only the fields Rota reads,
 * plus the identifying ones). No HTTP here: `fake-stripe.ts` serves it and delivers the events.
 */
import { randomBytes } from 'node:crypto';

/** A price the fake knows, keyed by its id in {@link FakeStripeStore}'s constructor. */
export interface FakePrice {
  product: string;
  unitAmount: number;
  currency: string;
  interval: 'month';
}

type Metadata = Record<string, string>;

interface StripeObjectBase {
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
  status: 'open' | 'complete';
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

/**
 * An error the HTTP layer turns into Stripe's error JSON: status 400/404 with `type`
 * `invalid_request_error` become `StripeInvalidRequestError` in the SDK.
 */
export class FakeStripeError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly type: 'invalid_request_error' | 'idempotency_error' = 'invalid_request_error',
  ) {
    super(message);
    this.name = 'FakeStripeError';
  }

  /** Stripe's error body. */
  toJSON() {
    return { error: { type: this.type, message: this.message, code: this.code, param: this.param } };
  }
}

/** Fields a Checkout session carries into the subscription it creates. */
interface SessionPlan {
  priceId: string;
  quantity: number;
  trialDays: number | null;
  subscriptionMetadata: Metadata;
}

/** Events emitted by one change, oldest first. */
export type EmittedEvents = StripeEventLike[];

/** A Stripe-looking id: prefix + 24 random base62-ish characters. */
export function newId(prefix: string): string {
  return prefix + randomBytes(18).toString('base64url').replace(/[-_]/g, '0');
}

/** Unix time in seconds, as Stripe uses everywhere. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The same instant one month on, clamped to the month's last day (Jan 31 → Feb 28) like Stripe. */
function addMonth(seconds: number): number {
  const date = new Date(seconds * 1000);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return Math.floor(date.getTime() / 1000);
}

/** Top-level fields of `after` that differ from `before`, with their old values. */
function changedFields(before: object, after: object): Record<string, unknown> {
  const old = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(now)) {
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) changed[key] = old[key] ?? null;
  }
  return changed;
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
  private readonly plans = new Map<string, SessionPlan>();

  constructor(
    readonly prices: Record<string, FakePrice>,
    private readonly apiVersion: string,
  ) {}

  /** Looks an object up by id, whatever its type (used for `expand[]`). */
  find(id: string): StripeObjectLike | undefined {
    return (
      this.customers.get(id) ??
      this.sessions.get(id) ??
      this.subscriptions.get(id) ??
      this.invoices.get(id) ??
      this.portalSessions.get(id)
    );
  }

  customer(id: string): CustomerObject {
    return this.customers.get(id) ?? missing('customer', id);
  }

  session(id: string): CheckoutSessionObject {
    return this.sessions.get(id) ?? missing('checkout.session', id);
  }

  subscription(id: string): SubscriptionObject {
    return this.subscriptions.get(id) ?? missing('subscription', id);
  }

  event(id: string): StripeEventLike {
    return this.events.find((event) => event.id === id) ?? missing('event', id);
  }

  price(id: string, param: string): FakePrice {
    const price = Object.hasOwn(this.prices, id) ? this.prices[id] : undefined;
    if (!price) throw new FakeStripeError(400, `No such price: '${id}'`, 'resource_missing', param);
    return price;
  }

  createCustomer(fields: { email?: string; name?: string; description?: string; metadata: Metadata }) {
    const customer: CustomerObject = {
      id: newId('cus_'),
      object: 'customer',
      created: nowSeconds(),
      livemode: false,
      email: fields.email ?? null,
      name: fields.name ?? null,
      description: fields.description ?? null,
      metadata: fields.metadata,
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  createSession(
    fields: {
      customer: string;
      customerEmail: string | null;
      clientReferenceId: string | null;
      successUrl: string;
      cancelUrl: string | null;
      metadata: Metadata;
    } & SessionPlan,
    pageUrl: (id: string) => string,
  ): CheckoutSessionObject {
    const price = this.price(fields.priceId, 'line_items[0][price]');
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
    this.sessions.set(id, session);
    this.plans.set(id, {
      priceId: fields.priceId,
      quantity: fields.quantity,
      trialDays: fields.trialDays,
      subscriptionMetadata: fields.subscriptionMetadata,
    });
    return session;
  }

  /** The price, quantity and trial a session will subscribe to. */
  sessionPlan(sessionId: string): SessionPlan {
    return this.plans.get(sessionId) ?? missing('checkout.session', sessionId);
  }

  /**
   * Completes an open session: subscription (trialing when the session asked for a trial), its
   * first invoice (paid; zero during a trial), and the three events a Stripe integration waits for.
   */
  completeCheckout(sessionId: string): { subscription: SubscriptionObject; events: EmittedEvents } {
    const session = this.session(sessionId);
    if (session.status !== 'open') {
      throw new FakeStripeError(400, `Checkout session ${sessionId} is already ${session.status}`);
    }
    const plan = this.sessionPlan(sessionId);
    const price = this.price(plan.priceId, 'price');
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
        data: [this.item(id, plan.priceId, plan.quantity, now, periodEnd)],
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
    this.subscriptions.set(id, subscription);
    const invoice = this.createInvoice(subscription, 'subscription_create', trialEnd ? 0 : undefined);
    this.markPaid(invoice);
    subscription.latest_invoice = invoice.id;

    Object.assign(session, {
      status: 'complete',
      payment_status: trialEnd ? 'no_payment_required' : 'paid',
      url: null,
      subscription: id,
      invoice: invoice.id,
    });
    const events = [
      this.emit('checkout.session.completed', session),
      this.emit('customer.subscription.created', subscription),
      this.emit('invoice.paid', invoice),
    ];
    return { subscription, events };
  }

  /**
   * A renewal whose payment fails: a new period starts now (a trial ends now), its invoice stays
   * open and the subscription goes past_due. A second failure is another attempt on that invoice.
   */
  failPayment(subscriptionId: string): EmittedEvents {
    const subscription = this.live(subscriptionId);
    const open = this.openInvoice(subscription);
    const before = structuredClone(subscription);
    let invoice: InvoiceObject;
    if (open) {
      invoice = open;
    } else {
      const now = nowSeconds();
      this.setPeriod(subscription, now, addMonth(now));
      if (subscription.trial_end && subscription.trial_end > now) subscription.trial_end = now;
      invoice = this.createInvoice(subscription, 'subscription_cycle');
      subscription.latest_invoice = invoice.id;
    }
    invoice.attempt_count += 1;
    invoice.attempted = true;
    subscription.status = 'past_due';
    return [
      this.emit('invoice.payment_failed', invoice),
      this.emit('customer.subscription.updated', subscription, changedFields(before, subscription)),
    ];
  }

  /** The customer pays the open invoice: it is paid and the subscription active again. */
  payInvoice(subscriptionId: string): EmittedEvents {
    const subscription = this.live(subscriptionId);
    const invoice = this.openInvoice(subscription);
    if (!invoice) throw new FakeStripeError(400, `Subscription ${subscriptionId} has no open invoice`);
    const before = structuredClone(subscription);
    invoice.attempt_count += 1;
    invoice.attempted = true;
    this.markPaid(invoice);
    subscription.status = 'active';
    return [
      this.emit('invoice.paid', invoice),
      this.emit('customer.subscription.updated', subscription, changedFields(before, subscription)),
    ];
  }

  /** Ends the subscription now. */
  cancel(subscriptionId: string): EmittedEvents {
    const subscription = this.live(subscriptionId);
    const now = nowSeconds();
    Object.assign(subscription, { status: 'canceled', canceled_at: now, ended_at: now });
    return [this.emit('customer.subscription.deleted', subscription)];
  }

  /** Moves the subscription's item to another price (a plan change). */
  changePrice(subscriptionId: string, priceId: string, param = 'price'): EmittedEvents {
    const subscription = this.live(subscriptionId);
    this.price(priceId, param);
    const before = structuredClone(subscription);
    const [item] = subscription.items.data;
    subscription.items.data = [
      this.item(subscription.id, priceId, item.quantity, item.current_period_start, item.current_period_end),
    ];
    const changed = changedFields(before, subscription);
    if (Object.keys(changed).length === 0) return [];
    return [this.emit('customer.subscription.updated', subscription, changed)];
  }

  /** `POST /v1/subscriptions/:id`: the fields Rota sets. Emits only when something changed. */
  updateSubscription(
    subscriptionId: string,
    fields: { cancelAtPeriodEnd?: boolean; metadata?: Metadata | null },
  ): EmittedEvents {
    const subscription = this.live(subscriptionId);
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
    return [this.emit('customer.subscription.updated', subscription, changed)];
  }

  createPortalSession(customer: string, returnUrl: string | null, pageUrl: (id: string) => string) {
    this.customer(customer);
    const id = newId('bps_');
    const session: PortalSessionObject = {
      id,
      object: 'billing_portal.session',
      created: nowSeconds(),
      livemode: false,
      customer,
      return_url: returnUrl,
      url: pageUrl(id),
      configuration: null,
      flow: null,
      locale: null,
      on_behalf_of: null,
    };
    this.portalSessions.set(id, session);
    return session;
  }

  /** Records an event with a deep copy of `object` as it is now. */
  private emit(type: string, object: StripeObjectLike, previous?: Record<string, unknown>) {
    const event: StripeEventLike = {
      id: newId('evt_'),
      object: 'event',
      type,
      created: nowSeconds(),
      livemode: false,
      api_version: this.apiVersion,
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      request: { id: null, idempotency_key: null },
      pending_webhooks: 1,
    };
    this.events.push(event);
    return event;
  }

  private live(subscriptionId: string): SubscriptionObject {
    const subscription = this.subscription(subscriptionId);
    if (subscription.status === 'canceled') {
      throw new FakeStripeError(400, `Subscription ${subscriptionId} is canceled`);
    }
    return subscription;
  }

  private item(subscription: string, priceId: string, quantity: number, start: number, end: number) {
    const price = this.price(priceId, 'price');
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

  private setPeriod(subscription: SubscriptionObject, start: number, end: number) {
    subscription.current_period_start = start;
    subscription.current_period_end = end;
    const [item] = subscription.items.data;
    item.current_period_start = start;
    item.current_period_end = end;
  }

  private openInvoice(subscription: SubscriptionObject): InvoiceObject | undefined {
    const latest = subscription.latest_invoice ? this.invoices.get(subscription.latest_invoice) : undefined;
    return latest?.status === 'open' ? latest : undefined;
  }

  private createInvoice(
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
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  private markPaid(invoice: InvoiceObject) {
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.status_transitions.paid_at = nowSeconds();
  }
}

/** Stripe's metadata update: keys merge in, and a key set to '' is removed. */
export function mergeMetadata(current: Metadata, update: Metadata): Metadata {
  const merged = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

function missing(kind: string, id: string): never {
  throw new FakeStripeError(404, `No such ${kind}: '${id}'`, 'resource_missing', 'id');
}
