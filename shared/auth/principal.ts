import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type EffectivePlan, effectivePlan } from '../billing/entitlements';
import type { PlanId } from '../billing/plans';
import type { Sql } from '../db/client';
import { type Tenant, type TenantStatus, toTenant } from '../tenancy/registry';
import { isTenantRole, lesserRole, type TenantRole } from './roles';

/** Who is calling, established from a verified credential only (never from headers or body). */
export interface Principal {
  kind: 'session' | 'api_key';
  /** The signed-in user, or the user who created the API key. */
  userId: string;
  email: string | null;
  platformRole: 'operator' | null;
  twoFactorEnabled: boolean;
  sessionId: string | null;
  apiKeyId: string | null;
  /**
   * The active tenant, the caller's role in it and the plan in force (read-only past the grace
   * period of a failed payment); null when there is no valid membership.
   */
  membership: { tenant: Tenant; role: TenantRole; billing: EffectivePlan } | null;
}

/** Session cookie names better-auth sets with `cookiePrefix: 'rota'` (secure outside local). */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}rota.session_token`;
}

/**
 * Checks a better-auth signed cookie value (`<token>.<base64 HMAC-SHA256 of token>`) and returns
 * the token, or null when the signature does not match. Verifying here, instead of loading
 * better-auth on every request, keeps its ~1 MB and cold import off ordinary API routes.
 */
export function verifySignedToken(cookieValue: string, secret: string): string | null {
  if (!secret) throw new Error('AUTH_SECRET is not loaded');
  const dot = cookieValue.lastIndexOf('.');
  if (dot <= 0) return null;
  const token = cookieValue.slice(0, dot);
  const given = Buffer.from(cookieValue.slice(dot + 1), 'base64');
  const expected = createHmac('sha256', secret).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

interface PrincipalRow {
  user_id: string;
  email: string | null;
  platform_role: 'operator' | null;
  two_factor_enabled: boolean | null;
  session_id: string | null;
  api_key_id: string | null;
  role: string | null;
  tenant_id: string | null;
  schema_name: string | null;
  tenant_name: string | null;
  tenant_status: TenantStatus | null;
  schema_version: number | null;
  tenant_created_at: Date | null;
  plan: PlanId | null;
  billing_status: string | null;
  trial_ends_at: Date | null;
  past_due_since: Date | null;
}

/** The subscription columns every principal query selects, so billing costs no extra round trip. */
const BILLING_COLUMNS = 'b.plan, b.status as billing_status, b.trial_ends_at, b.past_due_since';

/**
 * The principal behind a session token, in one query: session, user, the membership in the
 * session's active tenant (if any) and that tenant.
 */
export async function principalFromSession(sql: Sql, token: string): Promise<Principal | null> {
  const [row] = await sql<PrincipalRow[]>`
    select u.id as user_id, u.email, u."platformRole" as platform_role,
           u."twoFactorEnabled" as two_factor_enabled, s.id as session_id, null as api_key_id,
           m.role, t.id as tenant_id, t.schema_name, t.name as tenant_name, t.status as tenant_status,
           t.schema_version, t.created_at as tenant_created_at, ${sql.unsafe(BILLING_COLUMNS)}
    from platform.session s
    join platform."user" u on u.id = s."userId"
    left join platform.member m on m."organizationId" = s."activeOrganizationId" and m."userId" = u.id
    left join platform.tenants t on t.id = m."organizationId"
    left join platform.subscriptions b on b.tenant_id = t.id
    where s.token = ${token} and s."expiresAt" > now() and u."emailVerified"`;
  return row ? toPrincipal('session', row) : null;
}

/** The SHA-256 under which an API key token is stored. */
export function hashApiKeyToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** How long a resolved API key is trusted without asking the database again. */
const API_KEY_CACHE_MS = 30_000;
const API_KEY_CACHE_SIZE = 10_000;
const apiKeyCache = new Map<string, { principal: Principal | null; expires: number }>();

/**
 * The principal behind an API key, remembered for API_KEY_CACHE_MS so a busy integration costs no
 * database round trip for tenant resolution. Revoking a key, suspending a tenant or changing its
 * billing calls `forgetPrincipals`, which takes effect at once in this process and within the TTL
 * in other Lambda instances.
 */
export async function principalFromApiKey(sql: Sql, token: string): Promise<Principal | null> {
  const remembered = rememberedApiKeyPrincipal(token);
  if (remembered !== undefined) return remembered;
  const principal = await loadApiKeyPrincipal(sql, token);
  if (apiKeyCache.size >= API_KEY_CACHE_SIZE) apiKeyCache.delete(apiKeyCache.keys().next().value as string);
  apiKeyCache.set(token, { principal, expires: Date.now() + API_KEY_CACHE_MS });
  return principal;
}

/**
 * The principal behind an API key if this process still remembers it (null for a key known to be
 * invalid), or undefined when {@link principalFromApiKey} must ask the database.
 */
export function rememberedApiKeyPrincipal(token: string): Principal | null | undefined {
  // Keyed by the token itself, which this process holds while serving the request anyway:
  // hashing it first would cost a SHA-256 on every request (~8 µs) for no added safety.
  const cached = apiKeyCache.get(token);
  return cached && cached.expires > Date.now() ? cached.principal : undefined;
}

/** Drops remembered API key principals: of one tenant, or all of them. */
export function forgetPrincipals(tenantId?: string): void {
  for (const [token, { principal }] of apiKeyCache) {
    if (!tenantId || !principal || principal.membership?.tenant.id === tenantId) apiKeyCache.delete(token);
  }
}

/**
 * Loads an API key's principal in one query: the key, its tenant and billing state, and the user
 * who created it (who must still be a member). Revoked keys resolve to nothing. The key acts with
 * its own role or its creator's current one, whichever has fewer rights: an admin demoted to
 * employee takes their admin keys down with them.
 */
async function loadApiKeyPrincipal(sql: Sql, token: string): Promise<Principal | null> {
  const [row] = await sql<(PrincipalRow & { member_role: string })[]>`
    select k.created_by as user_id, null as email, null as platform_role, false as two_factor_enabled,
           null as session_id, k.id as api_key_id, k.role, m.role as member_role, t.id as tenant_id, t.schema_name,
           t.name as tenant_name, t.status as tenant_status, t.schema_version, t.created_at as tenant_created_at,
           ${sql.unsafe(BILLING_COLUMNS)}
    from platform.api_keys k
    join platform.tenants t on t.id = k.tenant_id
    left join platform.subscriptions b on b.tenant_id = t.id
    join platform.member m on m."organizationId" = k.tenant_id and m."userId" = k.created_by
    where k.token_hash = ${hashApiKeyToken(token)} and k.revoked_at is null`;
  if (!row) return null;
  recordUse(sql, 'api_keys', row.api_key_id as string);
  return toPrincipal('api_key', { ...row, role: row.role && lesserRole(row.role, row.member_role) });
}

const LAST_USED_RESOLUTION_MS = 60_000;
const lastRecorded = new Map<string, number>();

/**
 * Stamps `last_used_at` of an API key or kiosk at most once a minute per process, without making
 * the request wait: a busy key costs one write a minute, not one per request.
 */
export function recordUse(sql: Sql, table: 'api_keys' | 'kiosks', id: string): void {
  const key = `${table}:${id}`;
  const now = Date.now();
  if (now - (lastRecorded.get(key) ?? 0) < LAST_USED_RESOLUTION_MS) return;
  lastRecorded.set(key, now);
  void sql`update ${sql(`platform.${table}`)} set last_used_at = now() where id = ${id}`.catch(() =>
    lastRecorded.delete(key),
  );
}

function toPrincipal(kind: Principal['kind'], row: PrincipalRow): Principal {
  const hasTenant = row.tenant_id && row.schema_name && row.role && isTenantRole(row.role);
  return {
    kind,
    userId: row.user_id,
    email: row.email,
    platformRole: row.platform_role,
    twoFactorEnabled: row.two_factor_enabled === true,
    sessionId: row.session_id,
    apiKeyId: row.api_key_id,
    membership: hasTenant
      ? {
          role: row.role as TenantRole,
          billing: effectivePlan({
            plan: row.plan ?? 'free',
            status: row.billing_status ?? 'none',
            trialEndsAt: row.trial_ends_at,
            pastDueSince: row.past_due_since,
          }),
          tenant: toTenant({
            id: row.tenant_id as string,
            schema_name: row.schema_name as string,
            name: row.tenant_name as string,
            status: row.tenant_status as TenantStatus,
            schema_version: row.schema_version as number,
            created_at: row.tenant_created_at as Date,
          }),
        }
      : null,
  };
}
