import { resetAwsClients } from '../aws';
import { resetConfig } from '../config';

/** Where `npm start` serves SQS, S3 and SES (fauxqs) when nothing else is configured. */
export const LOCAL_AWS_ENDPOINT = 'http://127.0.0.1:4566';

/**
 * For command-line tools: talk to the services of a running `npm start` unless the environment
 * names real ones.
 */
export function useLocalServicesUnlessConfigured(): void {
  if (process.env.AWS_ENDPOINT_URL || process.env.JOBS_QUEUE_URL) return;
  process.env.AWS_ENDPOINT_URL = LOCAL_AWS_ENDPOINT;
  resetConfig();
  resetAwsClients();
}
