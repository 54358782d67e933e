import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { repoRoot } from './lambda-function';
import { acknowledge } from './nag';

/** An entry of shared/jobs/schedules.json (data shared with the runtime, not code). */
interface ScheduleEntry {
  name: string;
  description: string;
  cron: string;
  timeZone: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * The 5-field cron of schedules.json in EventBridge's 6-field form: it wants a year, and `?` in
 * whichever of day-of-month / day-of-week is not restricted.
 */
export function toEventBridgeCron(cron: string): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek = '*'] = cron.split(' ');
  const dom = dayOfWeek !== '*' && dayOfMonth === '*' ? '?' : dayOfMonth;
  const dow = dayOfWeek === '*' ? '?' : eventBridgeWeekdays(dayOfWeek);
  return `cron(${minute} ${hour} ${dom} ${month} ${dow} *)`;
}

/** Cron counts weekdays 0–7 from Sunday (0 and 7 both Sunday); EventBridge counts 1–7 from Sunday. */
function eventBridgeWeekdays(field: string): string {
  return field.replace(/\d+/g, (day) => String((Number(day) % 7) + 1));
}

/** Options for {@link Schedules}. */
export interface SchedulesProps {
  readonly jobsQueue: IQueue;
  readonly stage: string;
}

/**
 * One EventBridge Scheduler schedule per entry of shared/jobs/schedules.json, each sending its job
 * straight to the jobs queue. The job id carries the scheduled time, so a repeated firing runs once.
 * A firing that still cannot be delivered after its retries lands in a dead-letter queue (the
 * monitoring area alarms on it) instead of vanishing.
 */
export class Schedules extends Construct {
  readonly schedules: CfnSchedule[];
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const entries = JSON.parse(
      readFileSync(join(repoRoot, 'shared/jobs/schedules.json'), 'utf8'),
    ) as ScheduleEntry[];
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
    });
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, {
      'AwsSolutions-SQS3':
        "Is itself a dead-letter queue (the schedules' DeadLetterConfig), which cdk-nag sees only for SQS redrive",
    });
    // Scheduler writes to the dead-letter queue with the schedule's role too.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [props.jobsQueue.queueArn, this.deadLetterQueue.queueArn],
      }),
    );

    this.schedules = entries.map(
      (entry) =>
        new CfnSchedule(this, entry.name, {
          name: `rota-${props.stage}-${entry.name}`,
          description: entry.description,
          scheduleExpression: toEventBridgeCron(entry.cron),
          scheduleExpressionTimezone: entry.timeZone,
          flexibleTimeWindow: { mode: 'OFF' },
          target: {
            arn: props.jobsQueue.queueArn,
            roleArn: role.roleArn,
            input: JSON.stringify({
              id: `${entry.name}:<aws.scheduler.scheduled-time>`,
              type: entry.type,
              tenantId: null,
              payload: entry.payload,
            }),
            retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 86_400 },
            deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
          },
        }),
    );
  }
}
