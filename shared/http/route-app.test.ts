import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createBaseApp } from './base-app';
import type { AppEnv } from './context';
import type { Problem } from './problem';
import { RouteApp } from './route-app';

const week = z
  .object({ from: z.string().date(), days: z.coerce.number().int().min(1).default(7) })
  .refine((q) => q.from >= '2026-01-01', { message: 'Must be in 2026 or later', path: ['from'] });
const note = z.object({ text: z.string().min(1) });

function testApp() {
  const routes = new RouteApp<AppEnv>()
    .openapi(
      createRoute({
        method: 'get',
        path: '/weeks',
        request: { query: week },
        responses: { 200: { description: 'The parsed query' } },
      }),
      (c) => c.json(c.req.valid('query'), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/notes/{id}',
        request: {
          params: z.object({ id: z.string().uuid() }),
          body: { content: { 'application/json': { schema: note } }, required: true },
        },
        responses: { 200: { description: 'The parsed note' } },
      }),
      (c) => c.json({ id: c.req.valid('param').id, ...c.req.valid('json') }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/optional',
        request: { body: { content: { 'application/json': { schema: note.partial() } } } },
        responses: { 200: { description: 'The parsed body' } },
      }),
      (c) => c.json(c.req.valid('json'), 200),
    );
  const app = createBaseApp();
  app.route('/api', routes);
  return app;
}

/** The problem document of an error response. */
const problem = async (response: Response) =>
  (await response.json()) as Problem & { errors: { field: string }[] };

const id = '0b6f1f52-4d7c-4a62-9a8e-2a4f0f1f9c11';
const post = (body: string | Blob | null, headers: Record<string, string> = {}) =>
  testApp().request(`/api/notes/${id}`, { method: 'POST', body, headers });

describe('RouteApp validation', () => {
  it('hands the handler the parsed query, with coercion, defaults and refinements applied', async () => {
    const ok = await testApp().request('/api/weeks?from=2026-06-01');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ from: '2026-06-01', days: 7 });

    const refined = await testApp().request('/api/weeks?from=2025-06-01&days=3');
    expect(refined.status).toBe(400);
    expect(await problem(refined)).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'from', message: 'Must be in 2026 or later' }],
    });
  });

  it('names the query field that is missing, malformed or repeated', async () => {
    const missing = await problem(await testApp().request('/api/weeks?days=0'));
    expect(missing.errors.map((e) => e.field).sort()).toEqual(['days', 'from']);
    const repeated = await testApp().request('/api/weeks?from=2026-06-01&from=2026-06-08');
    expect(repeated.status).toBe(400);
    expect((await problem(repeated)).errors[0]?.field).toBe('from');
  });

  it('checks path parameters and the JSON body', async () => {
    const ok = await post(JSON.stringify({ text: 'hello' }), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(await ok.json()).toEqual({ id, text: 'hello' });

    const badId = await testApp().request('/api/notes/42', {
      method: 'POST',
      body: JSON.stringify({ text: 'hello' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(badId.status).toBe(400);
    expect((await problem(badId)).errors[0]?.field).toBe('id');

    const emptyText = await post(JSON.stringify({ text: '' }), { 'content-type': 'application/json' });
    expect(emptyText.status).toBe(400);
    expect((await problem(emptyText)).errors[0]?.field).toBe('text');
  });

  it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const malformed = await post('{"text":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    expect((await problem(malformed)).code).toBe('invalid_json');

    const text = await post('text=hello', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(text.status).toBe(415);
    expect((await problem(text)).code).toBe('unsupported_media_type');

    const untyped = await post(new Blob(['{"text":"hello"}']));
    expect(untyped.status).toBe(415);
  });

  it('names the required fields when a required body is absent, and gives {} for an absent optional one', async () => {
    const absent = await post(null);
    expect(absent.status).toBe(400);
    expect((await problem(absent)).errors[0]?.field).toBe('text');

    const optional = await testApp().request('/api/optional', { method: 'PUT' });
    expect(optional.status).toBe(200);
    expect(await optional.json()).toEqual({});
  });

  it('documents each route as @hono/zod-openapi does', () => {
    const routes = new RouteApp<AppEnv>().openapi(
      createRoute({
        method: 'get',
        path: '/weeks/{id}',
        request: { query: week },
        responses: { 204: { description: 'x' } },
      }),
      (c) => c.body(null, 204),
    );
    const document = routes.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'test', version: '1' } });
    const parameters = document.paths?.['/weeks/{id}']?.get?.parameters as { name: string; in: string }[];
    expect(parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:from', 'query:days']);
  });
});
