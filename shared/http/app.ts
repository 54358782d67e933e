import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../errors';
import { logger } from '../logger';
import { apiKeyRoutes } from './api-key-routes';
import { authRoutes } from './auth-routes';
import { billingRoutes, stripeWebhookRoutes } from './billing-routes';
import type { AppDeps, AppEnv } from './context';
import { dashboardRoutes, metricsRoutes } from './dashboard-routes';
import { docsRoutes } from './docs-routes';
import { employeeRoutes } from './employee-routes';
import { healthRoutes } from './health';
import { kioskDeviceRoutes, kioskManagementRoutes } from './kiosk-routes';
import { locationRoutes } from './location-routes';
import { meRoutes } from './me-routes';
import { memberRoutes } from './member-routes';
import { operatorRoutes } from './operator-routes';
import { payrollRoutes, timesheetRoutes } from './payroll-routes';
import { problemResponse, toProblem } from './problem';
import { reportRoutes } from './report-routes';
import { RequestLog } from './request-log';
import { settingsRoutes } from './settings-routes';
import { shiftRoutes } from './shift-routes';
import { signupRoutes } from './signup-routes';
import { tenantRoutes } from './tenant-routes';
import { timeEntryRoutes } from './time-entry-routes';
import { validationHook } from './validation';

/** Largest request body the API accepts. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one Hono app behind API Gateway (functions/http/api.ts) and behind `npm start`.
 * Each domain mounts its own sub-app; every error leaves as application/problem+json.
 */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    const log = new RequestLog(logger, { requestId: c.var.requestId });
    c.set('log', log);
    await next();
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  });
  app.use(secureHeaders());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );

  app.route('/api/health', healthRoutes(deps));
  app.route('/api/auth', authRoutes(deps));
  app.route('/api/v1/signup', signupRoutes(deps));
  app.route('/api/v1/me', meRoutes(deps));
  app.route('/api/v1/api-keys', apiKeyRoutes(deps));
  app.route('/api/v1/members', memberRoutes(deps));
  app.route('/api/v1/locations', locationRoutes(deps));
  app.route('/api/v1/settings', settingsRoutes(deps));
  app.route('/api/v1/employees', employeeRoutes(deps));
  app.route('/api/v1/shifts', shiftRoutes(deps));
  app.route('/api/v1/time-entries', timeEntryRoutes(deps));
  app.route('/api/v1/kiosks', kioskManagementRoutes(deps));
  app.route('/api/v1/kiosk', kioskDeviceRoutes(deps));
  app.route('/api/v1/payroll', payrollRoutes(deps));
  app.route('/api/v1/timesheets', timesheetRoutes(deps));
  app.route('/api/v1/dashboard', dashboardRoutes(deps));
  app.route('/api/v1/metrics', metricsRoutes(deps));
  app.route('/api/v1/billing', billingRoutes(deps));
  app.route('/api/v1/reports', reportRoutes(deps));
  app.route('/api/v1/tenant', tenantRoutes(deps));
  app.route('/api/stripe/webhook', stripeWebhookRoutes(deps));
  app.route('/api/v1/operator', operatorRoutes(deps));

  app.route('/api/docs', docsRoutes());
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Rota API', version: '1.0.0', description: 'Scheduling, time tracking and payroll.' },
  });

  app.notFound((c) =>
    problemResponse(c, toProblem(new AppError('not_found', `No route for ${c.req.path}.`))),
  );
  app.onError((error, c) => {
    const problem = toProblem(error);
    if (problem.status >= 500) (c.var.log ?? logger).error('request failed', { error });
    return problemResponse(c, problem);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
