import { Hono } from 'hono';
import { billingOverview, createCheckout, createPortal } from '../billing/subscriptions';
import { receiveEvent, verifyWebhook } from '../billing/webhooks';
import { enqueue } from '../jobs/queue';
import { authenticate, requireTenant } from './authenticate';
import { billingRouteDefinitions as routes } from './billing-contract';
import type { AppDeps, AppEnv } from './context';
import { toJson } from './json';
import { RouteApp } from './route-app';

/** `/api/v1/billing`: open even when the tenant is read-only, so the owner can pay. */
export function billingRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant({ allowReadOnly: true }));
  return app
    .openapi(routes.read, async (c) => c.json(toJson(await billingOverview(sql, c.get('tenant'))), 200))
    .openapi(routes.checkout, async (c) => {
      const { plan } = c.req.valid('json');
      const url = await createCheckout(sql, c.get('tenant'), {
        plan,
        email: c.get('principal').email,
        requestId: c.get('requestId'),
      });
      return c.json({ url }, 200);
    })
    .openapi(routes.portal, async (c) =>
      c.json(
        { url: await createPortal(sql, c.get('tenant'), c.get('principal').email, c.get('requestId')) },
        200,
      ),
    );
}

/**
 * `POST /api/stripe/webhook`: verify the signature on the raw body, record the event id, queue
 * its processing and answer 200 straight away; the job does the work.
 */
export function stripeWebhookRoutes({ sql }: AppDeps) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const event = await verifyWebhook(await c.req.text(), c.req.header('stripe-signature'));
    const outcome = await receiveEvent(sql, event, (job) => enqueue(job));
    c.get('log').info('stripe webhook', { eventId: event.id, eventType: event.type, outcome });
    return c.json({ received: true, outcome });
  });
}
