import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let sqsServer: FauxqsServer;
let sqs: SQSClient;

beforeAll(async () => {
  sqsServer = await startFauxqs({ port: 0, logger: false });
  sqs = new SQSClient({
    endpoint: sqsServer.address,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  await sqsServer.stop();
});

/** The jobs queue and its DLQ as CloudFormation names them: generated, unrelated names. */
async function deployedQueues() {
  const dlq = await sqs.send(
    new CreateQueueCommand({ QueueName: 'Rota-prod-JobsDeadLetterQueue5F1A2B3C-kQ9x' }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'Rota-prod-JobsQueue24944186-AsDfGh',
      Attributes: {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: '5' }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl as string, dlqUrl: dlq.QueueUrl as string };
}

describe('npm run jobs -- dlq', () => {
  it('finds the dead-letter queue through the jobs queue’s redrive policy, lists and redrives its jobs', async () => {
    const { queueUrl, dlqUrl } = await deployedQueues();
    const parked = {
      id: 'monthly-report:t1:2026-10',
      type: 'reports.monthly-report',
      tenantId: 't1',
      payload: {},
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: JSON.stringify(parked) }));
    const jobs = (...args: string[]) =>
      run('npx', ['tsx', 'shared/jobs/cli.ts', 'dlq', ...args], {
        env: { ...process.env, AWS_ENDPOINT_URL: sqsServer.address, JOBS_QUEUE_URL: queueUrl },
      });

    const listed = await jobs('list');
    const redriven = await jobs('redrive');
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );

    expect(listed.stdout).toContain('1 job(s) in the dead-letter queue');
    expect(listed.stdout).toContain('monthly-report:t1:2026-10');
    expect(redriven.stdout).toContain('Moved 1 job(s) back to the jobs queue.');
    expect(Messages?.map((message) => JSON.parse(message.Body ?? '{}').id)).toEqual([parked.id]);
  });
});
