import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Absolute path of the repository root; handler entries and copied folders are relative to it. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The Node.js runtime every Rota function runs on. */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;

// The ESM bundle still contains CommonJS dependencies that call require() for Node built-ins;
// without a real `require`, esbuild's shim throws "Dynamic require of … is not supported".
const REQUIRE_BANNER =
  "import { createRequire as __rotaCreateRequire } from 'node:module'; const require = __rotaCreateRequire(import.meta.url);";

/** Options for {@link RotaFunction}. */
export interface RotaFunctionProps {
  /** Handler file relative to the repo root, e.g. `functions/http/api.ts`; it must export `handler`. */
  readonly entry: string;
  readonly description?: string;
  /** Defaults to 10 seconds. */
  readonly timeout?: Duration;
  /** Defaults to 1024 MB: Lambda allots CPU in proportion, which shortens cold starts. */
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  /**
   * Repo-relative folders copied into the asset beside `index.mjs`, for files read at runtime
   * (they appear under `/var/task/<folder>`).
   */
  readonly copyIntoAsset?: readonly string[];
}

/**
 * A Node.js Lambda function with Rota's defaults: newest Node runtime, arm64, a minified ESM
 * bundle with source maps, and its own log group with one month's retention. The `bind*` methods
 * grant access to a resource and set the variable `shared/config.ts` reads for it, in one call.
 */
export class RotaFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RotaFunctionProps) {
    super(scope, id);
    const copyIntoAsset = props.copyIntoAsset ?? [];

    this.logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(repoRoot, props.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 1024,
      logGroup: this.logGroup,
      environment: {
        // Without it the source map shipped in the bundle would not be used for stack traces.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        // Prefer packages' ESM builds so esbuild can tree-shake them.
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // Mappings are enough for stack traces; embedding the sources would double the asset.
        sourcesContent: false,
        banner: REQUIRE_BANNER,
        // Bundle the AWS SDK too, so Lambda runs the SDK versions the tests ran, not the runtime's.
        externalModules: [],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) =>
            copyIntoAsset.map((folder) => `cp -R "${join(inputDir, folder)}" "${join(outputDir, folder)}"`),
        },
      },
    });
  }

  /** Lets the function send jobs to `queue` and sets JOBS_QUEUE_URL. */
  bindQueue(queue: IQueue): this {
    queue.grantSendMessages(this.fn);
    this.fn.addEnvironment('JOBS_QUEUE_URL', queue.queueUrl);
    return this;
  }

  /** Grants read or write (put, including multipart uploads) on the exports bucket and sets EXPORTS_BUCKET. */
  bindExportsBucket(bucket: IBucket, access: 'read' | 'write'): this {
    if (access === 'read') bucket.grantRead(this.fn);
    else bucket.grantPut(this.fn);
    this.fn.addEnvironment('EXPORTS_BUCKET', bucket.bucketName);
    return this;
  }
}
