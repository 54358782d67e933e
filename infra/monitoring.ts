import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Database } from './database';
import type { RotaFunction } from './lambda-function';

/** Options for {@link Monitoring}. */
export interface MonitoringProps {
  readonly stage: string;
  /** Context `alarmEmail`: subscribed to the alarm topic (AWS mails a confirmation link first). */
  readonly alarmEmail?: string;
  readonly httpApi: IHttpApi;
  /** Each gets an Errors and a Throttles alarm. */
  readonly functions: Record<string, RotaFunction>;
  readonly database: Database;
  readonly jobsQueue: IQueue;
  /** Dead-letter queue alarms created elsewhere (the jobs DLQ's); they notify the topic too. */
  readonly deadLetterAlarms: readonly Alarm[];
  /** Dead-letter queues that must stay empty (the Scheduler's). */
  readonly deadLetterQueues: Record<string, IQueue>;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms, their SNS topic and a dashboard. Every alarm notifies the topic when it fires and when it
 * recovers. Thresholds are starting points: tune them once real traffic shows what normal is.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // Not encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key, a
    // customer key would cost more than it protects, and alarm notifications carry no secrets.
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Rota ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    for (const alarm of props.deadLetterAlarms) this.notify(alarm);
    const deadLetterMetrics = props.deadLetterAlarms.map((alarm) => alarm.metric);

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const alarm = this.alarm(`${name}Alarm`, {
        description: `${name}: a message could not be delivered and waits in the dead-letter queue`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      deadLetterMetrics.push(alarm.metric);
    }

    // --- API -----------------------------------------------------------------------------------
    const { httpApi } = props;
    const serverErrorRate = new MathExpression({
      // Below 10 requests in 5 minutes one error is noise, not a rate.
      expression: 'IF(requests >= 10, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        requests: httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      period: FIVE_MINUTES,
      label: '5xx responses (%)',
    });
    this.alarm('ApiServerErrorRate', {
      description: 'More than 5% of API responses were 5xx for 10 of the last 15 minutes',
      metric: serverErrorRate,
      threshold: 5,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    const latencyP99 = httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' });
    this.alarm('ApiLatencyP99', {
      description: 'API p99 latency above 3 s for 10 of the last 15 minutes',
      metric: latencyP99,
      threshold: 3000,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });

    // --- Functions -----------------------------------------------------------------------------
    for (const [name, fn] of Object.entries(props.functions)) {
      // Errors are unhandled failures: the API maps errors to responses, and the worker reports
      // failed records as partial batch failures, so any of these means a crash or a timeout.
      this.alarm(`${name}Errors`, {
        description: `${name} function: invocations failed (crash or timeout)`,
        metric: fn.fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      this.alarm(`${name}Throttles`, {
        description: `${name} function: invocations throttled (concurrency limit reached)`,
        metric: fn.fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 0,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    // --- Database ------------------------------------------------------------------------------
    const { database } = props;
    const instance = database.instance;
    const cpu = instance.metricCPUUtilization({ period: FIVE_MINUTES, statistic: 'Average' });
    this.alarm('DatabaseCpu', {
      description: 'Database CPU above 80% for 15 minutes',
      metric: cpu,
      threshold: 80,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
    const freeStorage = instance.metricFreeStorageSpace({ period: FIVE_MINUTES, statistic: 'Minimum' });
    // Of the initial allocation: storage autoscaling grows the volume, which only makes this stricter.
    const tenPercentBytes = database.allocatedStorageGiB * 1024 ** 3 * 0.1;
    this.alarm('DatabaseFreeStorage', {
      description: `Database free storage below 10% of ${database.allocatedStorageGiB} GiB`,
      metric: freeStorage,
      threshold: tenPercentBytes,
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
    });
    const connections = instance.metricDatabaseConnections({ period: FIVE_MINUTES, statistic: 'Maximum' });
    this.alarm('DatabaseConnections', {
      description: `Database connections above 80% of max_connections (${database.maxConnections})`,
      metric: connections,
      threshold: Math.floor(database.maxConnections * 0.8),
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
    });

    // --- Dashboard -----------------------------------------------------------------------------
    const fns = Object.entries(props.functions);
    const perFunction = (metric: (fn: RotaFunction) => IMetric) => fns.map(([, fn]) => metric(fn));
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `rota-${props.stage}`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests and 5xx',
        left: [httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' })],
        right: [httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' })],
        width: 8,
      }),
      new GraphWidget({
        title: 'API latency',
        left: [httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p50' }), latencyP99],
        width: 8,
      }),
      new GraphWidget({ title: 'API 5xx rate (%)', left: [serverErrorRate], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Function invocations',
        left: perFunction((fn) => fn.fn.metricInvocations({ period: FIVE_MINUTES, statistic: 'Sum' })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Function errors and throttles',
        left: perFunction((fn) => fn.fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' })),
        right: perFunction((fn) => fn.fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Function duration p99',
        left: perFunction((fn) => fn.fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Jobs queue',
        left: [props.jobsQueue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES })],
        right: [props.jobsQueue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Dead-letter queues',
        left: deadLetterMetrics,
        width: 8,
      }),
      new GraphWidget({ title: 'Database CPU (%)', left: [cpu], right: [connections], width: 8 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Database free storage (bytes)', left: [freeStorage], width: 8 }),
    );
  }

  private alarm(
    id: string,
    options: {
      description: string;
      metric: IMetric;
      threshold: number;
      comparison: ComparisonOperator;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparison,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm,
      // No data means no traffic (or an idle queue): healthy.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return this.notify(alarm);
  }

  private notify(alarm: Alarm): Alarm {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}
