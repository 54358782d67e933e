import { createRoute, z } from '@hono/zod-openapi';
import { listReports, reportPdf } from '../reports/store';
import { monthInput } from '../timekeeping/metrics';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { toJson } from './json';
import { RouteApp } from './route-app';

const report = z
  .object({
    month: z.string(),
    status: z.enum(['generating', 'ready', 'sending', 'sent', 'skipped']),
    sentAt: z.string().nullable(),
    recipients: z.array(z.string()),
  })
  .openapi('MonthlyReport');

const routes = {
  list: createRoute({
    method: 'get',
    path: '/',
    summary: 'Monthly reports of the business, newest first',
    middleware: requireRole('owner', 'admin'),
    responses: {
      200: {
        description: 'Reports',
        content: { 'application/json': { schema: z.object({ data: z.array(report) }) } },
      },
    },
  }),
  download: createRoute({
    method: 'get',
    path: '/{month}',
    summary: 'Download a month’s report as PDF',
    middleware: requireRole('owner', 'admin'),
    request: { params: z.object({ month: monthInput }) },
    responses: {
      200: {
        description: 'The PDF',
        content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      404: { description: 'No report for that month' },
    },
  }),
};

/** `/api/v1/reports`: the monthly reports, only ever the caller's own business's. */
export function reportRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  return app
    .openapi(routes.list, async (c) => c.json(toJson({ data: await listReports(sql, c.get('tenant')) }), 200))
    .openapi(routes.download, async (c) => {
      const { month } = c.req.valid('param');
      const pdf = await reportPdf(sql, c.get('tenant'), month);
      return c.body(new Uint8Array(pdf) as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="rota-report-${month}.pdf"`,
      });
    });
}
