import { handle } from 'hono/aws-lambda';
import { db } from '../../shared/db/client';
import { createApp } from '../../shared/http/app';

/** API Gateway (HTTP API, payload v2) entry point: the same Hono app `npm start` serves. */
export const handler = handle(createApp({ sql: db() }));
