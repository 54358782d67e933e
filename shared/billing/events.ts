import { config } from '../config';
import type { Sql } from '../db/client';
import { sendEmail } from '../email/send';
import { paymentFailedEmail } from '../email/templates';
import type { Job } from '../jobs/catalogue';
import { ownerEmails, reconcileSubscriptions, type SyncOutcome, syncSubscription } from './subscriptions';

type EventPayload = Job<'billing.stripe-event'>['payload'];

/**
 * Applies one Stripe event: the subscription it concerns is re-read from Stripe (so the newest
 * state wins whatever order events arrive in; see `syncSubscription` for events about a
 * subscription other than the tenant's current one), and a failed payment emails the owners once
 * per invoice attempt. Safe to run many times, also at the same time.
 */
export async function processStripeEvent(
  sql: Sql,
  payload: EventPayload,
): Promise<{ tenantId: string | null; outcome: SyncOutcome | null }> {
  const { tenantId, outcome } = payload.subscriptionId
    ? await syncSubscription(sql, payload.subscriptionId)
    : { tenantId: null, outcome: null };
  // Owners hear about failed payments of the subscription they are on, not of one set aside.
  if (
    payload.eventType === 'invoice.payment_failed' &&
    tenantId &&
    outcome === 'applied' &&
    payload.invoice
  ) {
    await notifyPaymentFailed(sql, tenantId, payload.invoice);
  }
  await sql`update platform.stripe_events set processed_at = coalesce(processed_at, now()) where id = ${payload.eventId}`;
  return { tenantId, outcome };
}

/**
 * One email per invoice attempt: the notification key is claimed first, so concurrent duplicates
 * cannot both send; if sending fails the claim is released for the retry.
 */
async function notifyPaymentFailed(
  sql: Sql,
  tenantId: string,
  invoice: { id: string; attemptCount: number },
) {
  const key = `payment_failed:${invoice.id}:${invoice.attemptCount}`;
  const [claimed] = await sql`
    insert into platform.billing_notifications (key, tenant_id) values (${key}, ${tenantId})
    on conflict (key) do nothing returning key`;
  if (!claimed) return;
  try {
    const graceDays = config().BILLING_GRACE_DAYS;
    for (const email of await ownerEmails(sql, tenantId)) {
      await sendEmail(email, paymentFailedEmail({ url: `${config().APP_URL}/billing`, graceDays }));
    }
  } catch (error) {
    await sql`delete from platform.billing_notifications where key = ${key}`;
    throw error;
  }
}

/** The scheduled repair: re-reads every subscription from Stripe. */
export async function reconcileBilling(sql: Sql): Promise<string[]> {
  return reconcileSubscriptions(sql);
}
