import type Stripe from 'stripe';
import { config } from '../config';
import type { Sql } from '../db/client';
import { AppError } from '../errors';
import type { Job } from '../jobs/catalogue';
import { expectsLiveEvents, stripe } from './stripe-client';

/** Stripe's recommended tolerance for the signature timestamp. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Events whose processing changes a tenant's billing; others are acknowledged and recorded only. */
export const HANDLED_EVENTS = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_failed',
]);

/**
 * Checks the Stripe-Signature header against the raw body with the current secret and, during a
 * rotation, the previous one. Anything else (missing header, re-serialized body, wrong secret,
 * stale timestamp) is a 400.
 */
export async function verifyWebhook(rawBody: string, signature: string | undefined): Promise<Stripe.Event> {
  if (!signature) throw new AppError('invalid_signature', 'Missing Stripe-Signature header.');
  const { STRIPE_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET_PREVIOUS } = config();
  const secrets = [STRIPE_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET_PREVIOUS].filter((s): s is string =>
    Boolean(s),
  );
  if (secrets.length === 0) throw new Error('STRIPE_WEBHOOK_SECRET is not set');
  const client = await stripe();
  for (const secret of secrets) {
    try {
      return client.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
    } catch {
      // try the next secret
    }
  }
  throw new AppError('invalid_signature', 'The webhook signature does not match.');
}

/** The job that processes one event: what it needs, so it never has to fetch the event again. */
export function jobForEvent(event: Stripe.Event): Job<'billing.stripe-event'> {
  const object = event.data.object as unknown as Record<string, unknown>;
  const subscriptionOf = (): string | null => {
    if (event.type.startsWith('customer.subscription.')) return object.id as string;
    if (event.type.startsWith('checkout.session.')) return (object.subscription as string | null) ?? null;
    const invoice = object as {
      subscription?: string | null;
      parent?: { subscription_details?: { subscription?: string } };
    };
    return invoice.parent?.subscription_details?.subscription ?? invoice.subscription ?? null;
  };
  const invoice =
    event.type.startsWith('invoice.') && typeof object.id === 'string'
      ? { id: object.id, attemptCount: Number(object.attempt_count ?? 1) }
      : null;
  return {
    id: `stripe-event:${event.id}`,
    type: 'billing.stripe-event',
    tenantId: null,
    payload: { eventId: event.id, eventType: event.type, subscriptionId: subscriptionOf(), invoice },
  };
}

export type WebhookOutcome = 'queued' | 'duplicate' | 'ignored';

/**
 * Records a verified event (its id is unique, so a redelivery is noticed) and queues its
 * processing. A duplicate of an event not yet processed is queued again: the job is idempotent,
 * and that way an event whose first enqueue failed is never lost.
 */
export async function receiveEvent(
  sql: Sql,
  event: Stripe.Event,
  enqueue: (job: Job) => Promise<void>,
): Promise<WebhookOutcome> {
  if (event.livemode !== expectsLiveEvents()) return 'ignored';
  const [row] = await sql<{ inserted: boolean; processed: boolean }[]>`
    insert into platform.stripe_events (id, type, created) values (${event.id}, ${event.type}, ${new Date(event.created * 1000)})
    on conflict (id) do update set id = excluded.id
    returning (xmax = 0) as inserted, processed_at is not null as processed`;
  if (!HANDLED_EVENTS.has(event.type)) return row?.inserted ? 'ignored' : 'duplicate';
  if (row?.processed) return 'duplicate';
  await enqueue(jobForEvent(event));
  return row?.inserted ? 'queued' : 'duplicate';
}
