import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetAwsClients, s3Client, sqsClient } from '../../shared/aws';
import { resetConfig } from '../../shared/config';
import { ValidationError } from '../../shared/errors';
import type { Job } from '../../shared/jobs/catalogue';
import { runJob } from '../../shared/jobs/dispatcher';
import { enqueue } from '../../shared/jobs/queue';
import { jobForFiring, schedules } from '../../shared/jobs/schedules';
import {
  ensureBucket,
  ensureJobQueues,
  type JobQueues,
  MAX_RECEIVES,
} from '../../shared/local/aws-resources';
import { lambdaContext } from '../../shared/local/lambda-context';
import { startWorkerLoop, toSqsRecord, type WorkerLoop } from '../../shared/local/worker-loop';
import { logger } from '../../shared/logger';
import { deleteTenant } from '../../shared/tenancy/delete';
import { exportObjectKey } from '../../shared/tenancy/export-key';
import { provisionTenant } from '../../shared/tenancy/provision';
import { createLocation } from '../../shared/timekeeping/locations';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { sqsEvent } from '../helpers/events';
import { eventually } from '../helpers/eventually';

const BUCKET = 'rota-exports-test';
const actor = 'system:test';

let db: TestDatabase;
let sqsServer: FauxqsServer;
let queues: JobQueues;
let workerHandler: typeof import('../../functions/queues/worker').handler;
let loop: WorkerLoop | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  sqsServer = await startFauxqs({ port: 0, logger: false });
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    AWS_ENDPOINT_URL: sqsServer.address,
    EXPORTS_BUCKET: BUCKET,
  });
  resetConfig();
  resetAwsClients();
  // A failed job reappears after one second, so five receives take seconds, not minutes.
  queues = await ensureJobQueues(sqsClient(), { name: 'jobs-test', visibilityTimeoutSeconds: 1 });
  process.env.JOBS_QUEUE_URL = queues.queueUrl;
  resetConfig();
  await ensureBucket(s3Client(), BUCKET);
  ({ handler: workerHandler } = await import('../../functions/queues/worker'));
});
afterEach(async () => {
  await loop?.stop();
  loop = undefined;
});
afterAll(async () => {
  await db.drop();
  await sqsServer.stop();
});

function runWorker() {
  loop = startWorkerLoop({
    sqs: sqsClient(),
    queueUrl: queues.queueUrl,
    handler: async (event, context) => (await workerHandler(event, context)) ?? undefined,
  });
}

async function messagesIn(queueUrl: string): Promise<number> {
  const { Attributes } = await sqsClient().send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}

async function jobRun(jobId: string) {
  const [row] = await db.sql<{ status: string; attempts: number; last_error: string | null }[]>`
    select status, attempts, last_error from platform.job_runs where job_id = ${jobId}`;
  return row;
}

const exportJob = (tenantId: string, exportId = randomUUID()): Job<'tenant.export'> => ({
  id: `tenant.export:${exportId}`,
  type: 'tenant.export',
  tenantId,
  payload: { exportId },
});

describe('enqueue', () => {
  it('refuses a job that does not match its schema, naming the field, and sends nothing', async () => {
    const bad = {
      id: 'x-1',
      type: 'tenant.export',
      tenantId: 'abcdefgh12',
      payload: { exportId: 'nope' },
    } as Job;

    const error = await enqueue(bad).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ field: 'exportId', message: expect.any(String) }]);
    expect(await messagesIn(queues.queueUrl)).toBe(0);
  });
});

describe('tenant export job, end to end through SQS and S3', () => {
  it('writes the tenant’s rows to the exports bucket once, even when delivered twice', async () => {
    const tenant = await provisionTenant(db.sql, { name: 'Exported Co' }, { actor });
    await createLocation(db.sql, tenant, { name: 'Harbour', timeZone: 'Australia/Sydney' });
    const job = exportJob(tenant.id);

    await enqueue(job);
    await enqueue(job);
    runWorker();

    const body = await eventually(async () => {
      const object = await s3Client().send(
        new GetObjectCommand({ Bucket: BUCKET, Key: exportObjectKey(tenant.id, job.payload.exportId) }),
      );
      return object.Body?.transformToString();
    });
    await eventually(async () => ((await messagesIn(queues.queueUrl)) === 0 ? true : undefined));
    const document = JSON.parse(body);
    expect(document.tenant.id).toBe(tenant.id);
    expect(document.tables.locations.map((l: { name: string }) => l.name)).toEqual(['Harbour']);
    expect(await jobRun(job.id)).toEqual({ status: 'done', attempts: 1, last_error: null });
  });

  it('retries a crashing job and parks it in the dead-letter queue after five receives', async () => {
    const tenant = await provisionTenant(db.sql, { name: 'Gone Soon' }, { actor });
    await deleteTenant(db.sql, tenant.id, { actor });
    const job = exportJob(tenant.id);

    await enqueue(job);
    runWorker();

    const parked = await eventually(async () => {
      const { Messages } = await sqsClient().send(
        new ReceiveMessageCommand({ QueueUrl: queues.deadLetterQueueUrl, MaxNumberOfMessages: 1 }),
      );
      return Messages?.[0];
    }, 30_000);
    expect(JSON.parse(parked.Body ?? '{}').id).toBe(job.id);
    expect(await messagesIn(queues.queueUrl)).toBe(0);
    expect(await jobRun(job.id)).toEqual({
      status: 'failed',
      attempts: MAX_RECEIVES,
      last_error: 'Tenant was not found.',
    });
  });
});

