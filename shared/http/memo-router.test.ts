import { TrieRouter } from 'hono/router/trie-router';
import { describe, expect, it } from 'vitest';
import { createBaseApp } from './base-app';
import { MemoRouter } from './memo-router';

const ROUTES: [string, string, string][] = [
  ['ALL', '/*', 'request id'],
  ['ALL', '/api/v1/employees/*', 'authenticate'],
  ['GET', '/api/v1/employees/:id', 'get employee'],
  ['POST', '/api/v1/employees/import', 'import'],
  ['POST', '/api/v1/employees/:id/pay-rates', 'add rate'],
];

describe('MemoRouter', () => {
  it('answers as the TrieRouter does, and the same answer again without searching', () => {
    const memo = new MemoRouter<string>();
    const trie = new TrieRouter<string>();
    for (const route of ROUTES) {
      memo.add(...route);
      trie.add(...route);
    }
    const id = '0b6f1f52-4d7c-4a62-9a8e-2a4f0f1f9c11';
    for (const [method, path] of [
      ['GET', `/api/v1/employees/${id}`],
      ['POST', '/api/v1/employees/import'],
      ['POST', `/api/v1/employees/${id}/pay-rates`],
      ['DELETE', '/api/v1/employees/import'],
    ] as const) {
      const answer = memo.match(method, path);
      expect(answer, `${method} ${path}`).toEqual(trie.match(method, path));
      expect(memo.match(method, path)).toBe(answer);
    }
  });

  it('forgets its answers when a route is added', () => {
    const memo = new MemoRouter<string>();
    memo.add('GET', '/api/*', 'middleware');
    expect(memo.match('GET', '/api/late')[0].map(([handler]) => handler)).toEqual(['middleware']);
    memo.add('GET', '/api/late', 'late route');
    expect(memo.match('GET', '/api/late')[0].map(([handler]) => handler)).toEqual([
      'middleware',
      'late route',
    ]);
  });

  it('routes the app: path parameters reach each request', async () => {
    const app = createBaseApp();
    app.get('/api/things/:id', (c) => c.json({ id: c.req.param('id') }));
    expect(await (await app.request('/api/things/a')).json()).toEqual({ id: 'a' });
    expect(await (await app.request('/api/things/b')).json()).toEqual({ id: 'b' });
    expect(await (await app.request('/api/things/a')).json()).toEqual({ id: 'a' });
  });
});
