/**
 * `npm run bundle-report`: every Lambda entry bundled the way infra/lambda-function.ts bundles it
 * (esbuild, ESM, minified), with its size and its cold import time in a fresh Node process
 * (median of 7, after one to warm the file cache). Budgets: the HTTP API under 1 MB and 250 ms.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleEntry, coldRuns, importTimer, saveResult, stats } from './lib';

const ENTRIES = {
  api: 'functions/http/api.ts',
  worker: 'functions/queues/worker.ts',
  migrate: 'functions/ops/migrate.ts',
};

async function measure(entry: string, dir: string) {
  const outfile = join(dir, entry.replaceAll('/', '-').replace(/\.ts$/, ''), 'index.mjs');
  await bundleEntry(entry, outfile);
  const bytes = await readFile(outfile);
  return {
    bytes: bytes.length,
    gzip_bytes: gzipSync(bytes).length,
    cold_import: stats(coldRuns(importTimer(outfile), 7)),
  };
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
