import { createRoute, z } from '@hono/zod-openapi';
import { TENANT_ROLES } from '../auth/roles';
import { authenticate } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { ok } from './openapi';
import { RouteApp } from './route-app';

const me = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string().nullable(),
      platformRole: z.enum(['operator']).nullable(),
      twoFactorEnabled: z.boolean(),
    }),
    via: z.enum(['session', 'api_key']),
    tenant: z
      .object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        role: z.enum(TENANT_ROLES),
      })
      .nullable(),
  })
  .openapi('Me');

const read = createRoute({
  method: 'get',
  path: '/',
  summary: 'Who the caller is and which business they are working in',
  responses: { 200: ok('The caller', me) },
});

/** `GET /api/v1/me`: who the caller is and which business they are working in. */
export function meRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql));
  return app.openapi(read, (c) => {
    const { userId, email, kind, platformRole, twoFactorEnabled, membership } = c.get('principal');
    return c.json(
      {
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
      },
      200,
    );
  });
}
