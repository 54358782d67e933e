import { serve } from '@hono/node-server';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../shared/config';
import { createApp } from '../../shared/http/app';
import type { AppEnv } from '../../shared/http/context';
import { validationHook } from '../../shared/http/validation';
import { lambdaContext } from '../../shared/local/lambda-context';
import { freePort } from '../../shared/local/postgres';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { httpApiEvent } from '../helpers/events';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** The app plus two routes that exercise validation and an unexpected crash. */
function appWithProbeRoutes() {
  const app = createApp({ sql: db.sql });
  const probe = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'post',
        path: '/echo',
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.object({
                  email: z.string().email(),
                  shift: z.object({ hours: z.number().max(24) }),
                }),
              },
            },
          },
        },
        responses: { 200: { description: 'echo' } },
      }),
      (c) => c.json(c.req.valid('json'), 200),
    )
    .get('/crash', () => {
      throw new Error('connection string postgres://admin:hunter2@db.internal failed');
    });
  app.route('/api/probe', probe);
  return app;
}

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  ({ method: 'POST', body, headers }) as const;

describe('errors are problem+json', () => {
  it('names each invalid field in a 400', async () => {
    const response = await appWithProbeRoutes().request(
      '/api/probe/echo',
      post(JSON.stringify({ email: 'not-an-email', shift: { hours: 30 } })),
    );

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { errors: { field: string }[]; requestId: string };
    expect(problem).toMatchObject({
      type: 'urn:rota:problem:validation_failed',
      status: 400,
      code: 'validation_failed',
    });
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['email', 'shift.hours']);
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('answers malformed JSON with a 400 problem, not a crash', async () => {
    const response = await appWithProbeRoutes().request('/api/probe/echo', post('{"email": '));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await appWithProbeRoutes().request(
      '/api/probe/echo',
      post(JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) })),
    );

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses a declared or a streamed body over the limit with 413 over real HTTP', async () => {
    const port = await freePort();
    const server = serve({ fetch: appWithProbeRoutes().fetch, port, hostname: '127.0.0.1' });
    try {
      const url = `http://127.0.0.1:${port}/api/probe/echo`;
      const big = JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 10) });
      const headers = { 'content-type': 'application/json' };
      const declared = await fetch(url, { method: 'POST', headers, body: big });
      const streamed = await fetch(url, {
        method: 'POST',
        headers,
        body: new Blob([big]).stream(),
        duplex: 'half',
      } as RequestInit);
      const small = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'a@b.co', shift: { hours: 8 } }),
      });

      expect([declared.status, streamed.status, small.status]).toEqual([413, 413, 200]);
      expect(await declared.json()).toMatchObject({ code: 'payload_too_large' });
    } finally {
      server.close();
    }
  });

  it('hides everything about an unexpected error behind a generic 500', async () => {
    const response = await appWithProbeRoutes().request('/api/probe/crash');

    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'internal_error' });
    expect(text).not.toMatch(/hunter2|postgres|db\.internal|stack/);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const response = await appWithProbeRoutes().request('/api/v1/nothing-here');

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'not_found', instance: '/api/v1/nothing-here' });
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document that lists the health route', async () => {
    const response = await createApp({ sql: db.sql }).request('/api/v1/openapi.json');

    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/health');
  });
});

describe('API docs', () => {
  it('serves Swagger UI and its files from the app itself, nothing from a CDN', async () => {
    const app = createApp({ sql: db.sql });

    const page = await app.request('/api/docs');
    const html = await page.text();
    const script = await app.request('/api/docs/assets/swagger-ui-bundle.js');
    const outside = await app.request('/api/docs/assets/package.json');
    const document = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };

    expect(page.status).toBe(200);
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect(outside.status).toBe(404);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/shifts',
        '/api/v1/time-entries/clock-in',
        '/api/v1/payroll',
        '/api/v1/employees/{id}',
      ]),
    );
  });
});

describe('Lambda entry point', () => {
  it('serves a real API Gateway HTTP API v2 event through the same app', async () => {
    process.env.DATABASE_URL = db.url;
    resetConfig();
    const { handler } = await import('../../functions/http/api');

    const result = (await handler(httpApiEvent('GET', '/api/health'), lambdaContext('rota-api'))) as Exclude<
      APIGatewayProxyResultV2,
      string
    >;
    const missing = (await handler(
      httpApiEvent('GET', '/api/v1/unknown'),
      lambdaContext('rota-api'),
    )) as Exclude<APIGatewayProxyResultV2, string>;

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '')).toEqual({ status: 'ok' });
    expect(result.headers?.['x-request-id']).toBeTruthy();
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.['content-type']).toBe('application/problem+json');
  });
});

describe('HTTP functions split by route', () => {
  type Result = Exclude<APIGatewayProxyResultV2, string>;
  type Handler = (event: LambdaEvent, context: LambdaContext) => Promise<unknown>;
  type OpenApiDocument = { paths: Record<string, unknown>; components: unknown };
  const call = async (handler: Handler, method: string, path: string, body?: unknown) => {
    const options =
      body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    return (await handler(httpApiEvent(method, path, options), lambdaContext('rota-http'))) as Result;
  };

  beforeAll(() => {
    process.env.DATABASE_URL = db.url;
    resetConfig();
  });

  it('documents the accounts and billing routes in the API function, exactly as the whole app does', async () => {
    const { handler } = await import('../../functions/http/api');
    const whole = await createApp({ sql: db.sql }).request('/api/v1/openapi.json');

    const served: OpenApiDocument = JSON.parse(
      (await call(handler, 'GET', '/api/v1/openapi.json')).body ?? '{}',
    );
    const expected = (await whole.json()) as OpenApiDocument;

    expect(Object.keys(served.paths).sort()).toEqual(Object.keys(expected.paths).sort());
    expect(served.paths['/api/v1/billing/checkout']).toEqual(expected.paths['/api/v1/billing/checkout']);
    expect(served.paths['/api/v1/signup']).toEqual(expected.paths['/api/v1/signup']);
    expect(served.components).toEqual(expected.components);
  });

  it('answers only its own routes in each function', async () => {
    const api = (await import('../../functions/http/api')).handler as Handler;
    const accounts = (await import('../../functions/http/accounts')).handler as Handler;
    const billing = (await import('../../functions/http/billing')).handler as Handler;

    // The API function does not serve sign-up or billing (API Gateway never sends them there).
    expect((await call(api, 'POST', '/api/v1/signup', {})).statusCode).toBe(404);
    expect((await call(api, 'GET', '/api/v1/billing')).statusCode).toBe(404);
    // Accounts validates sign-ups and serves better-auth, and nothing else.
    const badSignup = await call(accounts, 'POST', '/api/v1/signup', { email: 'not-an-email' });
    expect(badSignup.statusCode).toBe(400);
    expect(JSON.parse(badSignup.body ?? '{}').errors.map((e: { field: string }) => e.field)).toContain(
      'email',
    );
    expect((await call(accounts, 'GET', '/api/auth/ok')).statusCode).toBe(200);
    expect((await call(accounts, 'GET', '/api/health')).statusCode).toBe(404);
    // Billing wants a signed-in owner and a Stripe signature, and serves nothing else.
    expect((await call(billing, 'GET', '/api/v1/billing')).statusCode).toBe(401);
    expect((await call(billing, 'POST', '/api/stripe/webhook', {})).statusCode).toBe(400);
    expect((await call(billing, 'GET', '/api/v1/shifts')).statusCode).toBe(404);
  });
});
