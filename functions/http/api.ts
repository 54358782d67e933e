import { handle } from 'hono/aws-lambda';
import { loadSecretsIntoEnvironment } from '../../shared/config';
import { db } from '../../shared/db/client';
import { createBaseApp } from '../../shared/http/base-app';
import { mountCoreRoutes } from '../../shared/http/core-app';

// Secrets arrive as ARNs in AWS: fetch them once, before anything reads the configuration.
await loadSecretsIntoEnvironment();

/**
 * API Gateway (HTTP API, payload v2) entry point for every /api route except accounts and billing,
 * which have their own functions (accounts.ts, billing.ts); its OpenAPI document lists all three.
 */
export const handler = handle(
  mountCoreRoutes(createBaseApp(), { sql: db() }, { documentSiblingRoutes: true }),
);
