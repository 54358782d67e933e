import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionDefaults, RotaFunction } from './lambda-function';

/** Options for {@link Jobs}. */
export interface JobsProps {
  readonly functionDefaults: FunctionDefaults;
  /** Where `tenant.export` jobs write. */
  readonly exportsBucket: IBucket;
}

/** Receives after which a message is treated as poison and parked in the DLQ. */
export const MAX_RECEIVE_COUNT = 5;

const WORKER_TIMEOUT = Duration.minutes(2);

/**
 * Background jobs: the SQS queue, its dead-letter queue, the worker Lambda that consumes it
 * (`functions/queues/worker.ts`) and an alarm that fires as soon as anything lands in the DLQ.
 */
export class Jobs extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly worker: RotaFunction;
  readonly deadLetterAlarm: Alarm;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to find the bug and redrive the messages.
      retentionPeriod: Duration.days(14),
    });

    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for Lambda consumers: at least 6x the function timeout, so a batch that is
      // retried after throttling is not received again while the first attempt still runs.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.worker = new RotaFunction(this, 'Worker', {
      ...props.functionDefaults,
      entry: 'functions/queues/worker.ts',
      description: 'Runs background jobs from the jobs queue',
      timeout: WORKER_TIMEOUT,
      // The report renderer reads ./fonts/*.ttf beside the bundle (pdfkit's own fonts do not bundle).
      copyIntoAsset: [{ from: 'shared/reports/fonts', to: 'fonts' }],
    })
      // Jobs may enqueue follow-up jobs (fan-out).
      .bindQueue(this.queue)
      .bindExportsBucket(props.exportsBucket, 'write');

    this.worker.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        // The worker returns failed message ids, so only those are retried, not the whole batch.
        reportBatchItemFailures: true,
        // Each worker instance holds its own database connections; this caps how many exist.
        maxConcurrency: 10,
      }),
    );

    // infra/monitoring.ts routes it to the alarm topic.
    this.deadLetterAlarm = new Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: 'A job failed 5 times and was moved to the dead-letter queue',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // An idle queue publishes no data points; that is the healthy state.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
