import type { Sql } from '../db/client';
import { AppError, NotFoundError } from '../errors';
import { writeAudit } from '../tenancy/audit';
import type { Tenant } from '../tenancy/registry';

/**
 * Hands the business to another member: they become owner, the current owner becomes admin, in
 * one transaction (there is always exactly one owner).
 */
export async function transferOwnership(
  sql: Sql,
  tenant: Tenant,
  fromUserId: string,
  toUserId: string,
): Promise<void> {
  if (fromUserId === toUserId) throw new AppError('conflict', 'You already own this business.');
  await sql.begin(async (tx) => {
    const members = await tx<{ userId: string; role: string }[]>`
      select "userId", role from platform.member
      where "organizationId" = ${tenant.id} and "userId" in (${fromUserId}, ${toUserId})
      for update`;
    const from = members.find((m) => m.userId === fromUserId);
    const to = members.find((m) => m.userId === toUserId);
    if (from?.role !== 'owner') throw new AppError('forbidden', 'Only the owner can transfer ownership.');
    if (!to) throw new NotFoundError('Member');
    await tx`update platform.member set role = 'admin' where "organizationId" = ${tenant.id} and "userId" = ${fromUserId}`;
    await tx`update platform.member set role = 'owner' where "organizationId" = ${tenant.id} and "userId" = ${toUserId}`;
    await writeAudit(tx, {
      actor: `user:${fromUserId}`,
      action: 'tenant.ownership_transferred',
      tenantId: tenant.id,
      details: { from: fromUserId, to: toUserId },
    });
  });
}
