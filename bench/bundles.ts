/**
 * `npm run bundle-report`: every Lambda entry bundled the way infra/lambda-function.ts bundles it
 * (esbuild, ESM, minified), with its size and its cold import time in a fresh Node process
 * (median of 7, after one to warm the file cache). Budgets: the HTTP API under 1 MB and 250 ms.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { saveResult, stats } from './lib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = {
  api: 'functions/http/api.ts',
  worker: 'functions/queues/worker.ts',
  migrate: 'functions/ops/migrate.ts',
};
const REQUIRE_BANNER =
  "import { createRequire as __rotaCreateRequire } from 'node:module'; const require = __rotaCreateRequire(import.meta.url);";

async function measure(entry: string, dir: string) {
  const outfile = join(dir, entry.replaceAll('/', '-').replace(/\.ts$/, ''), 'index.mjs');
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    banner: { js: REQUIRE_BANNER },
    logLevel: 'silent',
  });
  const bytes = await readFile(outfile);
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(`file://${outfile}`)}); console.log(performance.now() - t);`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: 'postgres://bench@127.0.0.1:9/bench',
          LOG_LEVEL: 'SILENT',
        },
        encoding: 'utf8',
      },
    );
    if (child.status !== 0) throw new Error(`${entry} failed to load: ${child.stderr}`);
    if (i > 0) times.push(Number(child.stdout.trim().split('\n').at(-1)));
  }
  return { bytes: bytes.length, gzip_bytes: gzipSync(bytes).length, cold_import: stats(times) };
}

export async function runBundleReport(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'rota-bundles-'));
  try {
    const metrics: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(ENTRIES)) metrics[name] = await measure(entry, dir);
    await saveResult({
      name: 'bundles',
      postgresVersion: 'n/a',
      params: {
        entries: ENTRIES,
        esbuild: 'esm, minified, node20 target, AWS SDK bundled (as infra builds them)',
      },
      metrics,
      baseline: {
        what: 'none: sizes and cold imports are absolute figures, compared with the budgets',
        metrics: {},
      },
      target: { api_bytes: 1_000_000, api_cold_import_p50_ms: 250 },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
