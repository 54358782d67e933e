import type { BaseApp } from './base-app';
import { billingRoutes, stripeWebhookRoutes } from './billing-routes';
import type { AppDeps } from './context';
import { BILLING_PATH, STRIPE_WEBHOOK_PATH } from './paths';

/**
 * Checkout, the Customer Portal, the billing overview and Stripe's webhook: the only routes that
 * load the Stripe SDK, served by their own function in AWS (the only one given the Stripe keys).
 */
export function mountBillingRoutes(app: BaseApp, deps: AppDeps): BaseApp {
  app.route(BILLING_PATH, billingRoutes(deps));
  app.route(STRIPE_WEBHOOK_PATH, stripeWebhookRoutes(deps));
  return app;
}