describe('retry backoff', () => {
  it('keeps a failed job away for its backoff delay, longer than the visibility timeout', async () => {
    const doomed = {
      id: 'backoff-1',
      type: 'tenant.export',
      tenantId: 'nosuchtenant01',
      payload: { exportId: randomUUID() },
    };
    await sqsClient().send(
      new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: JSON.stringify(doomed) }),
    );
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: queues.queueUrl,
        MaxNumberOfMessages: 1,
        MessageSystemAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );
    process.env.JOB_RETRY_BASE_SECONDS = '30';
    resetConfig();
    try {
      const event = {
        Records: Messages.map((m) =>
          toSqsRecord(m, `arn:aws:sqs:us-east-1:000000000000:${queues.queueUrl.split('/').at(-1)}`),
        ),
      };
      // A batch whose every record fails is thrown back whole (Powertools' FullBatchFailureError).
      await expect(workerHandler(event, lambdaContext('rota-worker'))).rejects.toThrow(/All records failed/);
      // The queue's own visibility timeout is 1 s: without backoff the job would be back by now.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const { Messages: again = [] } = await sqsClient().send(
        new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );

      expect(again.map((m) => JSON.parse(m.Body ?? '{}').id)).not.toContain('backoff-1');
    } finally {
      process.env.JOB_RETRY_BASE_SECONDS = '0';
      resetConfig();
      await sqsClient().send(new PurgeQueueCommand({ QueueUrl: queues.queueUrl }));
    }
  });
});

describe('worker handler', () => {
  it('reports only the failed records of a batch', async () => {
    const good = jobForFiring(schedules[0] as (typeof schedules)[0], new Date('2026-11-28T03:17:00Z'));
    const event = sqsEvent([
      JSON.stringify(good),
      '{"not":"a job"',
      JSON.stringify({ ...good, type: 'no.such' }),
    ]);

    const response = (await workerHandler(event, lambdaContext('rota-worker'))) as SQSBatchResponse;

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'message-1' },
      { itemIdentifier: 'message-2' },
    ]);
    expect(await jobRun(good.id)).toMatchObject({ status: 'done' });
  });

  it('acknowledges a redelivered finished job without running it again', async () => {
    const job = jobForFiring(schedules[0] as (typeof schedules)[0], new Date('2026-12-01T03:17:00Z'));
    const options = { log: logger as Logger, leaseMs: 10_000 };

    const first = await runJob(db.sql, JSON.stringify(job), options);
    const second = await runJob(db.sql, JSON.stringify(job), options);

    expect([first, second]).toEqual(['done', 'duplicate']);
    expect(await jobRun(job.id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('logs each job as JSON lines carrying its job id and tenant id', async () => {
    const tenant = await provisionTenant(db.sql, { name: 'Logged Co' }, { actor });
    const job = exportJob(tenant.id);
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const previousLevel = logger.getLevelName();
    logger.setLogLevel('INFO');
    try {
      await runJob(db.sql, JSON.stringify(job), { log: logger, leaseMs: 10_000 });
    } finally {
      logger.setLogLevel(previousLevel);
      write.mockRestore();
    }

    const records = lines
      .flatMap((line) => line.split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    expect(records).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'job done', jobId: job.id, tenantId: tenant.id }),
    );
  });

  it('refuses to run a job while another worker holds its lease', async () => {
    const job = jobForFiring(schedules[0] as (typeof schedules)[0], new Date('2026-12-02T03:17:00Z'));
    await db.sql`
      insert into platform.job_runs (job_id, job_type, status, lease_until)
      values (${job.id}, ${job.type}, 'running', now() + interval '1 minute')`;

    await expect(runJob(db.sql, JSON.stringify(job), { log: logger, leaseMs: 10_000 })).rejects.toThrow(
      /being run by another worker/,
    );
    expect(await jobRun(job.id)).toMatchObject({ status: 'running', attempts: 1 });
  });
});
