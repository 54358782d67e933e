import { forgetPrincipals } from '../auth/principal';
import type { Sql } from '../db/client';
import { NotFoundError } from '../errors';
import { writeAudit } from './audit';

/**
 * Renames a business. The name lives twice — in the tenant registry (what the API and reports
 * show) and in better-auth's organization (what invitation emails show) — so both change in one
 * transaction, with an audit entry of the old and new names.
 */
export async function renameTenant(sql: Sql, tenantId: string, name: string, actor: string): Promise<void> {
  await sql.begin(async (tx) => {
    const [current] = await tx<{ name: string }[]>`
      select name from platform.tenants where id = ${tenantId} and status <> 'deleted' for update`;
    if (!current) throw new NotFoundError('Tenant');
    if (current.name === name) return;
    await tx`update platform.tenants set name = ${name} where id = ${tenantId}`;
    await tx`update platform."organization" set name = ${name} where id = ${tenantId}`;
    await writeAudit(tx, {
      actor,
      action: 'tenant.renamed',
      tenantId,
      details: { from: current.name, to: name },
    });
  });
  // Remembered API key principals carry the tenant's name.
  forgetPrincipals(tenantId);
}
