import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { Api } from './api';
import { databaseUrl, Migrations } from './database';
import { Jobs } from './jobs';
import { Schedules } from './schedules';

/** Options for {@link RotaStack}. */
export interface RotaStackProps extends StackProps {
  /** Deployed stage name (`dev`, `prod`, …), passed to the functions as STAGE. */
  readonly stage: string;
  /** LOG_LEVEL for every function. */
  readonly logLevel: string;
  /** Explicit DATABASE_URL; see {@link databaseUrl} for where it comes from otherwise. */
  readonly databaseUrl?: string;
}

/** One stage of Rota: HTTP API, jobs queue and worker, exports bucket and the migrate function. */
export class RotaStack extends Stack {
  constructor(scope: Construct, id: string, props: RotaStackProps) {
    super(scope, id, props);

    const environment = {
      STAGE: props.stage,
      LOG_LEVEL: props.logLevel,
      DATABASE_URL: databaseUrl(this, props.stage, props.databaseUrl),
    };

    // Holds full copies of tenants' data: private, TLS only, kept when the stack is deleted.
    const exportsBucket = new Bucket(this, 'ExportsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
    });

    const jobs = new Jobs(this, 'Jobs', { environment, exportsBucket });
    const api = new Api(this, 'Api', { environment, jobsQueue: jobs.queue, exportsBucket });
    const migrations = new Migrations(this, 'Migrations', { environment });
    new Schedules(this, 'Schedules', { jobsQueue: jobs.queue, stage: props.stage });

    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'JobsQueueUrl', { value: jobs.queue.queueUrl });
    new CfnOutput(this, 'ExportsBucketName', { value: exportsBucket.bucketName });
    new CfnOutput(this, 'MigrateFunctionName', { value: migrations.migrate.fn.functionName });
  }
}
