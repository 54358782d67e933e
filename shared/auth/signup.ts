import { randomBytes } from 'node:crypto';
import type { Sql, TransactionSql } from '../db/client';
import { ConflictError } from '../errors';
import { writeAudit } from '../tenancy/audit';
import { provisionTenantInTransaction } from '../tenancy/provision';
import { hashPassword } from './passwords';
import type { SignupInput } from './signup-input';

export { type SignupInput, signupInput } from './signup-input';

export type SignupOutcome =
  | { kind: 'created'; userId: string; tenantId: string }
  | { kind: 'email_taken'; existingName: string };

/** A 32-character random id, the same shape better-auth gives its own rows. */
function newId(): string {
  return randomBytes(24).toString('base64url');
}

function slugFor(companyName: string, tenantId: string): string {
  const base = companyName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  return `${base || 'business'}-${tenantId.slice(0, 6)}`;
}

/**
 * Creates the owner, their password credential, the organization, the membership and the tenant
 * schema in one transaction: if any step fails, none of it exists. The password is hashed even
 * when the email is taken, so both answers take as long.
 */
export async function signUp(sql: Sql, input: SignupInput): Promise<SignupOutcome> {
  const passwordHash = await hashPassword(input.password);
  return sql.begin(async (tx) => {
    const [existing] = await tx<
      { name: string }[]
    >`select name from platform."user" where email = ${input.email}`;
    if (existing) return { kind: 'email_taken', existingName: existing.name } as const;
    return createOwnerAndTenant(tx, input, passwordHash);
  });
}

async function createOwnerAndTenant(tx: TransactionSql, input: SignupInput, passwordHash: string) {
  const userId = newId();
  const actor = `user:${userId}`;
  await tx`
    insert into platform."user" (id, name, email, "emailVerified", "twoFactorEnabled")
    values (${userId}, ${input.name}, ${input.email}, false, false)`;
  await tx`
    insert into platform.account (id, "accountId", "providerId", "userId", password, "updatedAt")
    values (${newId()}, ${userId}, 'credential', ${userId}, ${passwordHash}, now())`;
  const tenantId = await createBusiness(tx, userId, input.companyName);
  await writeAudit(tx, { actor, action: 'user.signed_up', tenantId, details: { email: input.email } });
  return { kind: 'created', userId, tenantId } as const;
}

/** The tenant (schema and registry row), its organization, and `userId` as its owner; its id. */
async function createBusiness(tx: TransactionSql, userId: string, companyName: string): Promise<string> {
  const tenant = await provisionTenantInTransaction(tx, { name: companyName }, { actor: `user:${userId}` });
  await tx`
    insert into platform.organization (id, name, slug, "createdAt")
    values (${tenant.id}, ${tenant.name}, ${slugFor(tenant.name, tenant.id)}, now())`;
  await tx`
    insert into platform.member (id, "organizationId", "userId", role, "createdAt")
    values (${newId()}, ${tenant.id}, ${userId}, 'owner', now())`;
  return tenant.id;
}

/** The most businesses one person may own at a time (each is a tenant schema and a trial). */
export const MAX_OWNED_BUSINESSES = 5;

/**
 * A new business for a signed-in person, who becomes its owner: someone whose business was
 * deleted, or who runs a second one. Sign-up cannot do it, as their email has an account.
 * Refused (409) once they own MAX_OWNED_BUSINESSES live businesses.
 */
export async function startBusiness(sql: Sql, userId: string, companyName: string) {
  return sql.begin(async (tx) => {
    // One at a time per person, so two at once cannot both pass the count.
    await tx`select 1 from platform."user" where id = ${userId} for update`;
    const [owned] = await tx<{ n: number }[]>`
      select count(*)::int as n from platform.member m
      join platform.tenants t on t.id = m."organizationId" and t.status <> 'deleted'
      where m."userId" = ${userId} and m.role = 'owner'`;
    if ((owned?.n ?? 0) >= MAX_OWNED_BUSINESSES)
      throw new ConflictError(
        `You own ${MAX_OWNED_BUSINESSES} businesses already: delete one before starting another.`,
      );
    // Audited as tenant.created by the provisioning, with this person as the actor.
    return { id: await createBusiness(tx, userId, companyName), name: companyName };
  });
}
