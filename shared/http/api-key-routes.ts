import { createRoute, z } from '@hono/zod-openapi';
import { createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from '../auth/api-keys';
import { AppError } from '../errors';
import { openApiComponent } from '../zod';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { RouteApp } from './route-app';

const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    tokenPrefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create an API key for the active business; the token is shown only in this response',
  request: {
    body: {
      content: { 'application/json': { schema: openApiComponent(createApiKeyInput, 'CreateApiKey') } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: z.object({ key: apiKey, token: z.string() }) } },
    },
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'API keys of the active business (never their tokens)',
  responses: {
    200: {
      description: 'Keys',
      content: { 'application/json': { schema: z.object({ data: z.array(apiKey) }) } },
    },
  },
});

const revoke = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Revoke an API key',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 204: { description: 'Revoked' }, 404: { description: 'No such key in this business' } },
});

/** `/api/v1/api-keys`: owners and admins, signed in (an API key cannot mint more keys). */
export function apiKeyRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant(), requireRole('owner', 'admin'));
  app.use(async (c, next) => {
    if (c.get('principal').kind !== 'session')
      throw new AppError('forbidden', 'Manage API keys while signed in.');
    await next();
  });
  return app
    .openapi(create, async (c) => {
      const { key, token } = await createApiKey(
        sql,
        c.get('tenant'),
        c.get('principal').userId,
        c.req.valid('json'),
      );
      return c.json({ key: serialize(key), token }, 201);
    })
    .openapi(list, async (c) =>
      c.json({ data: (await listApiKeys(sql, c.get('tenant'))).map(serialize) }, 200),
    )
    .openapi(revoke, async (c) => {
      await revokeApiKey(sql, c.get('tenant'), c.req.valid('param').id, c.get('principal').userId);
      return c.body(null, 204);
    });
}

function serialize(key: Awaited<ReturnType<typeof listApiKeys>>[number]) {
  return {
    ...key,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}
