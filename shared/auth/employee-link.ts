import { type Sql, schemaIdentifier } from '../db/client';
import { getTenant } from '../tenancy/registry';

/**
 * Links a user who joined a business to the employee record with the same email (staff are often
 * entered before they have a login). Does nothing when there is none or it is linked already.
 */
export async function linkEmployeeToUser(
  sql: Sql,
  tenantId: string,
  user: { id: string; email: string },
): Promise<void> {
  const tenant = await getTenant(sql, tenantId);
  await sql`
    update ${schemaIdentifier(sql, tenant.schema)}.employees set user_id = ${user.id}
    where lower(email) = lower(${user.email}) and user_id is null and archived_at is null
      and not exists (select 1 from ${schemaIdentifier(sql, tenant.schema)}.employees where user_id = ${user.id})`;
}
