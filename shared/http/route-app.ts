import { type Hook, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Env, Handler } from 'hono';
import type { ZodType } from 'zod';
import { AppError, ValidationError } from '../errors';
import { NUL_MESSAGE, pathOfNul } from '../nul-text';
import { validationHook } from './validation';

type RouteHandler = Parameters<OpenAPIHono['openapi']>[1];
type ValidationTarget = 'query' | 'param' | 'json';
/** One part of a request and the schema it must match. */
type Check = { target: ValidationTarget; schema: ZodType };
// biome-ignore lint/suspicious/noExplicitAny: the hook is called with whatever the route's env is.
type AnyHook = Hook<unknown, any, string, unknown>;

/** `application/json`, or a `+json` type such as `application/merge-patch+json`, with parameters. */
const JSON_CONTENT_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * The API's route modules: an OpenAPIHono whose `openapi()` documents a route exactly as
 * @hono/zod-openapi does, but validates the request's query, path parameters and JSON body in
 * front of the handler itself with zod's synchronous `safeParse`, where the library adds a
 * middleware, three awaits and `safeParseAsync` per part and a media-type gate: ~20 µs less CPU
 * per request on the shifts list, which the load benchmark's p99 target needs (bench/README.md).
 * Failures go through the same hook ({@link validationHook}: a 400 problem naming the fields); a
 * body that is not JSON gets 415, a malformed one 400. Routes that validate headers, cookies or
 * forms keep the library's path.
 */
export class RouteApp<E extends Env> extends OpenAPIHono<E> {
  constructor() {
    super({ defaultHook: validationHook as unknown as Hook<unknown, E, string, unknown> });
    const documentAndValidate = this.openapi;
    this.openapi = ((route: RouteConfig, handler: RouteHandler, hook?: Hook<unknown, E, string, unknown>) => {
      const checks = requestChecks(route);
      if (!checks) return documentAndValidate(route as never, handler as never, hook as never);
      const { middleware, hide, ...definition } = route;
      if (!hide) this.openAPIRegistry.registerPath(definition);
      const before = middleware ? [middleware].flat() : [];
      const bodyRequired = route.request?.body?.required === true;
      const checked =
        checks.length > 0
          ? validated(checks, bodyRequired, (hook ?? this.defaultHook) as AnyHook, handler as Handler)
          : handler;
      this.on([route.method], [route.path.replaceAll(/\/{(.+?)}/g, '/:$1')], ...before, checked as Handler);
      return this;
    }) as unknown as this['openapi'];
  }
}

/**
 * What {@link validator} checks for this route, or null when the route needs the library's own
 * path (headers, cookies, a form body, or a body type other than JSON).
 */
function requestChecks(route: RouteConfig): Check[] | null {
  const request = route.request;
  if (!request) return [];
  if (request.headers || request.cookies) return null;
  const checks: Check[] = [];
  if (request.query) checks.push({ target: 'query', schema: request.query as ZodType });
  if (request.params) checks.push({ target: 'param', schema: request.params as ZodType });
  if (request.body) {
    const types = Object.keys(request.body.content);
    const media = request.body.content['application/json'];
    const schema = media && 'schema' in media ? media.schema : undefined;
    if (types.length !== 1 || !schema) return null;
    checks.push({ target: 'json', schema: schema as ZodType });
  }
  return checks;
}

/**
 * The route's handler behind its checks: each part of the request is parsed and checked, the
 * results recorded for `c.req.valid()`, then the handler runs. Done in the handler rather than in
 * a middleware of its own: every layer Hono composes costs an async dispatch and its promises per
 * request. The query and path parameters are checked synchronously; only the body is waited for.
 */
function validated(
  checks: Check[],
  bodyRequired: boolean,
  hook: AnyHook | undefined,
  handler: Handler,
): Handler {
  const parts = checks.filter((check) => check.target !== 'json');
  const body = checks.find((check) => check.target === 'json');
  return (c, next) => {
    for (const part of parts) {
      const value = requestPart(c, part.target as 'query' | 'param');
      refuseNul(part.target, value);
      const refused = check(c, part, value, hook);
      if (refused) return refused;
    }
    if (!body) return handler(c, next);
    return jsonBody(c, bodyRequired).then((value) => {
      if (value === undefined) c.req.addValidatedData('json', {});
      else {
        const refused = check(c, body, value, hook);
        if (refused) return refused;
      }
      return handler(c, next);
    });
  };
}

/**
 * Checks one part against its schema and records the parsed value; a failure goes to the hook,
 * which throws the 400 problem ({@link validationHook}) or answers with a Response of its own.
 * Hooks must answer synchronously (the app's one hook throws).
 */
function check(c: Context, { target, schema }: Check, value: unknown, hook: AnyHook | undefined) {
  const result = schema.safeParse(value);
  const answer = hook?.({ data: value, ...result, target } as never, c as never);
  if (answer instanceof Response) return answer;
  if (!result.success) return c.json(result, 400);
  c.req.addValidatedData(target, result.data as object);
  return undefined;
}

/** The query (a repeated key becomes an array, as Hono's validator gives it) or path parameters. */
function requestPart(c: Context, target: 'query' | 'param'): Record<string, unknown> {
  if (target === 'param') return c.req.param();
  const value: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries()))
    value[key] = values.length === 1 ? values[0]! : values;
  return value;
}

/**
 * The JSON body: 415 for another declared type, or for a body without one; 400 when malformed.
 * No body and no type is `{}` (the schema names the missing fields), or `undefined` when the body
 * is optional, which the route then sees as `{}`.
 */
async function jsonBody(c: Context, required: boolean): Promise<unknown> {
  const contentType = c.req.header('content-type');
  if (!contentType) {
    if (await hasBody(c)) throw unsupportedMediaType();
    return required ? {} : undefined;
  }
  if (!JSON_CONTENT_TYPE.test(contentType)) throw unsupportedMediaType();
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  // JSON can carry a NUL only as the escape `\u0000`: no other body needs the walk.
  if (text.includes('\\u0000')) refuseNul('json', body);
  return body;
}

/** A 400 naming the first field of a request part that holds a NUL character ({@link pathOfNul}). */
function refuseNul(target: ValidationTarget, value: unknown) {
  const field = pathOfNul(value);
  if (field === undefined) return;
  const where = target === 'json' ? 'body' : target;
  throw new ValidationError(
    [{ field: field || '(body)', message: NUL_MESSAGE }],
    `The request ${where} has invalid fields.`,
  );
}

const unsupportedMediaType = () =>
  new AppError('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).');

/** Whether the request carries a body of at least one byte. */
async function hasBody(c: Context): Promise<boolean> {
  if (c.req.raw.body === null) return false;
  return (await c.req.arrayBuffer()).byteLength > 0;
}
