import { forgetPrincipals } from '../auth/principal';
import type { Sql } from '../db/client';
import { assertTenantSchema } from '../db/identifiers';
import { NotFoundError } from '../errors';
import { writeAudit } from './audit';

/**
 * Deletes a tenant's data for good: drops its schema, marks the registry row deleted (kept for
 * billing and audit history), ends everyone's access (memberships, pending invitations, API keys;
 * sessions working in it go back to no business) and writes an audit entry, all in one
 * transaction: the deleted business then no longer shows in anyone's list of businesses. Stopping its
 * Stripe subscription is the `tenant.delete` job's next step (`cancelTenantBilling`), after the
 * commit and outside the transaction, so a Stripe outage never holds the row lock.
 */
export async function deleteTenant(sql: Sql, tenantId: string, options: { actor: string; reason?: string }) {
  await sql.begin(async (tx) => {
    const [row] = await tx<{ schema_name: string; status: string }[]>`
      select schema_name, status from platform.tenants where id = ${tenantId} for update`;
    if (!row || row.status === 'deleted') throw new NotFoundError('Tenant');
    const schema = assertTenantSchema(row.schema_name);
    await tx`drop schema if exists ${tx(schema)} cascade`;
    await tx`update platform.tenants set status = 'deleted', deleted_at = now() where id = ${tenantId}`;
    await tx`delete from platform.member where "organizationId" = ${tenantId}`;
    await tx`delete from platform.invitation where "organizationId" = ${tenantId}`;
    await tx`update platform.session set "activeOrganizationId" = null where "activeOrganizationId" = ${tenantId}`;
    await tx`update platform.api_keys set revoked_at = now() where tenant_id = ${tenantId} and revoked_at is null`;
    await writeAudit(tx, {
      actor: options.actor,
      action: 'tenant.deleted',
      tenantId,
      details: { schema, reason: options.reason ?? null },
    });
  });
  forgetPrincipals(tenantId);
}
