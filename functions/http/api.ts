import { handle } from 'hono/aws-lambda';
import { loadSecretsIntoEnvironment } from '../../shared/config';
import { db } from '../../shared/db/client';
import { createApp } from '../../shared/http/app';

// Secrets arrive as ARNs in AWS: fetch them once, before anything reads the configuration.
await loadSecretsIntoEnvironment();

/** API Gateway (HTTP API, payload v2) entry point: the same Hono app `npm start` serves. */
export const handler = handle(createApp({ sql: db() }));
