import { type Context, Hono } from 'hono';
import { CLIENT_ADDRESS_HEADER } from '../auth/client-address';
import { loadAuth } from '../auth/lazy';
import { config, loadOriginVerifySecret } from '../config';
import { AppError, ValidationError } from '../errors';
import type { AppDeps, AppEnv } from './context';
import { clientAddress } from './rate-limit';

/**
 * better-auth organization endpoints that would change a business behind the tenant registry's
 * back: the name lives in both (renamed together by PATCH /api/v1/tenant) and deletion must drop
 * the tenant's schema and data (DELETE /api/v1/tenant, a job).
 */
const OWNED_BY_THE_API: Record<string, string> = {
  '/api/auth/organization/update': 'Rename the business with PATCH /api/v1/tenant.',
  '/api/auth/organization/delete': 'Delete the business with DELETE /api/v1/tenant.',
};

/**
 * Query parameters better-auth redirects to from a link (email verification, password reset).
 * It parses them unchecked: `callbackURL=false` on a verification link answered 500.
 */
const REDIRECT_PARAMETERS = ['callbackURL', 'errorCallbackURL', 'newUserCallbackURL', 'redirectTo'];

/** A path of the app (`/welcome`, not `//elsewhere`), or an absolute URL on a trusted origin. */
function isAppLocation(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//') && !value.startsWith('/\\');
  const { APP_URL, TRUSTED_ORIGINS } = config();
  try {
    return [APP_URL, ...TRUSTED_ORIGINS].some((origin) => new URL(origin).origin === new URL(value).origin);
  } catch {
    return false;
  }
}

/** 400 naming the first redirect parameter that does not lead back into the app. */
function refuseForeignRedirects(c: Context) {
  for (const name of REDIRECT_PARAMETERS) {
    const value = c.req.query(name);
    if (value !== undefined && !isAppLocation(value))
      throw new ValidationError([{ field: name, message: 'Must be a path of the app, such as /welcome' }]);
  }
}

/**
 * The request as better-auth gets it: with the caller's address ({@link clientAddress}) in
 * CLIENT_ADDRESS_HEADER, whatever the caller sent there. better-auth rate-limits sign-in, reset
 * and verification per address, and reads it from one header holding one address: behind
 * CloudFront and API Gateway, X-Forwarded-For holds two or more, which it refuses, and every
 * caller then shared one count.
 */
function withClientAddress(c: Context): Request {
  const headers = new Headers(c.req.raw.headers);
  headers.set(CLIENT_ADDRESS_HEADER, clientAddress(c));
  return new Request(c.req.raw, { headers });
}

/**
 * better-auth's own endpoints under /api/auth/*: sign-in and out, email verification, password
 * reset and change, sessions, two-factor, organizations (invitations, members, switching).
 */
export function authRoutes({ sql }: AppDeps) {
  return new Hono<AppEnv>().on(['GET', 'POST'], '/*', async (c) => {
    const instead = OWNED_BY_THE_API[c.req.path];
    if (instead) throw new AppError('forbidden', instead);
    refuseForeignRedirects(c);
    // The check of CloudFront's origin header needs its secret (fetched once per process in AWS).
    await loadOriginVerifySecret();
    return (await loadAuth(sql)).handler(withClientAddress(c));
  });
}
