import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../aws';
import { config } from '../config';
import { fieldErrors, ValidationError } from '../errors';
import { z } from '../zod';
import { type Job, parseJob } from './catalogue';

/**
 * Validates a job and sends it to the jobs queue. Call it only after the transaction that made the
 * job necessary has committed, so a rolled-back change never triggers work.
 */
export async function enqueue(job: Job, queueUrl = config().JOBS_QUEUE_URL): Promise<void> {
  if (!queueUrl) throw new Error('JOBS_QUEUE_URL is not set');
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
