import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createBaseApp } from './base-app';

function testApp() {
  const app = createBaseApp();
  app.get('/api/ok', (c) => c.json({ ok: true }));
  app.get('/api/cached', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'public, max-age=60' }));
  app.get('/page', (c) => c.html('<p>A page</p>'));
  app.get('/api/docs', (c) => c.html('<p>The docs</p>'));
  app.get('/api/fails', () => {
    throw new AppError('conflict', 'Already done.');
  });
  return app;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Headers only a document needs, which API data goes without. */
const DOCUMENT_ONLY = {
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

/** What every response must carry, whichever way it was served. */
async function expectHeaders(fetchPath: (path: string, init?: RequestInit) => Promise<Response>) {
  for (const path of ['/api/ok', '/api/fails', '/api/nowhere', '/page', '/api/docs', '/nowhere']) {
    const response = await fetchPath(path);
    expect(response.headers.get('x-request-id'), path).toMatch(UUID);
    expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(response.headers.get('strict-transport-security'), path).toBe(
      'max-age=15552000; includeSubDomains',
    );
    expect(response.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
  }
  // API data, errors included: no cache may keep it, and no document-only headers.
  for (const path of ['/api/ok', '/api/fails', '/api/nowhere']) {
    const response = await fetchPath(path);
    expect(response.headers.get('cache-control'), path).toBe('no-store');
    for (const name of Object.keys(DOCUMENT_ONLY)) expect(response.headers.get(name), path).toBeNull();
  }
  // Documents (pages, the API's docs, errors outside the API) get the whole set.
  for (const path of ['/page', '/api/docs', '/nowhere']) {
    const response = await fetchPath(path);
    for (const [name, value] of Object.entries(DOCUMENT_ONLY))
      expect(response.headers.get(name), `${path} ${name}`).toBe(value);
    expect(response.headers.get('cache-control'), path).toBeNull();
  }
  const problem = await fetchPath('/api/fails');
  expect(problem.status).toBe(409);
  const { requestId } = (await problem.json()) as { requestId: string };
  expect(requestId).toBe(problem.headers.get('x-request-id'));

  const traced = await fetchPath('/api/ok', { headers: { 'x-request-id': 'trace-42' } });
  expect(traced.headers.get('x-request-id')).toBe('trace-42');
  const unusable = await fetchPath('/api/ok', { headers: { 'x-request-id': 'no spaces <allowed>' } });
  expect(unusable.headers.get('x-request-id')).toMatch(UUID);

  // A handler's own header wins.
  expect((await fetchPath('/api/cached')).headers.get('cache-control')).toBe('public, max-age=60');
}

describe('response headers', () => {
  it('come with every response from app.request(), as in Lambda', async () => {
    const app = testApp();
    await expectHeaders(async (path, init) => app.request(path, init));
  });

  describe('over HTTP from @hono/node-server, set on Node’s own response', () => {
    let server: ReturnType<typeof serve>;
    let origin: string;
    beforeAll(async () => {
      server = serve({ fetch: testApp().fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((resolve) => server.once('listening', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('come with every response, errors and unknown routes included', async () => {
      await expectHeaders((path, init) => fetch(`${origin}${path}`, init));
    });
  });
});
