import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

export type SqsLambdaHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface WorkerLoop {
  /** Stops polling and waits for the poll and batch in hand to finish. */
  stop(): Promise<void>;
}

/**
 * Does locally what the Lambda event source mapping does in AWS: long-polls the queue, hands each
 * batch to the real worker handler as an SQS event, deletes the records it did not report as
 * failed, and leaves failed ones to reappear after the visibility timeout (and reach the DLQ
 * after the redrive policy's receive count).
 */
export function startWorkerLoop(options: {
  sqs: SQSClient;
  queueUrl: string;
  handler: SqsLambdaHandler;
  onError?: (error: unknown) => void;
}): WorkerLoop {
  const { sqs, queueUrl, handler } = options;
  let running = true;

  const loop = (async () => {
    while (running) {
      try {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages.length > 0) await handleBatch(sqs, queueUrl, handler, Messages);
      } catch (error) {
        if (!running) break;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  })();

  return {
    // The poll in flight is left to finish (at most WaitTimeSeconds): aborting it on our side
    // would not stop the server handing it a message, which would then sit invisible unprocessed.
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function handleBatch(sqs: SQSClient, queueUrl: string, handler: SqsLambdaHandler, messages: Message[]) {
  const queueArn = queueArnFromUrl(queueUrl);
  const event: SQSEvent = { Records: messages.map((message) => toSqsRecord(message, queueArn)) };
  const response = await handler(event, lambdaContext('rota-worker'));
  const failed = new Set(response?.batchItemFailures.map((failure) => failure.itemIdentifier));
  const succeeded = messages.filter((message) => !failed.has(message.MessageId ?? ''));
  if (succeeded.length === 0) return;
  await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: succeeded.map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle,
      })),
    }),
  );
}

/** The record shape Lambda builds from an SQS message. */
export function toSqsRecord(message: Message, eventSourceARN: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType ?? 'String', stringValue: value.StringValue },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: eventSourceARN.split(':')[3] ?? 'us-east-1',
  };
}

function queueArnFromUrl(queueUrl: string): string {
  const url = new URL(queueUrl);
  const [, account = '000000000000', name = 'queue'] = url.pathname.split('/');
  const region = /sqs\.([a-z0-9-]+)\./.exec(url.hostname)?.[1] ?? 'us-east-1';
  return `arn:aws:sqs:${region}:${account}:${name}`;
}
