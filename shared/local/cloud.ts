import type { Server } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import * as sesLocal from 'aws-ses-v2-local';
import { startFauxqs } from 'fauxqs';
import { resetAwsClients, s3Client, sqsClient } from '../aws';
import { config, resetConfig } from '../config';
import { createSql } from '../db/client';
import { ensureBucket, ensureJobQueues } from './aws-resources';
import { startFakeStripe } from './fake-stripe';
import { freePort, localDataDir, startEmbeddedPostgres } from './postgres';

// aws-ses-v2-local is CommonJS: under Node's ESM loader its `default` is the whole exports object.
const startSesServer =
  (sesLocal.default as unknown as { default?: typeof sesLocal.default }).default ?? sesLocal.default;

/** One running stand-in: what it is, where it answers, and how to stop it. */
export interface StandIn {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts whatever stand-ins the environment does not already point at, and writes their endpoints
 * into the environment so `config()` sees them exactly as it would see real services:
 * DATABASE_URL (embedded PostgreSQL), AWS_ENDPOINT_URL + JOBS_QUEUE_URL (fauxqs for SQS and S3),
 * SES_ENDPOINT_URL (aws-ses-v2-local). Each is announced through `onStarted` as soon as it runs,
 * so a failure part-way still lets the caller stop what did start.
 */
export async function startStandIns(options: { projectRoot: string; onStarted: (standIn: StandIn) => void }) {
  const started: StandIn[] = [];
  const track = (standIn: StandIn) => {
    started.push(standIn);
    options.onStarted(standIn);
  };
  const env = process.env;

  if (!env.DATABASE_URL) {
    const dataDir = config().LOCAL_DATA_DIR ?? localDataDir(options.projectRoot);
    const cluster = await startEmbeddedPostgres({ dataDir, port: await preferredPort(54329) });
    env.DATABASE_URL = await ensureDatabase(cluster.url, 'rota');
    track({
      name: `PostgreSQL 16 (embedded, data in ${dataDir})`,
      url: env.DATABASE_URL,
      stop: cluster.stop,
    });
  }

  const useLocalAws = !env.AWS_ENDPOINT_URL;
  if (useLocalAws) {
    const fauxqs = await startFauxqs({ port: await preferredPort(4566), logger: false });
    env.AWS_ENDPOINT_URL = fauxqs.address;
    track({ name: 'SQS + S3 (fauxqs)', url: fauxqs.address, stop: () => fauxqs.stop() });
  }

  if (!env.SES_ENDPOINT_URL && useLocalAws) {
    const port = await preferredPort(8005);
    const mail: Server = await startSesServer({ host: '127.0.0.1', port });
    env.SES_ENDPOINT_URL = `http://127.0.0.1:${port}`;
    track({
      name: 'SES (aws-ses-v2-local; sent mail at /store)',
      url: env.SES_ENDPOINT_URL,
      stop: () => new Promise<void>((resolve) => mail.close(() => resolve())),
    });
  }

  if (!env.STRIPE_SECRET_KEY) {
    // Beside the database's folder: the business's customer and subscription ids stored there
    // must still exist in the fake's account after a restart.
    const dataDir = config().LOCAL_DATA_DIR ?? localDataDir(options.projectRoot);
    const stateFile = join(dirname(dataDir), 'stripe.json');
    const stripeServer = await startLocalStripe(Number(env.PORT ?? 3000), stateFile);
    track({
      name: 'Stripe (fake; Checkout pages work in the browser)',
      url: stripeServer.url,
      stop: stripeServer.stop,
    });
  }

  resetConfig();
  resetAwsClients();
  if (!env.JOBS_QUEUE_URL) {
    const queues = await ensureJobQueues(sqsClient());
    env.JOBS_QUEUE_URL = queues.queueUrl;
    resetConfig();
  }
  if (config().AWS_ENDPOINT_URL) await ensureBucket(s3Client(), config().EXPORTS_BUCKET);
  return started;
}

/** Creates `name` on the cluster if missing and returns its URL. */
async function ensureDatabase(clusterUrl: string, name: string): Promise<string> {
  const admin = createSql(clusterUrl, { max: 1 });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `port` when it is free, so URLs stay the same between runs; any free port otherwise. */
async function preferredPort(port: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return free ? port : freePort();
}

const LOCAL_WEBHOOK_SECRET = 'whsec_rota_local_development';

/**
 * The fake Stripe, with Rota's two prices, sending signed webhooks to the local API; the
 * environment is pointed at it exactly as it would be at Stripe test mode.
 */
async function startLocalStripe(appPort: number, stateFile: string) {
  resetConfig();
  const { STRIPE_PRICE_PRO, STRIPE_PRICE_BUSINESS } = config();
  const fake = await startFakeStripe({
    port: await preferredPort(12111),
    webhookSecret: LOCAL_WEBHOOK_SECRET,
    webhookUrl: `http://127.0.0.1:${appPort}/api/stripe/webhook`,
    stateFile,
    prices: {
      [STRIPE_PRICE_PRO]: { product: 'prod_rota_pro', unitAmount: 2900, currency: 'eur', interval: 'month' },
      [STRIPE_PRICE_BUSINESS]: {
        product: 'prod_rota_business',
        unitAmount: 9900,
        currency: 'eur',
        interval: 'month',
      },
    },
  });
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: 'sk_test_rota_local',
    STRIPE_API_URL: fake.url,
    STRIPE_WEBHOOK_SECRET: LOCAL_WEBHOOK_SECRET,
  });
  return fake;
}
