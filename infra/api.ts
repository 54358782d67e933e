import { Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RotaFunction } from './lambda-function';

/** Options for {@link Api}. */
export interface ApiProps {
  /** Variables every function gets (STAGE, LOG_LEVEL, DATABASE_URL). */
  readonly environment: Record<string, string>;
  readonly jobsQueue: IQueue;
  readonly exportsBucket: IBucket;
}

/** The HTTP API: every `/api/*` request goes to the one Hono app in `functions/http/api.ts`. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly handler: RotaFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.handler = new RotaFunction(this, 'Handler', {
      entry: 'functions/http/api.ts',
      description: 'Rota HTTP API (Hono)',
      // API Gateway gives up after 30 s; stop first so the failure is logged by the function.
      timeout: Duration.seconds(28),
      environment: props.environment,
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
