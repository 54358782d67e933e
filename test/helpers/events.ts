import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { toSqsRecord } from '../../shared/local/worker-loop';

/**
 * An API Gateway HTTP API (payload format 2.0) event, as Lambda receives it: shaped by the
 * aws-lambda types (no `body` key on a GET), typed for Hono's handler.
 */
export function httpApiEvent(
  method: string,
  rawPath: string,
  options: { query?: string; headers?: Record<string, string>; body?: string } = {},
): LambdaEvent {
  const headers = { host: 'api.example.com', 'user-agent': 'vitest', ...options.headers };
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: 'ANY /api/{proxy+}',
    rawPath,
    rawQueryString: options.query ?? '',
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'KzFhIiYsoAMEV3A=',
      routeKey: 'ANY /api/{proxy+}',
      stage: '$default',
      time: '28/Nov/2026:10:00:00 +0000',
      timeEpoch: 1_795_860_000_000,
    },
  };
  return event as unknown as LambdaEvent;
}

/** An SQS event for the worker Lambda, one record per message body. */
export function sqsEvent(bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, index) =>
      toSqsRecord(
        { MessageId: `message-${index}`, ReceiptHandle: `receipt-${index}`, Body: body, MD5OfBody: '' },
        'arn:aws:sqs:us-east-1:123456789012:rota-jobs',
      ),
    ),
  };
}
