import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { sqsClient } from '../aws';

export interface DeadLetter {
  messageId: string;
  jobId: string | null;
  type: string | null;
  tenantId: string | null;
  receiveCount: number;
}

/** How long listed messages stay hidden while we page through the queue. */
const LIST_VISIBILITY_SECONDS = 30;

async function receiveAll(queueUrl: string, visibilitySeconds: number): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: visibilitySeconds,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
  }
}

function describe(message: Message): DeadLetter {
  let job: { id?: string; type?: string; tenantId?: string | null } = {};
  try {
    job = JSON.parse(message.Body ?? '{}');
  } catch {
    // an unreadable body is listed as such
  }
  return {
    messageId: message.MessageId ?? '',
    jobId: job.id ?? null,
    type: job.type ?? null,
    tenantId: job.tenantId ?? null,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
  };
}

/** The parked jobs, left in place (they are hidden for a moment, then visible again). */
export async function listDeadLetters(dlqUrl: string): Promise<DeadLetter[]> {
  const messages = await receiveAll(dlqUrl, LIST_VISIBILITY_SECONDS);
  for (let i = 0; i < messages.length; i += 10) {
    await sqsClient().send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: dlqUrl,
        Entries: messages
          .slice(i, i + 10)
          .map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
  return messages.map(describe);
}

/**
 * Sends every parked job back to the jobs queue, then removes it from the dead-letter queue (in
 * that order: a crash in between leaves a duplicate, which the keyed job runs ignore, never a loss).
 */
export async function redriveDeadLetters(dlqUrl: string, queueUrl: string): Promise<number> {
  const messages = await receiveAll(dlqUrl, LIST_VISIBILITY_SECONDS);
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    const sent = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, index) => ({ Id: String(index), MessageBody: m.Body ?? '' })),
      }),
    );
    if (sent.Failed?.length) throw new Error(`SQS refused ${sent.Failed.length} message(s) while redriving`);
    await sqsClient().send(
      new DeleteMessageBatchCommand({
        QueueUrl: dlqUrl,
        Entries: batch.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
  return messages.length;
}
