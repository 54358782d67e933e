import { handle } from 'hono/aws-lambda';
import { loadSecretsIntoEnvironment } from '../../shared/config';
import { db } from '../../shared/db/client';
import { createBaseApp } from '../../shared/http/base-app';
import { mountBillingRoutes } from '../../shared/http/billing-app';

// Secrets arrive as ARNs in AWS: fetch them once, before anything reads the configuration.
await loadSecretsIntoEnvironment();

/** API Gateway entry point for /api/v1/billing/* and Stripe's webhook: the function with the Stripe keys. */
export const handler = handle(mountBillingRoutes(createBaseApp(), { sql: db() }));
