import { Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionDefaults, RotaFunction } from './lambda-function';

/** Swagger UI's files that /api/docs serves (see shared/http/docs-routes.ts). */
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png'];

/** Options for {@link Api}. */
export interface ApiProps {
  readonly functionDefaults: FunctionDefaults;
  readonly jobsQueue: IQueue;
  readonly exportsBucket: IBucket;
}

/** The HTTP API: every `/api/*` request goes to the one Hono app in `functions/http/api.ts`. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
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

    this.httpApi = new HttpApi(this, 'HttpApi', { description: 'Rota API' });
    // Routing happens inside Hono, so API Gateway needs one catch-all route.
    this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('Api', this.handler.fn),
    });
  }
}
