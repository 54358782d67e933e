import { forgetPrincipals } from '../auth/principal';
import { type BillingState, effectivePlan } from '../billing/entitlements';
import type { PlanId } from '../billing/plans';
import type { Sql } from '../db/client';
import { ConflictError, NotFoundError } from '../errors';
import { writeAudit } from './audit';
import type { TenantStatus } from './registry';

export interface TenantSummary {
  id: string;
  name: string;
  status: TenantStatus;
  /** The plan in force now (a trial's plan while it lasts, Free after it or after cancelling). */
  plan: PlanId;
  /** Stripe's subscription status, `trial` for the card-less trial, or `none`. */
  billingStatus: string;
  trialEndsAt: Date | null;
  /** Past the grace period of a failed payment: the business can read but not write. */
  readOnly: boolean;
  memberCount: number;
  createdAt: Date;
}

interface TenantRow extends BillingState {
  id: string;
  name: string;
  tenantStatus: TenantStatus;
  memberCount: number;
  createdAt: Date;
}

/**
 * Tenants for the operator console, newest first, `limit` at a time after `cursor` (the
 * `createdAt|id` of the last row of the previous page), each with the plan in force now.
 */
export async function listTenantsForOperators(
  sql: Sql,
  options: { limit: number; cursor?: { createdAt: Date; id: string }; status?: TenantStatus },
): Promise<TenantSummary[]> {
  const { limit, cursor, status } = options;
  const rows = await sql<TenantRow[]>`
    select t.id, t.name, t.status as "tenantStatus", t.created_at as "createdAt",
           coalesce(b.plan, 'free') as plan, coalesce(b.status, 'none') as status,
           b.trial_ends_at as "trialEndsAt", b.past_due_since as "pastDueSince",
           (select count(*)::int from platform.member m where m."organizationId" = t.id) as "memberCount"
    from platform.tenants t
    left join platform.subscriptions b on b.tenant_id = t.id
    where true
      ${status ? sql`and t.status = ${status}` : sql``}
      ${cursor ? sql`and (t.created_at, t.id) < (${cursor.createdAt}, ${cursor.id})` : sql``}
    order by t.created_at desc, t.id desc
    limit ${limit}`;
  const now = new Date();
  return rows.map((row) => {
    const { plan, readOnly } = effectivePlan(row, now);
    const onTrial = row.status === 'none' && row.trialEndsAt !== null && row.trialEndsAt > now;
    return {
      id: row.id,
      name: row.name,
      status: row.tenantStatus,
      plan,
      billingStatus: onTrial ? 'trial' : row.status,
      trialEndsAt: row.trialEndsAt,
      readOnly,
      memberCount: row.memberCount,
      createdAt: row.createdAt,
    };
  });
}

/**
 * Suspends or reactivates a tenant on an operator's word, with an audit entry. Suspension blocks
 * every request of the tenant's members and API keys with a 403 until it is reactivated.
 */
export async function setTenantStatus(
  sql: Sql,
  tenantId: string,
  status: 'active' | 'suspended',
  options: { operatorId: string; reason?: string },
): Promise<void> {
  await sql.begin(async (tx) => {
    const [row] = await tx<
      { status: TenantStatus }[]
    >`select status from platform.tenants where id = ${tenantId} for update`;
    if (!row || row.status === 'deleted') throw new NotFoundError('Tenant');
    if (row.status === status) throw new ConflictError(`The tenant is already ${status}.`);
    await tx`update platform.tenants set status = ${status} where id = ${tenantId}`;
    await writeAudit(tx, {
      actor: `operator:${options.operatorId}`,
      action: status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated',
      tenantId,
      details: { reason: options.reason ?? null },
    });
  });
  forgetPrincipals(tenantId);
}
