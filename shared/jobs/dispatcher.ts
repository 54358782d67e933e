import type { Logger } from '@aws-lambda-powertools/logger';
import type { Sql } from '../db/client';
import { type Job, parseJob } from './catalogue';
import { jobHandlers } from './handlers';

export type JobOutcome = 'done' | 'duplicate';

/**
 * Runs one queued job at most once to completion: a job whose id is already recorded as processed
 * (SQS delivers at least once) is acknowledged without running again. A handler that throws leaves
 * the job unrecorded, so the redelivered message retries it; after 5 receives SQS moves it to the DLQ.
 */
export async function runJob(sql: Sql, messageBody: string, log: Logger): Promise<JobOutcome> {
  const job = parseJob(JSON.parse(messageBody));
  const jobLog = log.createChild();
  jobLog.appendKeys({ jobId: job.id, jobType: job.type, tenantId: job.tenantId ?? undefined });

  const [seen] = await sql`select 1 from platform.processed_jobs where job_id = ${job.id}`;
  if (seen) {
    jobLog.info('job already processed; skipping duplicate delivery');
    return 'duplicate';
  }
  await dispatch(job, sql, jobLog);
  await sql`
    insert into platform.processed_jobs (job_id, job_type, tenant_id)
    values (${job.id}, ${job.type}, ${job.tenantId}) on conflict (job_id) do nothing`;
  jobLog.info('job done');
  return 'done';
}

function dispatch(job: Job, sql: Sql, log: Logger): Promise<void> {
  const handler = jobHandlers[job.type] as (job: Job, context: { sql: Sql; log: Logger }) => Promise<void>;
  return handler(job, { sql, log });
}
