import { createRoute } from '@hono/zod-openapi';
import { getSettings, settingsInput, updateSettings } from '../timekeeping/settings';
import { openApiComponent } from '../zod';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { RouteApp } from './route-app';

const settings = openApiComponent(settingsInput, 'Settings');

const read = createRoute({
  method: 'get',
  path: '/',
  summary: 'The business settings: currency, week start, pay period, overtime, rounding, breaks',
  responses: { 200: { description: 'Settings', content: { 'application/json': { schema: settings } } } },
});

const replace = createRoute({
  method: 'put',
  path: '/',
  summary: 'Replace the business settings (owner, admin)',
  middleware: [requireRole('owner', 'admin')] as const,
  request: { body: { content: { 'application/json': { schema: settings } }, required: true } },
  responses: { 200: { description: 'Saved', content: { 'application/json': { schema: settings } } } },
});

/** `/api/v1/settings`. */
export function settingsRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  return app
    .openapi(read, async (c) => c.json(await getSettings(sql, c.get('tenant')), 200))
    .openapi(replace, async (c) =>
      c.json(await updateSettings(sql, c.get('tenant'), c.req.valid('json')), 200),
    );
}
