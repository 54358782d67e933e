import { Hono } from 'hono';
import { authenticate } from './authenticate';
import type { AppDeps, AppEnv } from './context';

/** `GET /api/v1/me`: who the caller is and which business they are working in. */
export function meRoutes({ sql }: AppDeps) {
  return new Hono<AppEnv>().use(authenticate(sql)).get('/', (c) => {
    const { userId, email, kind, platformRole, twoFactorEnabled, membership } = c.get('principal');
    return c.json({
      user: { id: userId, email, platformRole, twoFactorEnabled },
      via: kind,
      tenant: membership
        ? {
            id: membership.tenant.id,
            name: membership.tenant.name,
            status: membership.tenant.status,
            role: membership.role,
          }
        : null,
    });
  });
}
