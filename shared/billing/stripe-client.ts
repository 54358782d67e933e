import type Stripe from 'stripe';
import { config } from '../config';
import { AppError } from '../errors';

let client: Promise<Stripe> | undefined;

/**
 * The Stripe client, created once per process and imported on first use: only billing routes,
 * the webhook and billing jobs need the SDK, so ordinary API requests never load it.
 * STRIPE_API_URL points it at the local fake Stripe (`npm start`, tests); unset, it talks to
 * api.stripe.com.
 */
export function stripe(): Promise<Stripe> {
  client ??= import('stripe').then(({ default: StripeClient }) => {
    const { STRIPE_SECRET_KEY, STRIPE_API_URL } = config();
    if (!STRIPE_SECRET_KEY)
      throw new AppError('service_unavailable', 'Billing is not set up on this server.', {
        cause: new Error('STRIPE_SECRET_KEY is not set'),
      });
    const api = STRIPE_API_URL ? new URL(STRIPE_API_URL) : undefined;
    return new StripeClient(STRIPE_SECRET_KEY, {
      maxNetworkRetries: 2,
      timeout: 10_000,
      telemetry: false,
      ...(api
        ? {
            host: api.hostname,
            port: Number(api.port),
            protocol: api.protocol.replace(':', '') as 'http' | 'https',
          }
        : {}),
    });
  });
  // A failed import or bad key is not remembered: the next call tries again.
  client.catch(() => {
    client = undefined;
  });
  return client;
}

/** Whether this server has a Stripe key: without one, billing is off and there is nothing to cancel. */
export function stripeConfigured(): boolean {
  return Boolean(config().STRIPE_SECRET_KEY);
}

/** Whether events must be live-mode ones: true with a live secret key. */
export function expectsLiveEvents(): boolean {
  return config().STRIPE_SECRET_KEY?.startsWith('sk_live_') ?? false;
}

/** Forgets the client (tests and the local runner switch keys). */
export function resetStripe(): void {
  client = undefined;
}
