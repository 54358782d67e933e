import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface JobQueues {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

/** Receives before a message is moved to the dead-letter queue; the same number CDK configures. */
export const MAX_RECEIVES = 5;

/**
 * Creates (or finds) the jobs queue and its dead-letter queue on a local SQS (fauxqs or LocalStack),
 * wired like the deployed ones. `visibilityTimeoutSeconds` is how long a failed job waits before
 * it is retried.
 */
export async function ensureJobQueues(
  sqs: SQSClient,
  options: { name?: string; visibilityTimeoutSeconds?: number } = {},
): Promise<JobQueues> {
  const name = options.name ?? 'rota-jobs';
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqAttributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 10),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqAttributes.Attributes?.QueueArn,
          maxReceiveCount: String(MAX_RECEIVES),
        }),
      },
    }),
  );
  if (!queue.QueueUrl || !dlq.QueueUrl) throw new Error(`Could not create queue ${name}`);
  return { queueUrl: queue.QueueUrl, deadLetterQueueUrl: dlq.QueueUrl };
}

/** Creates a bucket unless it exists already. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}
