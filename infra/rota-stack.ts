import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { Api } from './api';
import { Database, Migrations } from './database';
import { Email } from './email';
import { Jobs } from './jobs';
import type { FunctionDefaults } from './lambda-function';
import { Monitoring } from './monitoring';
import { acknowledge } from './nag';
import { Network } from './network';
import { Schedules } from './schedules';
import { AppSecrets } from './secrets';
import { dataRemovalPolicy, stageSettings } from './stages';
import { Web } from './web';

/** Options for {@link RotaStack}; everything but `stage` and `logLevel` comes from optional context. */
export interface RotaStackProps extends StackProps {
  /** A stage of infra/stages.ts (`dev`, `staging`, `prod`), passed to the functions as STAGE. */
  readonly stage: string;
  /** LOG_LEVEL for every function. */
  readonly logLevel: string;
  /** SES domain identity; without it, `emailFrom` is verified as a single address. */
  readonly emailDomain?: string;
  readonly emailFrom?: string;
  /** Subscribed to the alarm topic. */
  readonly alarmEmail?: string;
  /** Custom domain of the CloudFront distribution, with its us-east-1 ACM certificate. */
  readonly domainName?: string;
  readonly certificateArn?: string;
  readonly stripePricePro?: string;
  readonly stripePriceBusiness?: string;
  /**
   * Set as SECRETS_VERSION on every function. The functions read AUTH_SECRET and the Stripe keys
   * when an instance starts and the template holds only the secrets' ARNs, so a new value in a
   * secret changes nothing at deploy; a new secretsVersion changes every function's configuration,
   * and Lambda then serves each next request from a new instance, which reads the secrets anew.
   */
  readonly secretsVersion?: string;
  /** The built web app; defaults to `web/dist` (tests point it elsewhere). */
  readonly webDistDir?: string;
}

/**
 * Database connections per function instance. An instance serves one request at a time, so an
 * HTTP function needs only the few its parallel queries use; the worker runs its batch of 10 jobs
 * at once. Without RDS Proxy (dev) every one is a backend: the worker at its maximum concurrency
 * (10 instances, infra/jobs.ts) holds at most 40 of the dev database's 80, leaving the rest to the
 * HTTP functions and the migrations.
 */
const HTTP_POOL_MAX = 3;
const WORKER_POOL_MAX = 4;

/**
 * One stage of Rota: VPC, PostgreSQL (+ migrations on deploy), HTTP API, jobs queue and worker,
 * schedules, SES, the web app on CloudFront, secrets, alarms and a dashboard.
 */
