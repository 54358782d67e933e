import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../shared/db/client';
import { createApp } from '../../shared/http/app';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../shared/local/postgres';

// This file stops and restarts its database, so it gets a cluster of its own.
let cluster: EmbeddedDatabase;
let dataRoot: string;
let sql: Sql;

beforeAll(async () => {
  dataRoot = await mkdtemp(join(tmpdir(), 'rota-health-'));
  await chmod(dataRoot, 0o755);
  cluster = await startEmbeddedPostgres({ dataDir: join(dataRoot, 'pg'), settings: { fsync: 'off' } });
  sql = createSql(cluster.url, { max: 2 });
});
afterAll(async () => {
  await sql.end({ timeout: 1 });
  await cluster.stop();
  await rm(dataRoot, { recursive: true, force: true });
});

describe('GET /api/health', () => {
  it('answers 200 while the database is up, 503 problem while it is down, and 200 once it is back', async () => {
    const app = createApp({ sql });

    const up = await app.request('/api/health');
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: 'ok' });

    await cluster.stop();
    const down = await app.request('/api/health');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toBe('application/problem+json');
    const problem = await down.json();
    expect(problem).toMatchObject({ status: 503, code: 'service_unavailable', instance: '/api/health' });
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);

    await cluster.restart();
    const back = await app.request('/api/health');
    expect(back.status).toBe(200);
  });
});
