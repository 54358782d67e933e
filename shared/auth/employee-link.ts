import type postgres from 'postgres';
import { type Sql, schemaIdentifier, type TransactionSql } from '../db/client';
import { getTenant, type Tenant } from '../tenancy/registry';

/**
 * Links active, unlinked employees of the business to its members with the same email, compared
 * case-insensitively (staff are often entered before they have a login, or after). `which` narrows
 * the statement to one employee (`e`) or one user (`u`). A user already linked to an employee of
 * the business is left alone: each user is one employee (user_id is unique), and an existing link
 * is never moved.
 */
async function linkByEmail(
  sql: Sql | TransactionSql,
  tenant: Tenant,
  which: postgres.PendingQuery<postgres.Row[]>,
) {
  const s = schemaIdentifier(sql, tenant.schema);
  await sql`
    update ${s}.employees e set user_id = u.id
    from platform.member m join platform."user" u on u.id = m."userId"
    where m."organizationId" = ${tenant.id} and lower(u.email) = lower(e.email)
      and e.user_id is null and e.archived_at is null and ${which}
      and not exists (select 1 from ${s}.employees linked where linked.user_id = u.id)`;
}

/**
 * Links a user who joined a business to the employee record with the same email. Does nothing
 * when there is none or it is linked already.
 */
export async function linkEmployeeToUser(
  sql: Sql,
  tenantId: string,
  user: { id: string; email: string },
): Promise<void> {
  await linkByEmail(sql, await getTenant(sql, tenantId), sql`u.id = ${user.id}`);
}

/**
 * Links an employee to the member of the business with their email, for a record created, given
 * an email or restored after that person joined (or while it was archived). Does nothing when
 * there is no such member or either is linked already; in the caller's transaction.
 */
export async function linkEmployeeToMember(
  tx: TransactionSql,
  tenant: Tenant,
  employeeId: string,
): Promise<void> {
  await linkByEmail(tx, tenant, tx`e.id = ${employeeId}`);
}
