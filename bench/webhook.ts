/**
 * The Stripe webhook route under a real HTTP server on loopback: verify the signature on the raw
 * body, record the event id, enqueue the job to SQS (fauxqs), answer 200. Sequential deliveries
 * of distinct signed events, interleaved with a bare Hono route that answers 200 to the same
 * request, so the route's own cost is a measured difference.
 */
// First: it adds .openapi() to zod, which the route modules call on schemas built at import time.
import '@hono/zod-openapi';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { startFauxqs } from 'fauxqs';
import { Hono } from 'hono';
import Stripe from 'stripe';
import { resetAwsClients, sqsClient } from '../shared/aws';
import { resetStripe } from '../shared/billing/stripe-client';
import { resetConfig } from '../shared/config';
import { createApp } from '../shared/http/app';
import { ensureJobQueues } from '../shared/local/aws-resources';
import { logger } from '../shared/logger';
import { benchDatabase, round, saveResult, stats } from './lib';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1000);
const WARMUP = 100;
const SECRET = 'whsec_bench_webhook';

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    );
  });
}

function signedEvent(n: number) {
  const payload = JSON.stringify({
    id: `evt_bench_${n}_${Date.now()}`,
    object: 'event',
    type: 'customer.subscription.updated',
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `sub_bench_${n}`, object: 'subscription' } },
  });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) };
}

async function timedPost(url: string, event: { payload: string; signature: string }): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    body: event.payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
  });
  await response.text();
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  return performance.now() - started;
}

export async function runWebhookBench(): Promise<void> {
  logger.setLogLevel('SILENT');
  const db = await benchDatabase(10);
  const sqs = await startFauxqs({ port: 0, logger: false });
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    AWS_ENDPOINT_URL: sqs.address,
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: SECRET,
  });
  resetConfig();
  resetAwsClients();
  resetStripe();
  process.env.JOBS_QUEUE_URL = (await ensureJobQueues(sqsClient(), { name: 'bench-webhooks' })).queueUrl;
  resetConfig();
  const platform = await listen(createApp({ sql: db.sql }).fetch);
  const bare = await listen(new Hono().post('/api/stripe/webhook', (c) => c.json({ received: true })).fetch);
  try {
    const route = '/api/stripe/webhook';
    for (let i = 0; i < WARMUP; i++) {
      await timedPost(`${platform.url}${route}`, signedEvent(-i - 1));
      await timedPost(`${bare.url}${route}`, signedEvent(-i - 1));
    }
    const platformMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const event = signedEvent(i);
      platformMs.push(await timedPost(`${platform.url}${route}`, event));
      bareMs.push(await timedPost(`${bare.url}${route}`, event));
    }
    const metrics = stats(platformMs);
    const baseline = stats(bareMs);
    await saveResult({
      name: 'webhook',
      postgresVersion: db.postgresVersion,
      params: {
        samples: SAMPLES,
        warmup: WARMUP,
        event: 'customer.subscription.updated, distinct ids',
        transport: 'HTTP on loopback, sequential',
      },
      metrics: { ...metrics, added_p99_ms: round(metrics.p99_ms - baseline.p99_ms) },
      baseline: { what: 'bare Hono route answering 200, same server setup, interleaved', metrics: baseline },
      target: { p99_ms: 50 },
    });
  } finally {
    await platform.close();
    await bare.close();
    await sqs.stop();
    await db.close();
  }
}
