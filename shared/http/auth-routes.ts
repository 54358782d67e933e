import { Hono } from 'hono';
import { loadAuth } from '../auth/lazy';
import type { AppDeps, AppEnv } from './context';

/**
 * better-auth's own endpoints under /api/auth/*: sign-in and out, email verification, password
 * reset and change, sessions, two-factor, organizations (invitations, members, switching).
 */
export function authRoutes({ sql }: AppDeps) {
  return new Hono<AppEnv>().on(['GET', 'POST'], '/*', async (c) => (await loadAuth(sql)).handler(c.req.raw));
}
