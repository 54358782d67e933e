import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../aws';
import { config } from '../config';
import { AppError, fieldErrors, ValidationError } from '../errors';
import { z } from '../zod';
import { type Job, parseJob } from './catalogue';

/**
 * Validates a job and sends it to the jobs queue. Call it only after the transaction that made the
 * job necessary has committed, so a rolled-back change never triggers work.
 */
export async function enqueue(job: Job, queueUrl = config().JOBS_QUEUE_URL): Promise<void> {
  if (!queueUrl) throw jobsNotSetUp();
  let valid: Job;
  try {
    valid = parseJob(job);
  } catch (error) {
    if (error instanceof z.ZodError) {
      throw new ValidationError(fieldErrors(error), `Job ${job.type} is invalid.`);
    }
    throw error;
  }
  await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(valid),
      MessageAttributes: { jobType: { DataType: 'String', StringValue: valid.type } },
    }),
  );
}

/** JOBS_QUEUE_URL is not set: a 503 to a caller (and logged), the work not accepted. */
const jobsNotSetUp = () =>
  new AppError('service_unavailable', 'Background jobs are not set up on this server.', {
    cause: new Error('JOBS_QUEUE_URL is not set'),
  });

/** SQS takes at most 10 messages per SendMessageBatch call. */
const BATCH_SIZE = 10;

/**
 * Validates and sends many jobs, ten per SendMessageBatch call. Throws if SQS refuses any message,
 * naming them, so the caller (itself a retried job) runs again; duplicates are harmless because
 * every job is keyed.
 */
export async function enqueueBatch(jobs: Job[], queueUrl = config().JOBS_QUEUE_URL): Promise<void> {
  if (!queueUrl) throw jobsNotSetUp();
  const valid = jobs.map((job) => parseJob(job));
  for (let start = 0; start < valid.length; start += BATCH_SIZE) {
    const batch = valid.slice(start, start + BATCH_SIZE);
    const result = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((job, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(job),
          MessageAttributes: { jobType: { DataType: 'String', StringValue: job.type } },
        })),
      }),
    );
    if (result.Failed?.length) {
      const failed = result.Failed.map((f) => batch[Number(f.Id)]?.id).join(', ');
      throw new Error(`SQS refused ${result.Failed.length} job(s): ${failed}`);
    }
  }
}
