import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTION_MEMORY_MB } from '../shared/node-heap';
import type { Database } from './database';
import type { Email } from './email';
import { acknowledge, LAMBDA_BASIC_EXECUTION, LAMBDA_VPC_ACCESS } from './nag';
import type { StripeSettings } from './secrets';

/** Absolute path of the repository root; handler entries and copied folders are relative to it. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where every object of the exports bucket lives: `tenants/<tenant id>/{exports,reports}/…`. */
const EXPORTS_PREFIX = 'tenants/';

/** The Node.js runtime every Rota function runs on. */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;

/**
 * A file or folder copied into the asset beside `index.mjs`, for files read at run time (it appears
 * under `/var/task/<to>`). A plain string copies the repo-relative path to the same place.
 */
export type AssetCopy = string | { readonly from: string; readonly to: string };

/** What every function of a stack shares: variables, network placement, log settings. */
export interface FunctionDefaults {
  /** Variables every function gets (STAGE, LOG_LEVEL). */
  readonly environment: Record<string, string>;
  readonly vpc: IVpc;
  /** Private subnets with egress (Stripe goes out through NAT). */
  readonly vpcSubnets: SubnetSelection;
  readonly securityGroups: ISecurityGroup[];
  /** Defaults to one month. */
  readonly logRetention?: RetentionDays;
  /** What happens to the log group when the function is deleted; defaults to RETAIN. */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** Options for {@link RotaFunction}. */
export interface RotaFunctionProps extends FunctionDefaults {
  /** Handler file relative to the repo root, e.g. `functions/http/api.ts`; it must export `handler`. */
  readonly entry: string;
  readonly description?: string;
  /** Defaults to 10 seconds. */
  readonly timeout?: Duration;
  /**
   * Defaults to 1024 MB: Lambda allots CPU in proportion, which shortens cold starts. The runtime
   * sizes V8's young generation from it, as `npm start` does (shared/node-heap.ts).
   */
  readonly memorySize?: number;
  readonly copyIntoAsset?: readonly AssetCopy[];
}

/**
 * The function's code: `entry` bundled by infra/bundle.ts on this machine at synth time (no Docker),
 * plus the `copyIntoAsset` files. The asset hash is the output's, so an unchanged bundle is not
 * uploaded again.
 */
function bundledCode(entry: string, copyIntoAsset: readonly AssetCopy[]): Code {
  return Code.fromAsset(repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // CDK requires a Docker fallback; it is never used, because local bundling succeeds or throws.
      // The command also tells CDK's bundling cache the functions apart (it keys on these options).
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
      command: ['npx', 'tsx', 'infra/bundle.ts', entry, '/asset-output'],
      local: {
        tryBundle(outputDir) {
          const bundler = spawnSync(
            process.execPath,
            ['--import', 'tsx', join(repoRoot, 'infra/bundle.ts'), entry, outputDir],
            { cwd: repoRoot, encoding: 'utf8' },
          );
          if (bundler.status !== 0) throw new Error(`Bundling ${entry} failed: ${bundler.stderr}`);
          for (const item of copyIntoAsset) {
            const { from, to } = typeof item === 'string' ? { from: item, to: item } : item;
            cpSync(join(repoRoot, from), join(outputDir, to), { recursive: true });
          }
          return true;
        },
      },
    },
  });
}

/**
 * A Node.js Lambda function with Rota's defaults: newest Node runtime, arm64, a minified ESM
 * bundle with source maps, its own log group, and a place in the VPC's private subnets. The
 * `bind*` methods grant access to a resource and set the variables `shared/config.ts` reads for it,
 * in one call.
 */
