/**
 * The accounts Lambda bundle (functions/http/accounts.ts, the one with better-auth): its size, and
 * how long a cold Node process takes to import it, with better-auth in the bundle (as deployed:
 * imported lazily on the first /api/auth request) against the same bundle with better-auth stubbed
 * out. Also: how long that first /api/auth request adds.
 * Bundled as deployed (infra/bundle.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'esbuild';
import { bundleLambda } from '../infra/bundle';
import { round, saveResult, stats } from './lib';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const ENTRY = 'functions/http/accounts.ts';

/** Replaces shared/auth/auth.ts (the only module that imports better-auth) with an empty stub. */
const withoutBetterAuth: Plugin = {
  name: 'without-better-auth',
  setup(plugin) {
    plugin.onResolve({ filter: /\/auth$/ }, (args) =>
      args.importer.endsWith(join('shared', 'auth', 'lazy.ts'))
        ? { path: 'auth-stub', namespace: 'stub' }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export function createAuth() { throw new Error("better-auth stubbed out"); }',
    }));
  },
};

async function bundle(outdir: string, plugins: Plugin[]): Promise<string> {
  await bundleLambda(ENTRY, outdir, plugins);
  return join(outdir, 'index.mjs');
}

/** A fresh Node process imports the bundle (and optionally routes to /api/auth/ok); prints timings. */
function coldStart(file: string, touchAuth: boolean): { importMs: number; authMs: number } {
  const script = `
    const started = performance.now();
    const { handler } = await import(${JSON.stringify(`file://${file}`)});
    const imported = performance.now();
    let authMs = 0;
    if (${touchAuth}) {
      const event = { version: '2.0', routeKey: '$default', rawPath: '/api/auth/ok', rawQueryString: '', headers: { host: 'x' },
        isBase64Encoded: false, requestContext: { http: { method: 'GET', path: '/api/auth/ok', sourceIp: '127.0.0.1' }, requestId: 'r' } };
      // No database answers here, so the route may fail after better-auth has loaded: the load is what is timed.
      const response = await handler(event, {});
      if (response.statusCode === 404) throw new Error('auth route not found');
      authMs = performance.now() - imported;
    }
    console.log(JSON.stringify({ importMs: imported - started, authMs }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://bench@127.0.0.1:9/bench', LOG_LEVEL: 'SILENT' },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`cold start failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
}

export async function runBundleBench(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rota-bundle-'));
  try {
    const withAuth = await bundle(join(dir, 'with'), []);
    const without = await bundle(join(dir, 'without'), [withoutBetterAuth]);
    const sizes = async (file: string) => {
      const bytes = await readFile(file);
      return { bytes: bytes.length, gzip_bytes: gzipSync(bytes).length };
    };

    // Warm the OS file cache, then alternate the variants so machine noise hits both alike.
    coldStart(withAuth, false);
    coldStart(without, false);
    const importWith: number[] = [];
    const importWithout: number[] = [];
    const firstAuthRequest: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      importWithout.push(coldStart(without, false).importMs);
      const run = coldStart(withAuth, true);
      importWith.push(run.importMs);
      firstAuthRequest.push(run.authMs);
    }
    const withStats = stats(importWith);
    const withoutStats = stats(importWithout);
    await saveResult({
      name: 'bundle',
      postgresVersion: 'n/a',
      params: {
        entry: ENTRY,
        samples: SAMPLES,
        esbuild: 'as deployed (infra/bundle.ts)',
      },
      metrics: {
        size: await sizes(withAuth),
        cold_import: withStats,
        first_auth_request: stats(firstAuthRequest),
        added_cold_import_p50_ms: round(withStats.p50_ms - withoutStats.p50_ms),
      },
      baseline: {
        what: 'the same bundle with better-auth stubbed out (before better-auth)',
        metrics: { size: await sizes(without), cold_import: withoutStats },
      },
      target: { added_cold_import_p50_ms: 100 },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
