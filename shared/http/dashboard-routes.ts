import { createRoute, z } from '@hono/zod-openapi';
import { managedLocationIds } from '../auth/location-scope';
import { monthInput, monthlyMetrics, weekDashboard, weekInput } from '../timekeeping/metrics';
import { addDays, localToday } from '../timekeeping/periods';
import { getSettings } from '../timekeeping/settings';
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
    middleware: requireRole('owner', 'admin', 'manager'),
    request: { query: z.object({ weekStart: weekInput.optional() }) },
    responses: {
      200: ok(
        'Per location',
        z.object({
          weekStart: z.string(),
          data: z.array(
            z.object({
              locationId: z.string(),
              name: z.string(),
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

/** The current week's first day in the business's week (today taken in UTC). */
function currentWeekStart(weekStartsOn: number): string {
  const today = localToday('UTC');
  const isoWeekday = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return addDays(today, -((isoWeekday - weekStartsOn + 7) % 7));
}

/** `/api/v1/dashboard`. */
export function dashboardRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  return app.openapi(routes.week, async (c) => {
    const weekStart =
      c.req.valid('query').weekStart ??
      currentWeekStart((await getSettings(sql, c.get('tenant'))).weekStartsOn);
    const scope = await managedLocationIds(sql, c.get('tenant'), {
      userId: c.get('principal').userId,
      role: c.get('role'),
    });
    return c.json(
      {
        weekStart,
        data: await weekDashboard(sql, c.get('tenant'), weekStart, scope === 'all' ? undefined : scope),
      },
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
