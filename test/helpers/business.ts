import { randomBytes } from 'node:crypto';
import { issueApiKey } from '../../shared/auth/api-keys';
import type { TenantRole } from '../../shared/auth/roles';
import { signUp } from '../../shared/auth/signup';
import type { Sql } from '../../shared/db/client';
import type { App } from '../../shared/http/app';
import { getTenant, type Tenant } from '../../shared/tenancy/registry';

export interface Member {
  userId: string;
  /** An API key acting as this member, with their role. */
  token: string;
}

/** A business created through the real sign-up code, verified, with an admin API key for its owner. */
export async function seedBusiness(sql: Sql, name = 'Test Café') {
  const email = `owner-${randomBytes(4).toString('hex')}@example.com`;
  const outcome = await signUp(sql, {
    companyName: name,
    name: 'Owner',
    email,
    password: 'correct horse battery',
  });
  if (outcome.kind !== 'created') throw new Error('seed sign-up failed');
  await sql`update platform."user" set "emailVerified" = true where id = ${outcome.userId}`;
  const tenant = await getTenant(sql, outcome.tenantId);
  const { token } = await issueApiKey(sql, tenant, outcome.userId, { name: 'owner', role: 'admin' });
  return { tenant, owner: { userId: outcome.userId, token, email } };
}

let signIns = 0;

/**
 * Signs the owner in (better-auth) and returns their session, for owner-only routes. Each sign-in
 * comes from its own address so the sign-in rate limit does not trip across tests.
 */
export async function ownerSession(app: App, email: string): Promise<{ cookie: string }> {
  signIns += 1;
  const response = await app.request('/api/auth/sign-in/email', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost:3000',
      'x-forwarded-for': `198.51.${Math.floor(signIns / 250)}.${signIns % 250}`,
    },
    body: JSON.stringify({ email, password: 'correct horse battery' }),
  });
  if (response.status !== 200) throw new Error(`owner sign-in failed: ${response.status}`);
  return {
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  };
}

/** Adds a verified user with `role` to the tenant, and an API key acting as them. */
export async function addMember(
  sql: Sql,
  tenant: Tenant,
  role: Exclude<TenantRole, 'owner'>,
): Promise<Member> {
  const userId = randomBytes(12).toString('hex');
  await sql`
    insert into platform."user" (id, name, email, "emailVerified") values (${userId}, ${role}, ${`${userId}@example.com`}, true)`;
  await sql`
    insert into platform.member (id, "organizationId", "userId", role, "createdAt")
    values (${randomBytes(12).toString('hex')}, ${tenant.id}, ${userId}, ${role}, now())`;
  const { token } = await issueApiKey(sql, tenant, userId, { name: role, role });
  return { userId, token };
}

/** Calls the API with an API key or a session cookie; returns status and parsed body. */
export async function call(
  app: App,
  auth: string | { cookie: string },
  path: string,
  init: { method?: string; json?: unknown; body?: string; contentType?: string } = {},
) {
  const headers: Record<string, string> =
    typeof auth === 'string'
      ? { authorization: `Bearer ${auth}` }
      : { cookie: auth.cookie, origin: 'http://localhost:3000' };
  let body: string | undefined = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.contentType) headers['content-type'] = init.contentType;
  const response = await app.request(path, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await response.text();
  // Tests read response bodies freely.
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
