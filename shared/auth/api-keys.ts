import { randomBytes } from 'node:crypto';
import { assertFeature } from '../billing/entitlements';
import type { Sql } from '../db/client';
import { NotFoundError } from '../errors';
import { writeAudit } from '../tenancy/audit';
import type { Tenant } from '../tenancy/registry';
import { type CreateApiKeyInput, createApiKeyInput } from './api-key-input';
import { forgetPrincipals, hashApiKeyToken } from './principal';

export { type CreateApiKeyInput, createApiKeyInput };

export interface ApiKey {
  id: string;
  name: string;
  role: string;
  tokenPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/**
 * Creates a key for one tenant. Returns the token once: only its SHA-256 is stored (a token has
 * 190 random bits, so a fast hash is enough; a slow password hash would only slow every request).
 */
export async function createApiKey(
  sql: Sql,
  tenant: Tenant,
  createdBy: string,
  input: CreateApiKeyInput,
): Promise<{ key: ApiKey; token: string }> {
  await assertFeature(sql, tenant, 'apiKeys');
  return issueApiKey(sql, tenant, createdBy, input);
}

/** Issues a key without looking at the plan: for fixtures and operators; callers check entitlements. */
export async function issueApiKey(
  sql: Sql,
  tenant: Tenant,
  createdBy: string,
  input: CreateApiKeyInput,
): Promise<{ key: ApiKey; token: string }> {
  const { name, role } = createApiKeyInput.parse(input);
  const token = `rota_${randomBytes(24).toString('base64url')}${randomBytes(8).toString('base64url')}`;
  const id = randomBytes(12).toString('base64url');
  const key = await sql.begin(async (tx) => {
    const [row] = await tx<ApiKey[]>`
      insert into platform.api_keys (id, tenant_id, name, token_prefix, token_hash, role, created_by)
      values (${id}, ${tenant.id}, ${name}, ${token.slice(0, 12)}, ${hashApiKeyToken(token)}, ${role}, ${createdBy})
      returning id, name, role, token_prefix as "tokenPrefix", created_at as "createdAt", last_used_at as "lastUsedAt"`;
    await writeAudit(tx, {
      actor: `user:${createdBy}`,
      action: 'api_key.created',
      tenantId: tenant.id,
      details: { id, name, role },
    });
    return row as ApiKey;
  });
  return { key, token };
}

/** The tenant's keys that are not revoked, newest first. */
export function listApiKeys(sql: Sql, tenant: Tenant): Promise<ApiKey[]> {
  return sql<ApiKey[]>`
    select id, name, role, token_prefix as "tokenPrefix", created_at as "createdAt", last_used_at as "lastUsedAt"
    from platform.api_keys where tenant_id = ${tenant.id} and revoked_at is null
    order by created_at desc`;
}

/** Revokes a key of this tenant; a key of another tenant is "not found", never revoked. */
export async function revokeApiKey(
  sql: Sql,
  tenant: Tenant,
  keyId: string,
  revokedBy: string,
): Promise<void> {
  await sql.begin(async (tx) => {
    const revoked = await tx`
      update platform.api_keys set revoked_at = now()
      where id = ${keyId} and tenant_id = ${tenant.id} and revoked_at is null`;
    if (revoked.count === 0) throw new NotFoundError('API key');
    await writeAudit(tx, {
      actor: `user:${revokedBy}`,
      action: 'api_key.revoked',
      tenantId: tenant.id,
      details: { id: keyId },
    });
  });
  forgetPrincipals(tenant.id);
}
