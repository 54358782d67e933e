import type { Context, MiddlewareHandler, Next } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  type Principal,
  principalFromApiKey,
  principalFromSession,
  rememberedApiKeyPrincipal,
  sessionCookieName,
  verifySignedToken,
} from '../auth/principal';
import type { TenantRole } from '../auth/roles';
import { PLANS } from '../billing/plans';
import { config } from '../config';
import type { Sql } from '../db/client';
import { AppError } from '../errors';
import type { AppEnv } from './context';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const API_KEY_PREFIX = 'rota_';

/**
 * Establishes who is calling from a verified credential: `Authorization: Bearer rota_…` (an API
 * key) or the session cookie. Cookie-authenticated writes must come from a trusted Origin (CSRF).
 * Answers 401 when there is neither. An API key this process remembers is admitted without
 * waiting on anything: no promise of its own on an integration's busiest path.
 */
export function authenticate(sql: Sql): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const token = bearerToken(c);
    const remembered = token === undefined ? undefined : rememberedApiKeyPrincipal(token);
    if (remembered !== undefined) return admit(c, remembered, next);
    return resolvePrincipal(c, sql, token).then((principal) => admit(c, principal, next));
  };
}

/** Lets the request on as `principal`, or answers 401 when there is none. */
function admit(c: Context<AppEnv>, principal: Principal | null, next: Next): Promise<void> {
  if (!principal) throw new AppError('unauthenticated', 'Sign in, or send an API key as a Bearer token.');
  c.set('principal', principal);
  c.get('log').appendKeys({ userId: principal.userId, tenantId: principal.membership?.tenant.id });
  return next();
}

/** The API key in `Authorization: Bearer rota_…`; undefined without the header, 401 when malformed. */
function bearerToken(c: Context<AppEnv>): string | undefined {
  const authorization = c.req.header('authorization');
  if (!authorization) return undefined;
  const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
  if (!token?.startsWith(API_KEY_PREFIX))
    throw new AppError('unauthenticated', 'Malformed Authorization header.');
  return token;
}

async function resolvePrincipal(
  c: Context<AppEnv>,
  sql: Sql,
  token: string | undefined,
): Promise<Principal | null> {
  if (token) return principalFromApiKey(sql, token);
  const { AUTH_SECRET, STAGE } = config();
  const cookie = getCookie(c, sessionCookieName(STAGE !== 'local'));
  const signed = cookie ? verifySignedToken(cookie, AUTH_SECRET) : null;
  if (!signed) return null;
  if (UNSAFE_METHODS.has(c.req.method)) assertSameOrigin(c);
  return principalFromSession(sql, signed);
}

/**
 * Browsers send Origin on every cross-site write; a write carrying the session cookie is accepted
 * only from the app's own origin (or a configured trusted one).
 */
function assertSameOrigin(c: Context<AppEnv>) {
  const { APP_URL, TRUSTED_ORIGINS } = config();
  const origin = c.req.header('origin');
  const allowed = origin
    ? [APP_URL, ...TRUSTED_ORIGINS].includes(origin)
    : c.req.header('sec-fetch-site') === 'same-origin';
  if (!allowed)
    throw new AppError('csrf_rejected', 'Cookie-authenticated writes must come from the Rota app itself.');
}

/**
 * The caller's active tenant and role; 403 when there is none or the tenant is suspended. Past
 * the grace period of a failed payment the tenant is read-only: writes get 402, except where
 * `allowReadOnly` (billing itself, so the owner can pay).
 */
export function requireTenant(options: { allowReadOnly?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const membership = c.get('principal').membership;
    if (!membership || membership.tenant.status === 'deleted') {
      throw new AppError('no_active_tenant', 'Choose a business you are a member of first.');
    }
    if (membership.tenant.status === 'suspended') {
      throw new AppError('tenant_suspended', 'This business is suspended. Contact support to reactivate it.');
    }
    if (c.get('principal').kind === 'api_key' && !PLANS[membership.billing.plan].entitlements.apiKeys) {
      throw new AppError(
        'plan_limit',
        `API keys are not part of the ${PLANS[membership.billing.plan].name} plan.`,
        {
          fields: [{ field: 'apiKeys', message: 'Upgrade to Pro to use API keys' }],
        },
      );
    }
    if (membership.billing.readOnly && UNSAFE_METHODS.has(c.req.method) && !options.allowReadOnly) {
      throw new AppError(
        'payment_required',
        'A payment failed and the grace period is over: update the payment method in Billing to make changes again.',
      );
    }
    c.set('tenant', membership.tenant);
    c.set('role', membership.role);
    return next();
  };
}

/** Lets the request through only when the caller's role in the active tenant is one of `roles`. */
export function requireRole(...roles: TenantRole[]): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    if (!roles.includes(c.get('role'))) {
      throw new AppError('forbidden', `This needs one of these roles: ${roles.join(', ')}.`);
    }
    return next();
  };
}

/** Platform operators only, signed in with a session, with two-factor authentication on. */
export function requireOperator(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal.kind !== 'session' || principal.platformRole !== 'operator') {
      throw new AppError('forbidden', 'Only platform operators may do this.');
    }
    if (!principal.twoFactorEnabled) {
      throw new AppError('two_factor_required', 'Operators must turn on two-factor authentication first.');
    }
    await next();
  };
}
