import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { config } from './config';

/**
 * AWS clients, created once per process so warm Lambdas reuse their connections. With
 * AWS_ENDPOINT_URL set (fauxqs or LocalStack) they talk to the local stand-in with dummy
 * credentials; in AWS they use the function's role.
 */
function localOptions(endpoint: string | undefined) {
  if (!endpoint) return {};
  return { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

let sqs: SQSClient | undefined;
let s3: S3Client | undefined;
let ses: SESClient | undefined;

export function sqsClient(): SQSClient {
  const { AWS_REGION, AWS_ENDPOINT_URL } = config();
  sqs ??= new SQSClient({ region: AWS_REGION, ...localOptions(AWS_ENDPOINT_URL) });
  return sqs;
}

export function s3Client(): S3Client {
  const { AWS_REGION, AWS_ENDPOINT_URL } = config();
  // Path-style URLs: local stand-ins cannot resolve bucket.localhost host names.
  s3 ??= new S3Client({
    region: AWS_REGION,
    forcePathStyle: Boolean(AWS_ENDPOINT_URL),
    ...localOptions(AWS_ENDPOINT_URL),
  });
  return s3;
}

export function sesClient(): SESClient {
  const { AWS_REGION, AWS_ENDPOINT_URL, SES_ENDPOINT_URL } = config();
  ses ??= new SESClient({ region: AWS_REGION, ...localOptions(SES_ENDPOINT_URL ?? AWS_ENDPOINT_URL) });
  return ses;
}

/** Drops the cached clients; the local runner calls it after pointing the config at stand-ins. */
export function resetAwsClients(): void {
  sqs = undefined;
  s3 = undefined;
  ses = undefined;
}
