/**
 * `npm run jobs -- <command>`: the operator's view of the job queue.
 *
 *   dlq list                              jobs that failed 5 times and were parked
 *   dlq redrive                           send them back to the jobs queue
 *   run monthly-reports --month 2026-10   queue the monthly report fan-out now
 *   runs [--failed]                       recent job runs (status, attempts, last error)
 *
 * Talks to SQS in AWS, or to `npm start`'s fauxqs when AWS_ENDPOINT_URL is unset.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../aws';
import { config } from '../config';
import { createSql } from '../db/client';
import { useLocalServicesUnlessConfigured } from '../local/services';
import { listDeadLetters, redriveDeadLetters } from './dead-letters';
import { enqueue } from './queue';

/** Where `npm start` serves its database. */
const LOCAL_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54329/rota';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The jobs queue and the dead-letter queue its redrive policy names: CloudFormation gives the
 * deployed queues generated names, so the dead-letter queue is found from the jobs queue itself.
 */
async function queueUrls() {
  useLocalServicesUnlessConfigured();
  const queueUrl =
    config().JOBS_QUEUE_URL ??
    (await sqsClient().send(new GetQueueUrlCommand({ QueueName: 'rota-jobs' }))).QueueUrl;
  if (!queueUrl) throw new Error('Could not find the jobs queue');
  const { Attributes } = await sqsClient().send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
  );
  const dlqArn: string | undefined = Attributes?.RedrivePolicy
    ? JSON.parse(Attributes.RedrivePolicy).deadLetterTargetArn
    : undefined;
  if (!dlqArn) throw new Error(`The jobs queue ${queueUrl} has no dead-letter queue`);
  // arn:aws:sqs:<region>:<account>:<name>
  const [, , , , account, name] = dlqArn.split(':');
  const dlqUrl = (
    await sqsClient().send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }))
  ).QueueUrl;
  if (!dlqUrl) throw new Error(`Could not find the dead-letter queue ${dlqArn}`);
  return { queueUrl, dlqUrl };
}

async function main(args: string[]): Promise<number> {
  const [command, sub] = args;
  if (command === 'dlq' && sub === 'list') {
    const { dlqUrl } = await queueUrls();
    const parked = await listDeadLetters(dlqUrl);
    say(
      parked.length === 0
        ? 'The dead-letter queue is empty.'
        : `${parked.length} job(s) in the dead-letter queue:`,
    );
    for (const job of parked)
      say(
        `  ${job.messageId}  ${job.type ?? '(unreadable)'}  ${job.jobId ?? ''}  tenant ${job.tenantId ?? '-'}  received ${job.receiveCount}x`,
      );
    return 0;
  }
  if (command === 'dlq' && sub === 'redrive') {
    const { queueUrl, dlqUrl } = await queueUrls();
    say(`Moved ${await redriveDeadLetters(dlqUrl, queueUrl)} job(s) back to the jobs queue.`);
    return 0;
  }
  if (command === 'run' && sub === 'monthly-reports') {
    const month = args[args.indexOf('--month') + 1];
    if (!args.includes('--month') || !month)
      throw new Error('Usage: npm run jobs -- run monthly-reports --month 2026-10');
    const { queueUrl } = await queueUrls();
    // A fresh id: a manual run is a new fan-out; the reports themselves still go out once.
    await enqueue(
      {
        id: `reports.fan-out:${month}:${randomUUID()}`,
        type: 'reports.fan-out',
        tenantId: null,
        payload: { month },
      },
      queueUrl,
    );
    say(`Queued the monthly report fan-out for ${month}.`);
    return 0;
  }
  if (command === 'runs') {
    const sql = createSql(config().DATABASE_URL ?? LOCAL_DATABASE_URL, { max: 1 });
    try {
      const rows = await sql<
        { job_id: string; status: string; attempts: number; last_error: string | null; started_at: Date }[]
      >`
        select job_id, status, attempts, last_error, started_at from platform.job_runs
        ${args.includes('--failed') ? sql`where status = 'failed'` : sql``}
        order by started_at desc limit 50`;
      for (const row of rows)
        say(
          `${row.started_at.toISOString()}  ${row.status.padEnd(7)}  x${row.attempts}  ${row.job_id}  ${row.last_error ?? ''}`,
        );
      return 0;
    } finally {
      await sql.end();
    }
  }
  process.stderr.write(
    'Usage: npm run jobs -- dlq list | dlq redrive | run monthly-reports --month YYYY-MM | runs [--failed]\n',
  );
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  },
);
