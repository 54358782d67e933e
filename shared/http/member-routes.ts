import { createRoute, z } from '@hono/zod-openapi';
import { transferOwnership } from '../auth/members';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { RouteApp } from './route-app';

const transfer = createRoute({
  method: 'post',
  path: '/transfer-ownership',
  summary: 'Make another member the owner; the current owner becomes admin',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ userId: z.string().min(1).max(64) }) } },
      required: true,
    },
  },
  responses: { 204: { description: 'Transferred' }, 404: { description: 'No such member' } },
});

/**
 * `/api/v1/members`: what better-auth's organization endpoints (/api/auth/organization/*: invite,
 * accept, reject, remove, update role) do not cover.
 */
export function memberRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant(), requireRole('owner'));
  return app.openapi(transfer, async (c) => {
    await transferOwnership(sql, c.get('tenant'), c.get('principal').userId, c.req.valid('json').userId);
    return c.body(null, 204);
  });
}
