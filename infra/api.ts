import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AUTH_PATH, BILLING_PATH, SIGNUP_PATH, STRIPE_WEBHOOK_PATH } from '../shared/http/paths';
import { type FunctionDefaults, RotaFunction } from './lambda-function';
import { acknowledge } from './nag';

/** Where functions that create tenants find the migration files copied beside their bundle. */
const TENANT_MIGRATIONS_DIR = '/var/task/migrations';

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

/**
 * The HTTP API and its three functions, one Hono app split by route so each bundle carries only
 * what its routes need: `functions/http/api.ts` answers every `/api/*` path except sign-up and
 * `/api/auth/*` (accounts.ts, the only bundle with better-auth) and billing plus Stripe's webhook
 * (billing.ts, the only bundle with the Stripe SDK and the only function given its keys).
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  /** The `$default` stage, with access logs. */
  readonly stage: HttpStage;
  /** Everything but accounts and billing. */
  readonly handler: RotaFunction;
  /** Sign-up and better-auth's endpoints. */
  readonly accounts: RotaFunction;
  /** Billing and the Stripe webhook. */
  readonly billing: RotaFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    const defaults = props.functionDefaults;
    this.handler = new RotaFunction(this, 'Handler', {
      ...defaults,
      entry: 'functions/http/api.ts',
      description: 'Rota HTTP API (Hono): everything but accounts and billing',
      // API Gateway gives up after 30 s; stop first so the failure is logged by the function.
      timeout: Duration.seconds(28),
      // /api/docs serves Swagger UI itself (no CDN); the package is not in the bundle. Starting a
      // business (POST /api/v1/me/businesses) builds its schema from the migration files.
      copyIntoAsset: [
        ...SWAGGER_UI_FILES.map((file) => ({
          from: `node_modules/swagger-ui-dist/${file}`,
          to: `swagger-ui/${file}`,
        })),
        'migrations',
      ],
      environment: {
        ...defaults.environment,
        DOCS_ASSETS_DIR: '/var/task/swagger-ui',
        MIGRATIONS_DIR: TENANT_MIGRATIONS_DIR,
      },
    })
      .bindQueue(props.jobsQueue)
      // Read only: the worker writes exports, the API hands them out.
      .bindExportsBucket(props.exportsBucket, 'read');

    this.accounts = new RotaFunction(this, 'Accounts', {
      ...defaults,
      entry: 'functions/http/accounts.ts',
      description: 'Rota HTTP API: sign-up and /api/auth (better-auth)',
      timeout: Duration.seconds(28),
      // Sign-up builds the new business's schema from the migration files.
      copyIntoAsset: ['migrations'],
      environment: { ...defaults.environment, MIGRATIONS_DIR: TENANT_MIGRATIONS_DIR },
    });
    this.billing = new RotaFunction(this, 'Billing', {
      ...defaults,
      entry: 'functions/http/billing.ts',
      description: 'Rota HTTP API: billing and the Stripe webhook',
      timeout: Duration.seconds(28),
    }).bindQueue(props.jobsQueue);

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

    // Hono routes within each function; API Gateway picks the function by the most specific path.
    const api = new HttpLambdaIntegration('Api', this.handler.fn);
    const accounts = new HttpLambdaIntegration('Accounts', this.accounts.fn);
    const billing = new HttpLambdaIntegration('Billing', this.billing.fn);
    const routes: [string, HttpLambdaIntegration][] = [
      ['/api/{proxy+}', api],
      [`${AUTH_PATH}/{proxy+}`, accounts],
      [SIGNUP_PATH, accounts],
      [BILLING_PATH, billing],
      [`${BILLING_PATH}/{proxy+}`, billing],
      [STRIPE_WEBHOOK_PATH, billing],
    ];
    for (const [path, integration] of routes) {
      for (const route of this.httpApi.addRoutes({ path, methods: [HttpMethod.ANY], integration })) {
        acknowledge(route, {
          'AwsSolutions-APIG4':
            'No API Gateway authorizer: the Hono apps authenticate every request themselves (sessions, API keys, Stripe signatures)',
        });
      }
    }
  }
}
