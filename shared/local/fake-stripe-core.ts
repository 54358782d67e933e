/**
 * What every part of the fake Stripe store shares: the state the per-object modules read and
 * change, the error the HTTP layer turns into Stripe's error JSON, ids, time and the small helpers
 * Stripe's semantics need (month arithmetic, metadata merging, `previous_attributes`).
 */
import { randomBytes } from 'node:crypto';
import type {
  CheckoutSessionObject,
  CustomerObject,
  FakePrice,
  InvoiceObject,
  Metadata,
  PortalSessionObject,
  SessionPlan,
  StripeEventLike,
  SubscriptionObject,
} from './fake-stripe-objects';

/**
 * The in-memory account. `FakeStripeStore` owns one and passes it to the per-object functions, so
 * they can live in their own modules without the store exposing its private parts (plans, API
 * version) as public members.
 */
export interface FakeStripeState {
  readonly prices: Record<string, FakePrice>;
  /** Stamped on every event, as Stripe stamps the account's version. */
  readonly apiVersion: string;
  readonly customers: Map<string, CustomerObject>;
  readonly sessions: Map<string, CheckoutSessionObject>;
  readonly subscriptions: Map<string, SubscriptionObject>;
  readonly invoices: Map<string, InvoiceObject>;
  readonly portalSessions: Map<string, PortalSessionObject>;
  /** Oldest first; Stripe lists them newest first. */
  readonly events: StripeEventLike[];
  /** What each Checkout session will subscribe to; not part of Stripe's session object. */
  readonly plans: Map<string, SessionPlan>;
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

/** A Stripe-looking id: prefix + 24 random base62-ish characters. */
export function newId(prefix: string): string {
  return prefix + randomBytes(18).toString('base64url').replace(/[-_]/g, '0');
}

/** Unix time in seconds, as Stripe uses everywhere. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The same instant one month on, clamped to the month's last day (Jan 31 → Feb 28) like Stripe. */
export function addMonth(seconds: number): number {
  const date = new Date(seconds * 1000);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return Math.floor(date.getTime() / 1000);
}

/** Top-level fields of `after` that differ from `before`, with their old values. */
export function changedFields(before: object, after: object): Record<string, unknown> {
  const old = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(now)) {
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) changed[key] = old[key] ?? null;
  }
  return changed;
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

/** Throws Stripe's 404 for an unknown id; typed `never` so lookups can end in `?? missing(…)`. */
export function missing(kind: string, id: string): never {
  throw new FakeStripeError(404, `No such ${kind}: '${id}'`, 'resource_missing', 'id');
}

/**
 * A known price, or Stripe's 400 naming the request parameter that carried the id.
 * `Object.hasOwn` so ids like `constructor` are unknown prices rather than prototype members.
 */
export function findPrice(state: FakeStripeState, id: string, param: string): FakePrice {
  const price = Object.hasOwn(state.prices, id) ? state.prices[id] : undefined;
  if (!price) throw new FakeStripeError(400, `No such price: '${id}'`, 'resource_missing', param);
  return price;
}
