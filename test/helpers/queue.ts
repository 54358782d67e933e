import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { resetAwsClients, sqsClient } from '../../shared/aws';
import { resetConfig } from '../../shared/config';
import { ensureJobQueues, type JobQueues } from '../../shared/local/aws-resources';
import { startWorkerLoop, type WorkerLoop } from '../../shared/local/worker-loop';

export interface JobsStandIn {
  sqsServer: FauxqsServer;
  queues: JobQueues;
  /** Starts the worker loop (the real worker Lambda handler) on the jobs queue. */
  runWorker(): Promise<WorkerLoop>;
  stop(): Promise<void>;
}

/**
 * fauxqs (SQS and S3) for one test file, its jobs queue and DLQ (1-second visibility, so retries
 * are quick), and the environment pointed at them, plus whatever else `environment` sets
 * (DATABASE_URL first of all: the worker handler reads it).
 */
export async function startJobsStandIn(
  name: string,
  environment: Record<string, string>,
): Promise<JobsStandIn> {
  const sqsServer = await startFauxqs({ port: 0, logger: false });
  Object.assign(process.env, { ...environment, AWS_ENDPOINT_URL: sqsServer.address });
  resetConfig();
  resetAwsClients();
  const queues = await ensureJobQueues(sqsClient(), { name, visibilityTimeoutSeconds: 1 });
  process.env.JOBS_QUEUE_URL = queues.queueUrl;
  resetConfig();
  const loops: WorkerLoop[] = [];
  return {
    sqsServer,
    queues,
    async runWorker() {
      const { handler } = await import('../../functions/queues/worker');
      const loop = startWorkerLoop({
        sqs: sqsClient(),
        queueUrl: queues.queueUrl,
        handler: async (event, context) => (await handler(event, context)) ?? undefined,
      });
      loops.push(loop);
      return loop;
    },
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
      await sqsServer.stop();
    },
  };
}
