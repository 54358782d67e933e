import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RotaStack } from '../../infra/rota-stack';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('RotaStack', () => {
  let template: Template;
  // Our own folder, so the bundles (a few MB) do not pile up in the OS temp dir run after run.
  const assemblyDir = mkdtempSync(join(tmpdir(), 'rota-cdk-test-'));

  // Synthesizing bundles the three functions with the local esbuild, hence one shared build.
  beforeAll(() => {
    // The same feature flags `cdk synth` applies, so the template under test is the deployed one.
    const { context } = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8'));
    const app = new App({ context, outdir: assemblyDir });
    const stack = new RotaStack(app, 'Rota-test', { stage: 'test', logLevel: 'INFO' });

    template = Template.fromStack(stack);
  }, 60_000);

  afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

  it('reports partial batch failures from the worker event source', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('moves a message to the 14-day DLQ after 5 receives', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const dlq = Object.entries(queues).find(
      ([, queue]) => queue.Properties.MessageRetentionPeriod === 1209600,
    );
    expect(dlq).toBeDefined();

    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq?.[0], 'Arn'] }, maxReceiveCount: 5 },
      VisibilityTimeout: 720,
    });
  });

  it('encrypts both queues', () => {
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));

    expect(queues).toHaveLength(2);
    for (const queue of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('blocks public access to every bucket and encrypts it', () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));

    expect(buckets.length).toBeGreaterThan(0);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
  });

  it('runs every function on Node.js 24, arm64, with a log group kept for a month', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));

    expect(functions).toHaveLength(3);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
    }
    template.resourceCountIs('AWS::Logs::LogGroup', 3);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('alarms as soon as the DLQ holds a message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it('schedules the monthly reports at 06:00 Madrid time on the 1st, straight into the jobs queue', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 1 * ? *)',
      ScheduleExpressionTimezone: 'Europe/Madrid',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Input: Match.stringLikeRegexp(
          '"id":"monthly-reports:<aws.scheduler.scheduled-time>".*"type":"reports.fan-out"',
        ),
      }),
    });
  });

  it('routes every /api path to the API function', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}' });
  });

  it('ships the SQL migrations inside the migrate function', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MIGRATIONS_DIR: '/var/task/migrations' }) },
    });

    const assets = readdirSync(assemblyDir).filter((name) => name.startsWith('asset.'));
    const withMigrations = assets.filter(
      (name) =>
        existsSync(join(assemblyDir, name, 'migrations', 'shared')) &&
        existsSync(join(assemblyDir, name, 'migrations', 'tenant')),
    );
    expect(withMigrations).toHaveLength(1);
  });
});
