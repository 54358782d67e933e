import type { Logger } from '@aws-lambda-powertools/logger';
import type { Sql } from '../db/client';
import { type Job, parseJob } from './catalogue';
import { jobHandlers } from './handlers';

export type JobOutcome = 'done' | 'duplicate';

/** Thrown when another worker holds the job's lease; the message is retried later. */
export class JobInProgressError extends Error {
  override name = 'JobInProgressError';
  constructor(jobId: string) {
    super(`Job ${jobId} is being run by another worker`);
  }
}

/**
 * Runs one queued job so that its work is done once, however often SQS delivers it:
 * 1. claim the job id (a lease until `leaseMs` from now) — a job already done is acknowledged
 *    without running; one leased by a live worker throws JobInProgressError so SQS retries it;
 * 2. run the handler;
 * 3. mark it done, or record the error and release the lease so the retry can claim it.
 * A failure rethrows, so the record is reported failed; after 5 receives SQS moves it to the DLQ.
 */
export async function runJob(
  sql: Sql,
  messageBody: string,
  options: { log: Logger; leaseMs: number },
): Promise<JobOutcome> {
  const job = parseJob(JSON.parse(messageBody));
  const log = options.log.createChild();
  log.appendKeys({ jobId: job.id, jobType: job.type, tenantId: job.tenantId ?? undefined });

  const claim = await claimJob(sql, job, options.leaseMs);
  if (claim === 'done') {
    log.info('job already done; duplicate delivery acknowledged');
    return 'duplicate';
  }
  if (claim === 'leased') throw new JobInProgressError(job.id);

  try {
    await dispatch(job, sql, log);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await sql`
      update platform.job_runs set status = 'failed', last_error = ${message}, lease_until = now()
      where job_id = ${job.id}`;
    log.error('job failed', { error });
    throw error;
  }
  await sql`
    update platform.job_runs set status = 'done', finished_at = now(), last_error = null
    where job_id = ${job.id}`;
  log.info('job done');
  return 'done';
}

async function claimJob(sql: Sql, job: Job, leaseMs: number): Promise<'claimed' | 'done' | 'leased'> {
  const leaseUntil = new Date(Date.now() + leaseMs);
  const [claimed] = await sql`
    insert into platform.job_runs (job_id, job_type, tenant_id, status, lease_until)
    values (${job.id}, ${job.type}, ${job.tenantId}, 'running', ${leaseUntil})
    on conflict (job_id) do update
      set status = 'running', attempts = platform.job_runs.attempts + 1, lease_until = excluded.lease_until
      where platform.job_runs.status <> 'done' and platform.job_runs.lease_until <= now()
    returning job_id`;
  if (claimed) return 'claimed';
  const [existing] = await sql<
    { status: string }[]
  >`select status from platform.job_runs where job_id = ${job.id}`;
  return existing?.status === 'done' ? 'done' : 'leased';
}

function dispatch(job: Job, sql: Sql, log: Logger): Promise<void> {
  const handler = jobHandlers[job.type] as (job: Job, context: { sql: Sql; log: Logger }) => Promise<void>;
  return handler(job, { sql, log });
}