export class RotaStack extends Stack {
  constructor(scope: Construct, id: string, props: RotaStackProps) {
    super(scope, id, props);
    const settings = stageSettings(props.stage);
    const removalPolicy = dataRemovalPolicy(settings);

    const network = new Network(this, 'Network', { settings });
    const database = new Database(this, 'Database', { network, settings });
    const secrets = new AppSecrets(this, 'Secrets', {
      stage: props.stage,
      removalPolicy,
      stripePricePro: props.stripePricePro,
      stripePriceBusiness: props.stripePriceBusiness,
    });
    if (props.stage === 'prod' && !(props.stripePricePro && props.stripePriceBusiness)) {
      Annotations.of(this).addWarningV2(
        'rota:stripe-prices-missing',
        'prod without -c stripePricePro=… -c stripePriceBusiness=…: the functions fall back to placeholder price ids',
      );
    }
    const email = new Email(this, 'Email', { domain: props.emailDomain, from: props.emailFrom });

    const functionDefaults: FunctionDefaults = {
      environment: {
        STAGE: props.stage,
        LOG_LEVEL: props.logLevel,
        ...(props.secretsVersion ? { SECRETS_VERSION: props.secretsVersion } : {}),
      },
      ...network.functionPlacement,
      logRetention: settings.logRetention,
      logRemovalPolicy: removalPolicy,
    };

    // S3 server access logs of the other buckets (`exports/`, `web/`) and CloudFront's standard
    // logs (`cloudfront/`), expired after the stage's log retention. CloudFront's log delivery
    // writes through ACLs, hence ACLs enabled with the bucket owner owning the objects.
    const accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // SSE-S3: the only encryption S3 server access logging can write to.
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(settings.logRetention) }],
      removalPolicy,
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
    });
    acknowledge(accessLogsBucket, {
      'AwsSolutions-S1':
        'Is the access-log bucket itself: logging it into itself would log its own log writes',
    });

    // Holds full copies of tenants' data: private, TLS only, kept when the stack is deleted
    // unless the stage destroys its database too (dev), where it is emptied and deleted.
    const exportsBucket = new Bucket(this, 'ExportsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy,
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'exports/',
    });

    const jobs = new Jobs(this, 'Jobs', { functionDefaults, exportsBucket });
    const api = new Api(this, 'Api', { functionDefaults, jobsQueue: jobs.queue, exportsBucket });
    const migrations = new Migrations(this, 'Migrations', {
      functionDefaults,
      database,
      authSecret: secrets.authSecret,
    });
    // New code may rely on the deploy's new tables and columns, so CloudFormation updates the
    // functions that serve requests and jobs only once the migration run has succeeded; a failed
    // run fails the deploy before any of them changes. Until then the previous release serves
    // (and provisioning refuses to create tenants behind the run's version: shared/tenancy/provision.ts).
    migrations.trigger.executeBefore(api.handler.fn, api.accounts.fn, api.billing.fn, jobs.worker.fn);
    const schedules = new Schedules(this, 'Schedules', { jobsQueue: jobs.queue, stage: props.stage });

    // APP_URL is the CloudFront URL, and CloudFront's `/api/*` origin is the HTTP API. That is
    // not a cycle: the distribution needs only the API's id (AWS::ApiGatewayV2::Api), not its
    // routes or integration, so CloudFormation creates API → distribution → functions → routes.
    // The cost is that the functions wait for the distribution on the first deploy.
    const web = new Web(this, 'Web', {
      httpApi: api.httpApi,
      originVerifySecret: secrets.originVerifySecret,
      removalPolicy,
      accessLogsBucket,
      distDir: props.webDistDir,
      domainName: props.domainName,
      certificateArn: props.certificateArn,
    });

    // Each function gets only what its routes or jobs use: mail for accounts (verification, reset,
    // invitations) and the worker; the Stripe keys for billing and the worker.
    for (const fn of [api.handler, api.accounts, api.billing, jobs.worker]) {
      const poolMax = fn === jobs.worker ? WORKER_POOL_MAX : HTTP_POOL_MAX;
      fn.bindDatabase(database, { poolMax })
        .bindAuthSecret(secrets.authSecret)
        .setEnvironment('APP_URL', web.url);
    }
    for (const fn of [api.accounts, jobs.worker]) fn.bindEmail(email);
    for (const fn of [api.billing, jobs.worker]) fn.bindStripe(secrets.stripe);
    // The functions that rate-limit by the caller's address check CloudFront's origin header before
    // trusting its viewer address (sign-up and /api/auth/* in accounts; starting a business in the API).
    secrets.bindOriginVerifySecret(api.accounts);
    secrets.bindOriginVerifySecret(api.handler);

    new Monitoring(this, 'Monitoring', {
      stage: props.stage,
      alarmEmail: props.alarmEmail,
      httpApi: api.httpApi,
      functions: {
        Api: api.handler,
        Accounts: api.accounts,
        Billing: api.billing,
        Worker: jobs.worker,
        Migrate: migrations.migrate,
      },
      database,
      jobsQueue: jobs.queue,
      deadLetterAlarms: [jobs.deadLetterAlarm],
      deadLetterQueues: { SchedulerDeadLetterQueue: schedules.deadLetterQueue },
    });

    new CfnOutput(this, 'AppUrl', { value: web.url, description: 'The web app and, under /api, the API' });
    new CfnOutput(this, 'DistributionDomainName', { value: web.distribution.distributionDomainName });
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'JobsQueueUrl', { value: jobs.queue.queueUrl });
    new CfnOutput(this, 'ExportsBucketName', { value: exportsBucket.bucketName });
    new CfnOutput(this, 'WebBucketName', { value: web.bucket.bucketName });
    new CfnOutput(this, 'MigrateFunctionName', { value: migrations.migrate.fn.functionName });
    new CfnOutput(this, 'DatabaseEndpoint', { value: `${database.host}:${database.port}` });
    new CfnOutput(this, 'DatabaseSecretArn', { value: database.secret.secretArn });
    new CfnOutput(this, 'DatabaseInstanceIdentifier', {
      value: database.instance.instanceIdentifier,
      description: 'For `aws rds modify-db-instance` when changing the database password (README)',
    });
    new CfnOutput(this, 'AuthSecretArn', {
      value: secrets.authSecret.secretArn,
      description: 'AUTH_SECRET; a new value reaches the functions with a new -c secretsVersion (README)',
    });
    new CfnOutput(this, 'StripeSecretName', {
      value: secrets.stripe.secret.secretName,
      description: 'Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET here (see infra/secrets.ts)',
    });
    new CfnOutput(this, 'EmailFrom', { value: email.from });
  }
}
