import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { sqsClient } from '../aws';
import { config } from '../config';

/** SQS's longest visibility timeout we use for a retry: 15 minutes. */
const MAX_DELAY_SECONDS = 900;

/** Seconds before the n-th retry: base, 2×base, 4×base… capped at 15 minutes. */
export function retryDelaySeconds(
  receiveCount: number,
  baseSeconds = config().JOB_RETRY_BASE_SECONDS,
): number {
  if (baseSeconds === 0) return 0;
  return Math.min(MAX_DELAY_SECONDS, baseSeconds * 2 ** Math.max(0, receiveCount - 1));
}

/** The queue URL of a record, from its ARN (arn:aws:sqs:region:account:name). */
function queueUrlOf(record: SQSRecord): string {
  const configured = config().JOBS_QUEUE_URL;
  if (configured?.endsWith(`/${record.eventSourceARN.split(':').at(-1)}`)) return configured;
  const [, , , region, account, name] = record.eventSourceARN.split(':');
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

/**
 * Makes a failed job come back later than the queue's visibility timeout would: exponential
 * backoff, so a flaky dependency gets time to recover before the 5 receives run out.
 */
export async function delayRetry(record: SQSRecord): Promise<void> {
  const delay = retryDelaySeconds(Number(record.attributes.ApproximateReceiveCount ?? 1));
  if (delay === 0) return;
  await sqsClient()
    .send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrlOf(record),
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: delay,
      }),
    )
    // The retry still happens after the normal visibility timeout; a failure here must not hide the job's own error.
    .catch(() => {});
}
