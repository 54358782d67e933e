import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { billingOverview, checkoutInput, createCheckout, createPortal } from '../billing/subscriptions';
import { receiveEvent, verifyWebhook } from '../billing/webhooks';
import { enqueue } from '../jobs/queue';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { toJson } from './json';
import { ok } from './openapi';
import { validationHook } from './validation';

const urlResponse = z.object({ url: z.string().url() });
const overview = z
  .object({
    plan: z.enum(['free', 'pro', 'business']),
    status: z.string(),
    effective: z.object({ plan: z.enum(['free', 'pro', 'business']), readOnly: z.boolean() }),
    trialEndsAt: z.string().nullable(),
    currentPeriodEnd: z.string().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    pastDueSince: z.string().nullable(),
    hasPaymentMethod: z.boolean(),
  })
  .openapi('Billing');

const routes = {
  read: createRoute({
    method: 'get',
    path: '/',
    summary: 'Plan, subscription status, trial and period ends, past-due state',
    middleware: requireRole('owner', 'admin'),
    responses: { 200: ok('Billing', overview) },
  }),
  checkout: createRoute({
    method: 'post',
    path: '/checkout',
    summary: 'A Stripe Checkout page to subscribe to a paid plan (owner)',
    middleware: requireRole('owner'),
    request: { body: { content: { 'application/json': { schema: checkoutInput } }, required: true } },
    responses: {
      200: ok('Where to send the owner', urlResponse),
      409: { description: 'Already subscribed: use the portal' },
    },
  }),
  portal: createRoute({
    method: 'post',
    path: '/portal',
    summary: 'The Stripe Customer Portal: card, plan, cancellation (owner)',
    middleware: requireRole('owner'),
    responses: { 200: ok('Where to send the owner', urlResponse) },
  }),
};

/** `/api/v1/billing`: open even when the tenant is read-only, so the owner can pay. */
export function billingRoutes({ sql }: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(authenticate(sql), requireTenant({ allowReadOnly: true }));
  return app
    .openapi(routes.read, async (c) => c.json(toJson(await billingOverview(sql, c.var.tenant)), 200))
    .openapi(routes.checkout, async (c) => {
      const { plan } = c.req.valid('json');
      const url = await createCheckout(sql, c.var.tenant, {
        plan,
        email: c.var.principal.email,
        requestId: c.var.requestId,
      });
      return c.json({ url }, 200);
    })
    .openapi(routes.portal, async (c) =>
      c.json({ url: await createPortal(sql, c.var.tenant, c.var.principal.email, c.var.requestId) }, 200),
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
    c.var.log.info('stripe webhook', { eventId: event.id, eventType: event.type, outcome });
    return c.json({ received: true, outcome });
  });
}
