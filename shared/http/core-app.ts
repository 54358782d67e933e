import { apiKeyRoutes } from './api-key-routes';
import type { BaseApp } from './base-app';
import { billingRouteDefinitions } from './billing-contract';
import type { AppDeps } from './context';
import { dashboardRoutes, metricsRoutes } from './dashboard-routes';
import { docsRoutes } from './docs-routes';
import { employeeRoutes } from './employee-routes';
import { healthRoutes } from './health';
import { kioskDeviceRoutes, kioskManagementRoutes } from './kiosk-routes';
import { locationRoutes } from './location-routes';
import { meRoutes } from './me-routes';
import { memberRoutes } from './member-routes';
import { operatorRoutes } from './operator-routes';
import { BILLING_PATH, SIGNUP_PATH } from './paths';
import { payrollRoutes, timesheetRoutes } from './payroll-routes';
import { problemSchema, withProblemResponses } from './problem-responses';
import { reportRoutes } from './report-routes';
import { settingsRoutes } from './settings-routes';
import { shiftRoutes } from './shift-routes';
import { signupRoute } from './signup-contract';
import { tenantRoutes } from './tenant-routes';
import { timeEntryRoutes } from './time-entry-routes';

/** Options for {@link mountCoreRoutes}. */
export interface CoreOptions {
  /**
   * List sign-up and billing in the OpenAPI document although this app does not serve them: true
   * in the API function, whose siblings (accounts, billing) serve those routes.
   */
  documentSiblingRoutes?: boolean;
}

/**
 * Everything the product does (locations, staff, schedule, time clock, timesheets, payroll,
 * reports, tenant and operator administration), the health check, and the API documentation.
 */
export function mountCoreRoutes(app: BaseApp, deps: AppDeps, options: CoreOptions = {}): BaseApp {
  app.route('/api/health', healthRoutes(deps));
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
  app.route('/api/v1/reports', reportRoutes(deps));
  app.route('/api/v1/tenant', tenantRoutes(deps));
  app.route('/api/v1/operator', operatorRoutes(deps));

  if (options.documentSiblingRoutes) documentSiblingRoutes(app);
  app.route('/api/docs', docsRoutes());
  serveOpenApiDocument(app);
  return app;
}

/**
 * `/api/v1/openapi.json`: the routes' own document, with how callers authenticate and the
 * problem+json errors each operation can answer. Made on the first request (every route is
 * mounted by then) and kept: the routes do not change while the process runs.
 */
function serveOpenApiDocument(app: BaseApp) {
  app.openAPIRegistry.register('Problem', problemSchema);
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (Settings → API keys), or a kiosk’s token for the kiosk operations',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'rota.session_token',
    description:
      'The web app’s session (`__Secure-rota.session_token` over HTTPS); writes must come from its origin',
  });
  let document: ReturnType<BaseApp['getOpenAPI31Document']> | undefined;
  app.get('/api/v1/openapi.json', (c) => {
    document ??= withProblemResponses(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: { title: 'Rota API', version: '1.0.0', description: 'Scheduling, time tracking and payroll.' },
        security: [{ apiKey: [] }, { session: [] }],
      }),
    );
    return c.json(document);
  });
}

/** Adds the routes the accounts and billing functions serve to this app's OpenAPI document. */
function documentSiblingRoutes(app: BaseApp) {
  const under = (prefix: string, path: string) => (path === '/' ? prefix : `${prefix}${path}`);
  app.openAPIRegistry.registerPath({ ...signupRoute, path: under(SIGNUP_PATH, signupRoute.path) });
  for (const route of Object.values(billingRouteDefinitions)) {
    app.openAPIRegistry.registerPath({ ...route, path: under(BILLING_PATH, route.path) });
  }
}
