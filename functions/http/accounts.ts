import { handle } from 'hono/aws-lambda';
import { loadSecretsIntoEnvironment } from '../../shared/config';
import { db } from '../../shared/db/client';
import { mountAccountRoutes } from '../../shared/http/accounts-app';
import { createBaseApp } from '../../shared/http/base-app';

// Secrets arrive as ARNs in AWS: fetch them once, before anything reads the configuration.
await loadSecretsIntoEnvironment();

/** API Gateway entry point for /api/auth/* and /api/v1/signup: the function that loads better-auth. */
export const handler = handle(mountAccountRoutes(createBaseApp(), { sql: db() }));
