import { config } from '../config';
import type { Sql, TransactionSql } from '../db/client';
import { AppError } from '../errors';
import type { Tenant } from '../tenancy/registry';
import { type Entitlements, PLANS, type PlanId, planThatLifts } from './plans';

/** A tenant's billing state as stored (platform.subscriptions). */
export interface BillingState {
  plan: PlanId;
  status: string;
  trialEndsAt: Date | null;
  pastDueSince: Date | null;
}

/** What the billing state means right now. */
export interface EffectivePlan {
  /** The plan whose limits apply. */
  plan: PlanId;
  /** Past the grace period of a failed payment: the tenant may read but not change anything. */
  readOnly: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The plan in force: a paid or trialing subscription gives its plan; a local trial (no Stripe
 * subscription yet) gives its plan until it ends; a failed payment keeps the plan for the grace
 * period, then the tenant becomes read-only; anything else (cancelled, never paid) is Free.
 * Cancelling never deletes data.
 */
export function effectivePlan(
  state: BillingState,
  now = new Date(),
  graceDays = config().BILLING_GRACE_DAYS,
): EffectivePlan {
  switch (state.status) {
    case 'active':
    case 'trialing':
      return { plan: state.plan, readOnly: false };
    case 'none':
      return { plan: state.trialEndsAt && state.trialEndsAt > now ? state.plan : 'free', readOnly: false };
    case 'past_due': {
      const since = state.pastDueSince ?? now;
      return { plan: state.plan, readOnly: now.getTime() - since.getTime() > graceDays * DAY_MS };
    }
    case 'unpaid':
      return { plan: state.plan, readOnly: true };
    default:
      return { plan: 'free', readOnly: false };
  }
}

export async function billingState(sql: Sql | TransactionSql, tenantId: string): Promise<BillingState> {
  const [row] = await sql<BillingState[]>`
    select plan, status, trial_ends_at as "trialEndsAt", past_due_since as "pastDueSince"
    from platform.subscriptions where tenant_id = ${tenantId}`;
  return row ?? { plan: 'free', status: 'none', trialEndsAt: null, pastDueSince: null };
}

/** Throws 402 naming the limit and the plan that lifts it. */
function refuse(limit: keyof Entitlements, plan: PlanId, detail: string, needed?: number): never {
  const upgrade = planThatLifts(limit, needed);
  throw new AppError('plan_limit', `${detail} Upgrade to ${PLANS[upgrade].name} to lift it.`, {
    fields: [{ field: limit, message: `${PLANS[plan].name} plan limit; ${PLANS[upgrade].name} lifts it` }],
  });
}

/**
 * Holds, until the caller's transaction ends, the tenant's lock on one countable limit: writes
 * that count the things then add one go one at a time, so two at once cannot both find room for
 * the last place. Take it before counting, in the transaction that writes.
 */
export async function lockPlanLimit(
  tx: TransactionSql,
  tenant: Tenant,
  limit: 'locations' | 'activeEmployees',
): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext(${`${tenant.id}:${limit}`}))`;
}

/**
 * Refuses to go past a countable limit of the tenant's plan: `current` things exist, `adding`
 * more are wanted. Counting is the caller's (it knows the table), checking is here.
 */
export async function assertWithinLimit(
  sql: Sql | TransactionSql,
  tenant: Tenant,
  limit: 'locations' | 'activeEmployees',
  current: number,
  adding = 1,
): Promise<void> {
  const { plan } = effectivePlan(await billingState(sql, tenant.id));
  const allowed = PLANS[plan].entitlements[limit];
  if (allowed !== null && current + adding > allowed) {
    const what = limit === 'locations' ? 'locations' : 'active employees';
    refuse(limit, plan, `The ${PLANS[plan].name} plan allows ${allowed} ${what}.`, current + adding);
  }
}

/** Refuses a feature the tenant's plan does not include. */
export async function assertFeature(
  sql: Sql | TransactionSql,
  tenant: Tenant,
  feature: 'apiKeys' | 'monthlyReport',
): Promise<void> {
  const { plan } = effectivePlan(await billingState(sql, tenant.id));
  if (!PLANS[plan].entitlements[feature]) {
    const what = feature === 'apiKeys' ? 'API keys' : 'The monthly report';
    refuse(feature, plan, `${what} are not part of the ${PLANS[plan].name} plan.`);
  }
}
