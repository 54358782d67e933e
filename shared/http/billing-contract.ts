/**
 * `/api/v1/billing` as the OpenAPI document describes it. Apart from its handlers because the
 * billing function serves these routes while the API function lists them in its document (see
 * core-app.ts), without bundling the Stripe SDK.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { PAID_PLANS } from '../billing/plans';
import { requireRole } from './authenticate';
import { ok } from './openapi';

/** `POST /checkout`: the paid plan to subscribe to. */
export const checkoutInput = z.object({ plan: z.enum(PAID_PLANS) });

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
    /** What the plan in force allows; null is unlimited. */
    limits: z.object({
      locations: z.number().int().nullable(),
      activeEmployees: z.number().int().nullable(),
      monthlyReport: z.boolean(),
      apiKeys: z.boolean(),
    }),
    usage: z.object({ locations: z.number().int(), activeEmployees: z.number().int() }),
  })
  .openapi('Billing');

/** Stripe calls fail when this deployment has no Stripe key. */
const BILLING_NOT_SET_UP = { description: 'Billing is not set up on this server' };

export const billingRouteDefinitions = {
  read: createRoute({
    method: 'get',
    path: '/',
    summary: 'Plan, subscription status, trial and period ends, past-due state, limits and usage',
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
      503: BILLING_NOT_SET_UP,
    },
  }),
  portal: createRoute({
    method: 'post',
    path: '/portal',
    summary: 'The Stripe Customer Portal: card, plan, cancellation (owner)',
    middleware: requireRole('owner'),
    responses: { 200: ok('Where to send the owner', urlResponse), 503: BILLING_NOT_SET_UP },
  }),
};
