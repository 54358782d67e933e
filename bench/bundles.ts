/**
 * `npm run bundle-report`: every Lambda entry bundled as deployed (infra/bundle.ts: esbuild, ESM,
 * minified), with its size, its largest packages and its cold import time in a fresh Node process
 * (median of 7, after one to warm the file cache). Budgets: the HTTP API under 1 MB and 250 ms.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { bundleLambda } from '../infra/bundle';
import { coldRuns, importTimer, saveResult, stats } from './lib';

const ENTRIES = {
  api: 'functions/http/api.ts',
  accounts: 'functions/http/accounts.ts',
  billing: 'functions/http/billing.ts',
  worker: 'functions/queues/worker.ts',
  migrate: 'functions/ops/migrate.ts',
};

/** How many packages each bundle lists, largest first. */
const LARGEST = 8;

/** Bytes of output per npm package (or per top folder of our own code), largest first. */
function largestParts(metafile: Metafile): Record<string, number> {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const owner =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
      bytes.set(owner, (bytes.get(owner) ?? 0) + input.bytesInOutput);
    }
  }
  return Object.fromEntries([...bytes].sort((a, b) => b[1] - a[1]).slice(0, LARGEST));
}

async function measure(entry: string, dir: string) {
  const outdir = join(dir, entry.replaceAll('/', '-').replace(/\.ts$/, ''));
  const metafile = await bundleLambda(entry, outdir);
  const outfile = join(outdir, 'index.mjs');
  const bytes = await readFile(outfile);
  return {
    bytes: bytes.length,
    gzip_bytes: gzipSync(bytes).length,
    cold_import: stats(coldRuns(importTimer(outfile), 7)),
    largest_parts_bytes: largestParts(metafile),
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
        esbuild:
          'as infra/bundle.ts: esm, minified, node20 target, AWS SDK bundled, English-only zod locales',
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