export class RotaFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RotaFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.fn = new LambdaFunction(this, 'Function', {
      code: bundledCode(props.entry, props.copyIntoAsset ?? []),
      handler: 'index.handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? FUNCTION_MEMORY_MB,
      logGroup: this.logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      environment: {
        // Without it the source map shipped in the bundle would not be used for stack traces.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });

    acknowledge(this, {
      [LAMBDA_BASIC_EXECUTION]:
        'AWS managed Lambda logging policy; the function writes only to its own log group (logGroup above)',
      [LAMBDA_VPC_ACCESS]:
        'AWS managed policy for VPC ENIs: EC2 network-interface actions have no resource scoping',
    });
  }

  /** Sets one variable; for values with no resource to grant on. */
  setEnvironment(name: string, value: string): this {
    this.fn.addEnvironment(name, value);
    return this;
  }

  /** Lets the function send jobs to `queue` and sets JOBS_QUEUE_URL. */
  bindQueue(queue: IQueue): this {
    queue.grantSendMessages(this.fn);
    return this.setEnvironment('JOBS_QUEUE_URL', queue.queueUrl);
  }

  /**
   * Grants read (GetObject) or write on the exports bucket's tenant objects, `tenants/<tenant id>/…`
   * (see shared/tenancy/export.ts and shared/reports/store.ts), and sets EXPORTS_BUCKET. Write is
   * PutObject (which covers multipart uploads) and AbortMultipartUpload, plus what deleting a
   * business takes (shared/tenancy/stored-objects.ts): DeleteObject, and ListBucket only under
   * `tenants/`. Narrower than `grantRead`/`grantPut`: no tagging, legal holds or retention. Without
   * s3:ListBucket a missing key answers 403 instead of 404; the routes treat any failure as "not
   * found".
   */
  bindExportsBucket(bucket: IBucket, access: 'read' | 'write'): this {
    const objects = bucket.arnForObjects(`${EXPORTS_PREFIX}*`);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions:
          access === 'read'
            ? ['s3:GetObject']
            : ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
        resources: [objects],
      }),
    );
    if (access === 'write')
      this.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${EXPORTS_PREFIX}*`] } },
        }),
      );
    const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnBucket);
    acknowledge(this, {
      [`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${EXPORTS_PREFIX}*]`]:
        'Object keys are per tenant and per export (tenants/<id>/…), unknown when the policy is written',
    });
    return this.setEnvironment('EXPORTS_BUCKET', bucket.bucketName);
  }

  /**
   * Sets DATABASE_URL (no password in it), DATABASE_SECRET_ARN (the runtime reads the password
   * from the secret's `password` field) and, behind RDS Proxy, DATABASE_PREPARE=false; grants read
   * on the secret. `direct` connects to the instance even when there is a proxy (migrations hold a
   * session-level advisory lock for a whole run, which would pin a proxy connection anyway).
   */
  bindDatabase(database: Database, options: { direct?: boolean; poolMax?: number } = {}): this {
    const connection = database.connection(options);
    database.secret.grantRead(this.fn);
    this.setEnvironment('DATABASE_URL', connection.url);
    if (options.poolMax) this.setEnvironment('DATABASE_POOL_MAX', String(options.poolMax));
    this.setEnvironment('DATABASE_SECRET_ARN', database.secret.secretArn);
    if (connection.viaProxy) this.setEnvironment('DATABASE_PREPARE', 'false');
    return this;
  }

  /**
   * Lets the function send mail from the SES identity through its configuration set (SES checks
   * both) and sets EMAIL_FROM. While the account is in the SES sandbox, SES also checks the
   * recipients' identities: widen the resource to `identity/*` there, or leave the sandbox.
   */
  bindEmail(email: Email): this {
    const stack = Stack.of(this);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          email.identity.emailIdentityArn,
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: email.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
    return this.setEnvironment('EMAIL_FROM', email.from);
  }

  /**
   * Sets AUTH_SECRET_ARN and grants read on it. The value never enters the template or the
   * function configuration: `shared/config.ts` must resolve the ARN to AUTH_SECRET at cold start.
   */
  bindAuthSecret(secret: ISecret): this {
    secret.grantRead(this.fn);
    return this.setEnvironment('AUTH_SECRET_ARN', secret.secretArn);
  }

  /**
   * Sets STRIPE_SECRET_ARN (a JSON secret with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, which
   * `shared/config.ts` must resolve at cold start), grants read on it, and sets the price ids.
   */
  bindStripe(stripe: StripeSettings): this {
    stripe.secret.grantRead(this.fn);
    this.setEnvironment('STRIPE_SECRET_ARN', stripe.secret.secretArn);
    if (stripe.pricePro) this.setEnvironment('STRIPE_PRICE_PRO', stripe.pricePro);
    if (stripe.priceBusiness) this.setEnvironment('STRIPE_PRICE_BUSINESS', stripe.priceBusiness);
    return this;
  }
}
