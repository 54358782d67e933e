import type Stripe from 'stripe';
import { forgetPrincipals } from '../auth/principal';
import { config } from '../config';
import { type Sql, schemaIdentifier, type TransactionSql } from '../db/client';
import { ConflictError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import { billingState, type EffectivePlan, effectivePlan } from './entitlements';
import { type Entitlements, PLANS, type PlanId, planForPrice, priceFor } from './plans';
import { stripe, stripeConfigured } from './stripe-client';

export interface BillingOverview {
  plan: PlanId;
  status: string;
  effective: EffectivePlan;
  trialEndsAt: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  pastDueSince: Date | null;
  hasPaymentMethod: boolean;
  /** What the plan in force allows, and how much of the countable limits is used. */
  limits: Entitlements;
  usage: { locations: number; activeEmployees: number };
}

/** What the billing page shows: plan, status, trial and period ends, past-due state, usage. */
export async function billingOverview(sql: Sql, tenant: Tenant): Promise<BillingOverview> {
  const [row] = await sql<
    {
      plan: PlanId;
      status: string;
      trial_ends_at: Date | null;
      current_period_end: Date | null;
      cancel_at_period_end: boolean;
      past_due_since: Date | null;
      stripe_subscription_id: string | null;
    }[]
  >`select plan, status, trial_ends_at, current_period_end, cancel_at_period_end, past_due_since, stripe_subscription_id
    from platform.subscriptions where tenant_id = ${tenant.id}`;
  const state = await billingState(sql, tenant.id);
  const effective = effectivePlan(state);
  const schema = schemaIdentifier(sql, tenant.schema);
  const [usage] = await sql<[{ locations: number; activeEmployees: number }]>`
    select (select count(*)::int from ${schema}.locations where archived_at is null) as locations,
           (select count(*)::int from ${schema}.employees where archived_at is null) as "activeEmployees"`;
  return {
    plan: row?.plan ?? 'free',
    status: row?.status ?? 'none',
    effective,
    trialEndsAt: row?.trial_ends_at ?? null,
    currentPeriodEnd: row?.current_period_end ?? null,
    cancelAtPeriodEnd: row?.cancel_at_period_end ?? false,
    pastDueSince: row?.past_due_since ?? null,
    hasPaymentMethod: Boolean(row?.stripe_subscription_id),
    limits: PLANS[effective.plan].entitlements,
    usage,
  };
}

/**
 * The tenant's Stripe customer, created once: the idempotency key makes a retried or concurrent
 * first call return the same customer, and the tenant id travels in its metadata.
 */
export async function ensureCustomer(sql: Sql, tenant: Tenant, email: string | null): Promise<string> {
  const [row] = await sql<{ stripe_customer_id: string | null }[]>`
    select stripe_customer_id from platform.subscriptions where tenant_id = ${tenant.id}`;
  if (row?.stripe_customer_id) return row.stripe_customer_id;
  const customer = await (await stripe()).customers.create(
    { name: tenant.name, ...(email ? { email } : {}), metadata: { tenantId: tenant.id } },
    { idempotencyKey: `rota-customer-${tenant.id}` },
  );
  await sql`
    update platform.subscriptions set stripe_customer_id = coalesce(stripe_customer_id, ${customer.id}), updated_at = now()
    where tenant_id = ${tenant.id}`;
  return customer.id;
}

/**
 * A Stripe Checkout page for a paid plan; refused while a subscription exists (use the portal).
 * The new page is the tenant's only payable one: any other open session (another tab, Back then
 * Upgrade again) is expired, so two subscriptions cannot both be paid for.
 */
export async function createCheckout(
  sql: Sql,
  tenant: Tenant,
  input: { plan: 'pro' | 'business'; email: string | null; requestId: string },
): Promise<string> {
  const state = await billingState(sql, tenant.id);
  if (LIVE.has(state.status)) {
    throw new ConflictError(
      'This business already has a subscription: change the plan in the billing portal.',
    );
  }
  const customer = await ensureCustomer(sql, tenant, input.email);
  // One Checkout page opened at a time per business: of two requests at once (two quick clicks),
  // each would otherwise expire the other's page, leaving the owner none. The lock is held while
  // Stripe answers, a second or so, and only by this rare request.
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`checkout:${tenant.id}`}))`;
    return openCheckoutPage(customer, tenant, input);
  });
}

/** Opens the Checkout page, then expires the customer's other open ones. */
async function openCheckoutPage(
  customer: string,
  tenant: Tenant,
  input: { plan: 'pro' | 'business'; requestId: string },
): Promise<string> {
  const { APP_URL } = config();
  const client = await stripe();
  const session = await client.checkout.sessions.create(
    {
      mode: 'subscription',
      customer,
      line_items: [{ price: priceFor(input.plan), quantity: 1 }],
      client_reference_id: tenant.id,
      metadata: { tenantId: tenant.id },
      subscription_data: { metadata: { tenantId: tenant.id } },
      success_url: `${APP_URL}/billing?checkout=success`,
      cancel_url: `${APP_URL}/billing?checkout=cancelled`,
    },
    { idempotencyKey: `rota-checkout-${tenant.id}-${input.requestId}` },
  );
  if (!session.url) throw new Error('Stripe returned a Checkout session without a URL');
  // Expired after this one exists, not before: a retried request replays this same session (the
  // idempotency key), and must not find it expired by its own first attempt.
  await expireOpenCheckouts(client, customer, session.id);
  return session.url;
}

/**
 * Expires the customer's open Checkout sessions but `keep`, as Stripe advises against paying
 * twice. A session paid or expired meanwhile is no longer open, which is all this wants; if a
 * payment wins that race, {@link syncSubscription} cancels the duplicate it creates.
 */
async function expireOpenCheckouts(client: Stripe, customer: string, keep?: string): Promise<void> {
  // Listed in full first: expiring while paging would move the cursor's ground.
  const open = await client.checkout.sessions
    .list({ customer, status: 'open', limit: 100 })
    .autoPagingToArray({ limit: 1000 });
  for (const session of open) {
    if (session.id === keep) continue;
    try {
      await client.checkout.sessions.expire(session.id);
    } catch (error) {
      if (!isInvalidRequest(error)) throw error;
    }
  }
}

/** The Stripe Customer Portal, where the owner changes card, plan or cancels. */
export async function createPortal(
  sql: Sql,
  tenant: Tenant,
  email: string | null,
  requestId: string,
): Promise<string> {
  const customer = await ensureCustomer(sql, tenant, email);
  const session = await (await stripe()).billingPortal.sessions.create(
    { customer, return_url: `${config().APP_URL}/billing` },
    { idempotencyKey: `rota-portal-${tenant.id}-${requestId}` },
  );
  return session.url;
}

/** The tenant a Stripe subscription belongs to: its metadata, else its customer's tenant. */
async function tenantOfSubscription(sql: Sql, subscription: Stripe.Subscription): Promise<string | null> {
  if (subscription.metadata?.tenantId) return subscription.metadata.tenantId;
  const customerId =
    typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
  const [row] = await sql<{ tenant_id: string }[]>`
    select tenant_id from platform.subscriptions where stripe_customer_id = ${customerId}`;
  return row?.tenant_id ?? null;
}

/** What {@link syncSubscription} did with the subscription it was asked about. */
export type SyncOutcome =
  /** The tenant's billing state is now this subscription's. */
  | 'applied'
  /** Not the tenant's current subscription, which stays (or a subscription Rota does not know). */
  | 'ignored'
  /** A second live subscription of a tenant that already had one: canceled, the first kept. */
  | 'duplicate_canceled';

/**
 * Brings a tenant's billing state to what Stripe says now. The row is locked and the subscription
 * re-read inside the lock, so concurrent or out-of-order events can only ever write the newest
 * state. A subscription other than the tenant's current one never replaces a live current one: a
 * late event about an old, canceled subscription is ignored, and a second live subscription (two
 * Checkout sessions both paid) is canceled with its unused time credited, see {@link judge}.
 */
export async function syncSubscription(
  sql: Sql,
  subscriptionId: string,
): Promise<{ tenantId: string | null; outcome: SyncOutcome }> {
  const client = await stripe();
  const first = await client.subscriptions.retrieve(subscriptionId);
  const tenantId = await tenantOfSubscription(sql, first);
  if (!tenantId) return { tenantId: null, outcome: 'ignored' };
  const verdict = await sql.begin(async (tx) => {
    const [row] = await tx<{ stripe_subscription_id: string | null }[]>`
      select stripe_subscription_id from platform.subscriptions where tenant_id = ${tenantId} for update`;
    const named = await client.subscriptions.retrieve(subscriptionId);
    const currentId = row?.stripe_subscription_id;
    const current = currentId && currentId !== named.id ? await retrieveIfExists(client, currentId) : null;
    const decision = judge(named, current);
    if (decision === 'apply') await writeSubscription(tx, tenantId, named);
    return decision;
  });
  // After the commit, as every side effect: a failure fails the job, whose retry judges again.
  if (verdict === 'duplicate') await cancelDuplicate(client, subscriptionId);
  forgetPrincipals(tenantId);
  const outcome =
    verdict === 'apply' ? 'applied' : verdict === 'duplicate' ? 'duplicate_canceled' : 'ignored';
  return { tenantId, outcome };
}

/** Statuses in which a subscription is the tenant's (paid, trialing, or in dunning). */
const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid']);
const ENDED = new Set(['canceled', 'incomplete_expired']);

/**
 * Whether `named` (the subscription an event is about) becomes the tenant's, given the one the
 * tenant is on now (`current`, null when none or the same one):
 * - no other current one, or it is not live: apply, unless both are over and `named` is older;
 * - a live current one and `named` is not live (a late event about an old subscription): ignore;
 * - both live: `named` is a duplicate. The tenant keeps the one it already runs on, so its plan
 *   does not change under it, and the newly reported one is canceled (see {@link cancelDuplicate}).
 */
function judge(
  named: Stripe.Subscription,
  current: Stripe.Subscription | null,
): 'apply' | 'ignore' | 'duplicate' {
  if (!current) return 'apply';
  if (LIVE.has(current.status)) return LIVE.has(named.status) ? 'duplicate' : 'ignore';
  if (ENDED.has(current.status) && ENDED.has(named.status) && named.created < current.created)
    return 'ignore';
  return 'apply';
}

/**
 * Cancels a duplicate subscription now, crediting its unused time: `prorate` creates the credit
 * and `invoice_now` settles it at once, on the customer's balance, which Stripe spends on the kept
 * subscription's next invoices. So the customer pays once overall; a refund to the card instead
 * is a support decision (the job logs the duplicate as an error).
 */
async function cancelDuplicate(client: Stripe, subscriptionId: string): Promise<void> {
  await cancelNow(
    client,
    subscriptionId,
    {
      prorate: true,
      invoice_now: true,
      cancellation_details: { comment: 'Duplicate: the business already had a live subscription.' },
    },
    `rota-duplicate-${subscriptionId}`,
  );
}

/**
 * Stops billing a tenant that is being deleted: expires its open Checkout pages, then cancels
 * every subscription of its customer that is not over, now, with no final invoice and no
 * proration. Safe to run again: a canceled subscription is not listed, and Stripe's 404 for one
 * canceled meanwhile is accepted. Nothing to do without Stripe configured or without a customer.
 * Returns the subscriptions it canceled.
 */
export async function cancelTenantBilling(sql: Sql, tenantId: string): Promise<string[]> {
  if (!stripeConfigured()) return [];
  const [row] = await sql<{ stripe_customer_id: string | null }[]>`
    select stripe_customer_id from platform.subscriptions where tenant_id = ${tenantId}`;
  const customer = row?.stripe_customer_id;
  if (!customer) return [];
  const client = await stripe();
  // Checkout first, so no new subscription can start after the cancellations.
  await expireOpenCheckouts(client, customer);
  const subscriptions = await client.subscriptions
    .list({ customer, limit: 100 })
    .autoPagingToArray({ limit: 1000 });
  const live = subscriptions.filter((subscription) => !ENDED.has(subscription.status));
  for (const subscription of live) {
    await cancelNow(
      client,
      subscription.id,
      { invoice_now: false, prorate: false },
      `rota-tenant-deleted-${subscription.id}`,
    );
  }
  return live.map((subscription) => subscription.id);
}

/** Cancels a subscription now; one canceled already (Stripe answers 404 for it) is done too. */
async function cancelNow(
  client: Stripe,
  subscriptionId: string,
  params: Stripe.SubscriptionCancelParams,
  idempotencyKey: string,
): Promise<void> {
  try {
    await client.subscriptions.cancel(subscriptionId, params, { idempotencyKey });
  } catch (error) {
    if (stripeErrorCode(error) !== 'resource_missing') throw error;
    const subscription = await client.subscriptions.retrieve(subscriptionId);
    if (!ENDED.has(subscription.status)) throw error;
  }
}

async function retrieveIfExists(client: Stripe, subscriptionId: string): Promise<Stripe.Subscription | null> {
  try {
    return await client.subscriptions.retrieve(subscriptionId);
  } catch (error) {
    if (stripeErrorCode(error) === 'resource_missing') return null;
    throw error;
  }
}

function stripeErrorCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/** Stripe's 4xx for a request it refuses as such (for instance, expiring a session no longer open). */
function isInvalidRequest(error: unknown): boolean {
  return (error as { type?: string } | null)?.type === 'StripeInvalidRequestError';
}

async function writeSubscription(tx: TransactionSql, tenantId: string, subscription: Stripe.Subscription) {
  const item = subscription.items.data[0];
  const plan = ENDED.has(subscription.status) ? 'free' : (planForPrice(item?.price.id) ?? 'free');
  const periodEnd =
    (item as { current_period_end?: number } | undefined)?.current_period_end ??
    (subscription as unknown as { current_period_end?: number }).current_period_end;
  const customerId =
    typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
  await tx`
    update platform.subscriptions set
      plan = ${plan},
      status = ${subscription.status},
      stripe_customer_id = ${customerId},
      stripe_subscription_id = ${subscription.id},
      trial_ends_at = ${subscription.trial_end ? new Date(subscription.trial_end * 1000) : null},
      current_period_end = ${periodEnd ? new Date(periodEnd * 1000) : null},
      cancel_at_period_end = ${subscription.cancel_at_period_end},
      past_due_since = ${subscription.status === 'past_due' ? tx`coalesce(past_due_since, now())` : null},
      updated_at = now()
    where tenant_id = ${tenantId}`;
}

/** Owner emails of a tenant (for billing notices). */
export async function ownerEmails(sql: Sql, tenantId: string): Promise<string[]> {
  const rows = await sql<{ email: string }[]>`
    select u.email from platform.member m join platform."user" u on u.id = m."userId"
    where m."organizationId" = ${tenantId} and m.role = 'owner'`;
  return rows.map((row) => row.email);
}

/**
 * Re-reads from Stripe every subscription of every tenant with a Stripe customer and repairs any
 * difference: covers events that never arrived. Returns the tenants whose state changed.
 */
export async function reconcileSubscriptions(sql: Sql): Promise<string[]> {
  const customers = await sql<
    { tenant_id: string; stripe_customer_id: string; status: string; plan: string }[]
  >`
    select tenant_id, stripe_customer_id, status, plan from platform.subscriptions where stripe_customer_id is not null`;
  const repaired: string[] = [];
  for (const customer of customers) {
    const list = await (await stripe()).subscriptions.list({
      customer: customer.stripe_customer_id,
      status: 'all',
      limit: 10,
    });
    const newest = [...list.data].sort((a, b) => rank(a) - rank(b) || b.created - a.created)[0];
    if (!newest) continue;
    await syncSubscription(sql, newest.id);
    const after = await billingState(sql, customer.tenant_id);
    if (after.status !== customer.status || after.plan !== customer.plan) repaired.push(customer.tenant_id);
  }
  return repaired;
}

/** Live subscriptions first: a tenant's current one wins over ones it cancelled before. */
function rank(subscription: Stripe.Subscription): number {
  return ENDED.has(subscription.status) ? 1 : 0;
}
