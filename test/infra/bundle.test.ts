import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleLambda } from '../../infra/bundle';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { httpApiEvent } from '../helpers/events';

const run = promisify(execFile);

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  // A folder with no node_modules above it, like /var/task.
  dir = await mkdtemp(join(tmpdir(), 'rota-bundle-test-'));
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('the API bundle', () => {
  it('leaves out only Node built-ins and the credential providers a Lambda never reaches', async () => {
    const metafile = await bundleLambda('functions/http/api.ts', join(dir, 'metafile'));

    const externals = Object.values(metafile.outputs)
      .flatMap((output) => output.imports)
      .filter((entry) => entry.external)
      .map((entry) => entry.path.replace(/^node:/, ''))
      .filter((path) => !builtinModules.includes(path.split('/')[0] ?? path));

    expect(new Set(externals)).toEqual(
      new Set([
        '@aws-sdk/credential-provider-ini',
        '@aws-sdk/credential-provider-process',
        '@aws-sdk/credential-provider-sso',
        '@aws-sdk/credential-provider-web-identity',
      ]),
    );
  });

  it('loads and answers from a folder with no node_modules, as in /var/task', async () => {
    await bundleLambda('functions/http/api.ts', join(dir, 'api'));
    const event = JSON.stringify(httpApiEvent('GET', '/api/health'));
    const script = `
      const { handler } = await import(${JSON.stringify(join(dir, 'api', 'index.mjs'))});
      const response = await handler(${event}, {});
      console.log(JSON.stringify(response));
      process.exit(0);`;

    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        LOG_LEVEL: 'SILENT',
      },
    });
    const response = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});
