import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '../errors';
import { logger } from '../logger';
import type { AppEnv } from './context';
import { problemResponse, toProblem } from './problem';
import { RequestLog } from './request-log';
import { validationHook } from './validation';

/** Largest request body the API accepts. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Methods whose requests have no body, so the body limit need not look. */
const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/** The Hono app every HTTP function starts from. */
export type BaseApp = OpenAPIHono<AppEnv>;

/**
 * What every HTTP function shares before its routes are mounted: request id, request log,
 * security headers, the body limit, and problem+json for unknown routes and every error.
 */
export function createBaseApp(): BaseApp {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    const log = new RequestLog(logger, { requestId: c.var.requestId });
    c.set('log', log);
    await next();
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  });
  app.use(secureHeaders());
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    },
  });
  // bodyLimit looks at `request.body`, which makes @hono/node-server build a full WHATWG Request
  // (with an AbortController and a stream) for every request: ~0.1 ms of CPU that GET and HEAD,
  // which carry no body, are spared.
  app.use('/api/*', (c, next) => (BODYLESS_METHODS.has(c.req.method) ? next() : limitBody(c, next)));

  app.notFound((c) =>
    problemResponse(c, toProblem(new AppError('not_found', `No route for ${c.req.path}.`))),
  );
  app.onError((error, c) => {
    const problem = toProblem(error);
    if (problem.status >= 500) (c.var.log ?? logger).error('request failed', { error });
    return problemResponse(c, problem);
  });
  return app;
}
