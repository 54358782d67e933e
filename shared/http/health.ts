import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../errors';
import type { AppDeps, AppEnv } from './context';
import { RouteApp } from './route-app';

const healthy = z.object({ status: z.literal('ok') }).openapi('Health');

const healthRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Liveness and database reachability',
  security: [],
  responses: {
    200: {
      description: 'The API and its database answer',
      content: { 'application/json': { schema: healthy } },
    },
    503: { description: 'The database does not answer' },
  },
});

/** How long the health check waits for the database before calling it down. */
const DATABASE_TIMEOUT_MS = 2_000;

/** `GET /api/health`: 200 when the database answers a trivial query, 503 problem otherwise. */
export function healthRoutes({ sql }: AppDeps) {
  return new RouteApp<AppEnv>().openapi(healthRoute, async (c) => {
    try {
      await withTimeout(sql`select 1`.execute(), DATABASE_TIMEOUT_MS);
    } catch (error) {
      c.get('log').warn('health check: database unreachable', { error });
      throw new AppError('service_unavailable', 'The database is not answering.', { cause: error });
    }
    return c.json({ status: 'ok' as const }, 200);
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
