import { createRoute, z } from '@hono/zod-openapi';
import { managedLocationIds } from '../auth/location-scope';
import { monthInput, monthlyMetrics, weekDashboard, weekInput } from '../timekeeping/metrics';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { ok } from './openapi';
import { RouteApp } from './route-app';

const figures = {
  workedMinutes: z.number().int(),
  overtimeMinutes: z.number().int(),
  laborCostMinor: z.number().int(),
};

const routes = {
  week: createRoute({
    method: 'get',
    path: '/',
    summary: 'This week per location: hours and labour cost worked vs scheduled, and who is on the clock',
    description:
      'A location’s days and weeks are those of its time zone. Without `weekStart`, each location ' +
      'shows the week (from the business’s week start) containing the current moment in its own ' +
      'zone, given in its `weekStart` and `weekEnd`: locations in zones far apart can be in ' +
      'different weeks for a few hours around the turn of the week. The top-level `weekStart` is ' +
      'then the week most locations are in (the earlier on a tie; with no location, the current ' +
      'week in UTC). With `weekStart`, every location shows the seven local days from that date. ' +
      'Managers see their own locations; each location’s figures (overtime is counted per employee ' +
      'and week across all locations) are the same whoever asks.',
    middleware: requireRole('owner', 'admin', 'manager'),
    request: { query: z.object({ weekStart: weekInput.optional() }) },
    responses: {
      200: ok(
        'Per location',
        z.object({
          weekStart: z.string().openapi({
            description: 'The week asked for, or the current week most locations are in',
          }),
          data: z.array(
            z.object({
              locationId: z.string(),
              name: z.string(),
              weekStart: z.string().openapi({ description: 'First day of this location’s week, local' }),
              weekEnd: z.string().openapi({ description: 'Last day of this location’s week, local' }),
              scheduledMinutes: z.number().int(),
              scheduledCostMinor: z.number().int(),
              onTheClock: z.number().int(),
              onTheClockNames: z.array(z.string()),
              ...figures,
            }),
          ),
        }),
      ),
    },
  }),
  month: createRoute({
    method: 'get',
    path: '/monthly',
    summary: 'A month’s hours, overtime, labour cost and late clock-ins per location and employee',
    middleware: requireRole('owner', 'admin'),
    request: { query: z.object({ month: monthInput }) },
    responses: {
      200: ok(
        'Monthly metrics',
        z.object({
          month: z.string(),
          currency: z.string(),
          totals: z.object({
            ...figures,
            lateClockIns: z.number().int(),
            scheduledMinutes: z.number().int(),
          }),
          locations: z.array(
            z.object({
              locationId: z.string(),
              name: z.string(),
              ...figures,
              lateClockIns: z.number().int(),
              scheduledMinutes: z.number().int(),
            }),
          ),
          employees: z.array(
            z.object({
              employeeId: z.string(),
              name: z.string(),
              ...figures,
              lateClockIns: z.number().int(),
            }),
          ),
        }),
      ),
    },
  }),
};

/** `/api/v1/dashboard`. */
export function dashboardRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  return app.openapi(routes.week, async (c) => {
    const scope = await managedLocationIds(sql, c.get('tenant'), {
      userId: c.get('principal').userId,
      role: c.get('role'),
    });
    return c.json(
      await weekDashboard(sql, c.get('tenant'), {
        weekStart: c.req.valid('query').weekStart,
        locationIds: scope === 'all' ? undefined : scope,
      }),
      200,
    );
  });
}

/** `/api/v1/metrics/monthly`. */
export function metricsRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  return app.openapi(routes.month, async (c) =>
    c.json(await monthlyMetrics(sql, c.get('tenant'), c.req.valid('query').month), 200),
  );
}
