import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { loadSecretsIntoEnvironment } from '../../shared/config';
import { db } from '../../shared/db/client';
import { delayRetry } from '../../shared/jobs/backoff';
import { runJob } from '../../shared/jobs/dispatcher';
import { logger } from '../../shared/logger';

// Secrets arrive as ARNs in AWS: fetch them once, before anything reads the configuration.
await loadSecretsIntoEnvironment();

const processor = new BatchProcessor(EventType.SQS);

const recordHandler = async (record: SQSRecord, context: Context) => {
  try {
    // The job's lease lasts as long as this invocation can: past that, this worker is gone.
    await runJob(db(), record.body, { log: logger, leaseMs: context.getRemainingTimeInMillis() });
  } catch (error) {
    await delayRetry(record);
    throw error;
  }
};

/**
 * SQS consumer for every job type. Failed records are reported individually
 * (ReportBatchItemFailures), so one bad job does not make the whole batch retry.
 */
export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context }),
).use(injectLambdaContext(logger, { resetKeys: true }));
