import { mountAccountRoutes } from './accounts-app';
import { type BaseApp, createBaseApp } from './base-app';
import { mountBillingRoutes } from './billing-app';
import type { AppDeps } from './context';
import { mountCoreRoutes } from './core-app';

/**
 * The whole API in one Hono app, as `npm start` and the tests serve it. In AWS the same routes are
 * split over three functions (functions/http/{api,accounts,billing}.ts) so that only the accounts
 * function bundles better-auth and only the billing function bundles Stripe; every error leaves
 * as application/problem+json either way.
 */
export function createApp(deps: AppDeps): BaseApp {
  const app = createBaseApp();
  mountAccountRoutes(app, deps);
  mountBillingRoutes(app, deps);
  return mountCoreRoutes(app, deps);
}

export type App = ReturnType<typeof createApp>;
