import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createBaseApp } from './base-app';

function testApp() {
  const app = createBaseApp();
  app.get('/api/ok', (c) => c.json({ ok: true }));
  app.get('/api/framed', (c) => c.json({ ok: true }, 200, { 'X-Frame-Options': 'DENY' }));
  app.get('/api/fails', () => {
    throw new AppError('conflict', 'Already done.');
  });
  return app;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What every response must carry, whichever way it was served. */
async function expectHeaders(fetchPath: (path: string, init?: RequestInit) => Promise<Response>) {
  for (const path of ['/api/ok', '/api/fails', '/api/nowhere']) {
    const response = await fetchPath(path);
    expect(response.headers.get('x-request-id'), path).toMatch(UUID);
    expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(response.headers.get('strict-transport-security'), path).toBe(
      'max-age=15552000; includeSubDomains',
    );
    expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
    expect(response.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
  }
  const problem = await fetchPath('/api/fails');
  expect(problem.status).toBe(409);
  const { requestId } = (await problem.json()) as { requestId: string };
  expect(requestId).toBe(problem.headers.get('x-request-id'));

  const traced = await fetchPath('/api/ok', { headers: { 'x-request-id': 'trace-42' } });
  expect(traced.headers.get('x-request-id')).toBe('trace-42');
  const unusable = await fetchPath('/api/ok', { headers: { 'x-request-id': 'no spaces <allowed>' } });
  expect(unusable.headers.get('x-request-id')).toMatch(UUID);

  expect((await fetchPath('/api/framed')).headers.get('x-frame-options')).toBe('DENY');
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
