import { forgetPrincipals } from '../auth/principal';
import type { Sql } from '../db/client';
import { ConflictError, NotFoundError } from '../errors';
import { writeAudit } from './audit';
import type { TenantStatus } from './registry';

export interface TenantSummary {
  id: string;
  name: string;
  status: TenantStatus;
  /** The billing plan; null until the tenant has a subscription. */
  plan: string | null;
  memberCount: number;
  createdAt: Date;
}

/**
 * Tenants for the operator console, newest first, `limit` at a time after `cursor` (the
 * `createdAt|id` of the last row of the previous page).
 */
export async function listTenantsForOperators(
  sql: Sql,
  options: { limit: number; cursor?: { createdAt: Date; id: string }; status?: TenantStatus },
): Promise<TenantSummary[]> {
  const { limit, cursor, status } = options;
  return sql<TenantSummary[]>`
    select t.id, t.name, t.status, null as plan, t.created_at as "createdAt",
           (select count(*)::int from platform.member m where m."organizationId" = t.id) as "memberCount"
    from platform.tenants t
    where true
      ${status ? sql`and t.status = ${status}` : sql``}
      ${cursor ? sql`and (t.created_at, t.id) < (${cursor.createdAt}, ${cursor.id})` : sql``}
    order by t.created_at desc, t.id desc
    limit ${limit}`;
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
