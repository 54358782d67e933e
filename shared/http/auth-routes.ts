import { Hono } from 'hono';
import { loadAuth } from '../auth/lazy';
import { AppError } from '../errors';
import type { AppDeps, AppEnv } from './context';

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
 * better-auth's own endpoints under /api/auth/*: sign-in and out, email verification, password
 * reset and change, sessions, two-factor, organizations (invitations, members, switching).
 */
export function authRoutes({ sql }: AppDeps) {
  return new Hono<AppEnv>().on(['GET', 'POST'], '/*', async (c) => {
    const instead = OWNED_BY_THE_API[c.req.path];
    if (instead) throw new AppError('forbidden', instead);
    return (await loadAuth(sql)).handler(c.req.raw);
  });
}
