import type Stripe from 'stripe';
import { forgetPrincipals } from '../auth/principal';
import { config } from '../config';
import { type Sql, schemaIdentifier, type TransactionSql } from '../db/client';
import { ConflictError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import { billingState, type EffectivePlan, effectivePlan } from './entitlements';
import { type Entitlements, PLANS, type PlanId, planForPrice, priceFor } from './plans';
import { stripe } from './stripe-client';

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

/** A Stripe Checkout page for a paid plan; refused while a subscription exists (use the portal). */
export async function createCheckout(
  sql: Sql,
  tenant: Tenant,
  input: { plan: 'pro' | 'business'; email: string | null; requestId: string },
): Promise<string> {
  const state = await billingState(sql, tenant.id);
  if (['active', 'trialing', 'past_due', 'unpaid'].includes(state.status)) {
    throw new ConflictError(
      'This business already has a subscription: change the plan in the billing portal.',
    );
  }
  const customer = await ensureCustomer(sql, tenant, input.email);
  const { APP_URL } = config();
  const session = await (await stripe()).checkout.sessions.create(
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
  return session.url;
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

/**
 * Brings a tenant's billing state to what Stripe says now. The row is locked and the subscription
 * re-read inside the lock, so concurrent or out-of-order events can only ever write the newest
 * state. Returns the tenant id (null for a subscription Rota does not know).
 */
export async function syncSubscription(sql: Sql, subscriptionId: string): Promise<string | null> {
  const first = await (await stripe()).subscriptions.retrieve(subscriptionId);
  const tenantId = await tenantOfSubscription(sql, first);
  if (!tenantId) return null;
  await sql.begin(async (tx) => {
    await tx`select 1 from platform.subscriptions where tenant_id = ${tenantId} for update`;
    const current = await (await stripe()).subscriptions.retrieve(subscriptionId);
    await writeSubscription(tx, tenantId, current);
  });
  forgetPrincipals(tenantId);
  return tenantId;
}

const ENDED = new Set(['canceled', 'incomplete_expired']);

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
