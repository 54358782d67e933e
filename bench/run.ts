/**
 * `npm run bench [-- name…]`: runs the named benchmarks (all when none is named). Each prints a
 * table and writes bench/results/<name>.json. Not part of `npm test`: they take minutes.
 */
import { runBundleBench } from './bundle';
import { runBundleReport } from './bundles';
import { runLoadBench } from './load';
import { runMigrateBench } from './migrate';
import { runPayrollBench } from './payroll';
import { runProvisionBench } from './provision';
import { runReportsBench } from './reports';
import { runSoakBench } from './soak';
import { runWebBench } from './web';
import { runWebhookBench } from './webhook';

const benchmarks: Record<string, () => Promise<void>> = {
  provision: runProvisionBench,
  migrate: runMigrateBench,
  bundle: runBundleBench,
  bundles: runBundleReport,
  payroll: runPayrollBench,
  load: runLoadBench,
  soak: runSoakBench,
  webhook: runWebhookBench,
  reports: runReportsBench,
  web: runWebBench,
};

async function main() {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}`,
    );
  }
  for (const name of names.length > 0 ? names : Object.keys(benchmarks)) {
    process.stdout.write(`Running ${name}…\n`);
    await benchmarks[name]?.();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    process.exit(1);
  },
);
