import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { RotaStack, type RotaStackProps } from '../../infra/rota-stack';

/**
 * cdk-nag's AwsSolutions pack over the whole stack: every finding is either fixed in infra/ or
 * acknowledged at its construct with `Validations.of(…).acknowledge` (see infra/nag.ts). A finding
 * makes synthesis throw, so this runs apart from stack.test.ts, on its own apps.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const { context: cdkContext } = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8'));

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** A stand-in for `web/dist`, so BucketDeployment and its CDK-managed function are checked too. */
function fakeWebDist(): string {
  const dist = tempFolder('rota-nag-dist-');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("rota")');
  return dist;
}

/** An app with the AwsSolutions checks, cdk.json's feature flags and no bundling (nag reads no code). */
function nagApp(): { app: App; outdir: string } {
  const outdir = tempFolder('rota-nag-');
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] }, outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, outdir };
}

interface Violation {
  ruleName: string;
  description: string;
  severity?: string;
  violatingResources?: { constructPath?: string; resourceLogicalId?: string }[];
  violatingConstructs?: { constructPath?: string }[];
}

/** Every unacknowledged finding of the run, one `rule  path  description` line each. */
function findings(outdir: string): string[] {
  const reportFile = join(outdir, 'validation-report.json');
  if (!existsSync(reportFile)) return [];
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const violations: Violation[] = (report.pluginReports ?? []).flatMap(
    (plugin: { violations?: Violation[] }) => plugin.violations ?? [],
  );
  return violations.flatMap((violation) =>
    [...(violation.violatingResources ?? []), ...(violation.violatingConstructs ?? [])].map(
      (where) =>
        `${violation.ruleName}  ${where.constructPath ?? '?'}  (${violation.severity ?? '?'}: ${violation.description})`,
    ),
  );
}

/** Synthesizes the app; on findings, fails with them listed (the error's text as a fallback). */
function synthWithNag(app: App, outdir: string): void {
  let error: unknown;
  try {
    app.synth();
  } catch (caught) {
    error = caught;
  }
  const listed = findings(outdir);
  if (error || listed.length > 0) {
    const detail = listed.length > 0 ? listed.join('\n') : String((error as Error)?.message ?? error);
    throw new Error(`cdk-nag AwsSolutions: ${listed.length || 'some'} unacknowledged finding(s):\n${detail}`);
  }
}

/** Every acknowledgement in the tree, as [construct path, rule id, reason]. */
function acknowledgements(app: App): [string, string, string][] {
  return app.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) =>
          Object.entries(entry.data as Record<string, string>).map(
            ([id, reason]) => [construct.node.path, id, reason] as [string, string, string],
          ),
        ),
    );
}

const cases: [string, Partial<RotaStackProps>][] = [
  ['dev', {}],
  ['prod', {}],
  // A custom domain switches the distribution to TLSv1.2_2021 (no CFR4 acknowledgement needed).
  [
    'prod',
    {
      domainName: 'app.rota.example',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      emailDomain: 'rota.example',
      alarmEmail: 'ops@rota.example',
    },
  ],
];

describe('cdk-nag AwsSolutions', () => {
  it('is live: an unlogged bucket fails synthesis with its finding listed', () => {
    const { app, outdir } = nagApp();
    new Bucket(new Stack(app, 'NagCanary'), 'Unlogged', { enforceSSL: true });

    expect(() => synthWithNag(app, outdir)).toThrow(/AwsSolutions-S1 {2}NagCanary\/Unlogged\/Resource/);
  });

  it.each(cases)('finds nothing unacknowledged in %s %o', (stage, extra) => {
    const { app, outdir } = nagApp();
    new RotaStack(app, `Rota-${stage}`, {
      stage,
      logLevel: 'INFO',
      stripePricePro: 'price_pro_test',
      stripePriceBusiness: 'price_business_test',
      webDistDir: fakeWebDist(),
      ...extra,
    });

    synthWithNag(app, outdir);

    const acknowledged = acknowledgements(app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [path, id, reason] of acknowledged) {
      // One line, and a reason rather than a placeholder.
      expect(reason, `${path} ${id}`).not.toMatch(/\n/);
      expect(reason.length, `${path} ${id}`).toBeGreaterThanOrEqual(30);
    }
  });
});
