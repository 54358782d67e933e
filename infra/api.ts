import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionDefaults, RotaFunction } from './lambda-function';
import { acknowledge } from './nag';

/** Swagger UI's files that /api/docs serves (see shared/http/docs-routes.ts). */
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

/** API Gateway access-log fields (HTTP API `$context` variables). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

/** Options for {@link Api}. */
export interface ApiProps {
  readonly functionDefaults: FunctionDefaults;
  readonly jobsQueue: IQueue;
  readonly exportsBucket: IBucket;
}

/** The HTTP API: every `/api/*` request goes to the one Hono app in `functions/http/api.ts`. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  /** The `$default` stage, with access logs. */
  readonly stage: HttpStage;
  readonly handler: RotaFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    const defaults = props.functionDefaults;
    this.handler = new RotaFunction(this, 'Handler', {
      ...defaults,
      entry: 'functions/http/api.ts',
      description: 'Rota HTTP API (Hono)',
      // API Gateway gives up after 30 s; stop first so the failure is logged by the function.
      timeout: Duration.seconds(28),
      // /api/docs serves Swagger UI itself (no CDN); the package is not in the bundle.
      copyIntoAsset: SWAGGER_UI_FILES.map((file) => ({
        from: `node_modules/swagger-ui-dist/${file}`,
        to: `swagger-ui/${file}`,
      })),
      environment: { ...defaults.environment, DOCS_ASSETS_DIR: '/var/task/swagger-ui' },
    })
      .bindQueue(props.jobsQueue)
      // Read only: the worker writes exports, the API hands them out.
      .bindExportsBucket(props.exportsBucket, 'read');

    // The default stage is created here rather than by HttpApi (same construct path, so the same
    // logical id) because HttpApi offers no access-log settings for it.
    this.httpApi = new HttpApi(this, 'HttpApi', { description: 'Rota API', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: defaults.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: defaults.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this.httpApi, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // One JSON line per request (~350 bytes); requestId matches the function's logs.
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // Routing happens inside Hono, so API Gateway needs one catch-all route.
    const [route] = this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('Api', this.handler.fn),
    });
    if (route) {
      acknowledge(route, {
        'AwsSolutions-APIG4':
          'No API Gateway authorizer: the Hono app authenticates every request itself (sessions, API keys, Stripe signatures)',
      });
    }
  }
}
