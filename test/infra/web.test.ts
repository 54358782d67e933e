import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageSettings } from '../../infra/stages';
import { SPA_FALLBACK, Web, type WebProps } from '../../infra/web';

/** Runs the CloudFront Function's source on a request for `uri` and returns the rewritten uri. */
function viewerRequest(uri: string): string {
  const handler = new Function(`${SPA_FALLBACK}; return handler;`)() as (event: unknown) => { uri: string };
  return handler({ request: { uri } }).uri;
}

function webStack(props: Omit<WebProps, 'httpApi' | 'originVerifySecret'>): Stack {
  const stack = new Stack(new App(), 'WebTest', { env: { region: 'eu-west-1' } });
  new Web(stack, 'Web', {
    ...props,
    httpApi: new HttpApi(stack, 'Api'),
    originVerifySecret: new Secret(stack, 'OriginVerify'),
  });
  return stack;
}

describe('Web', () => {
  let distDir: string;

  beforeAll(() => {
    distDir = mkdtempSync(join(tmpdir(), 'rota-web-dist-'));
    mkdirSync(join(distDir, 'assets'));
    writeFileSync(
      join(distDir, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>',
    );
    writeFileSync(join(distDir, 'assets', 'app-1a2b.js'), 'console.log("rota")');
  });

  afterAll(() => rmSync(distDir, { recursive: true, force: true }));

  it('rewrites client-side routes to index.html and leaves files alone', () => {
    expect(viewerRequest('/')).toBe('/index.html');
    expect(viewerRequest('/shifts/42')).toBe('/index.html');
    expect(viewerRequest('/settings/billing/')).toBe('/index.html');
    expect(viewerRequest('/assets/app-1a2b.js')).toBe('/assets/app-1a2b.js');
    expect(viewerRequest('/favicon.ico')).toBe('/favicon.ico');
  });

  it('uploads a built dist: hashed assets cached for a year, pages revalidated and invalidated', () => {
    const template = Template.fromStack(webStack({ removalPolicy: RemovalPolicy.RETAIN, distDir }));

    template.resourceCountIs('Custom::CDKBucketDeployment', 2);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'assets/',
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      Prune: false,
    });
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/*'],
      Prune: false,
    });
  });

  it('warns instead of deploying when the web app was not built', () => {
    const stack = webStack({ removalPolicy: RemovalPolicy.RETAIN, distDir: join(distDir, 'missing') });

    Template.fromStack(stack).resourceCountIs('Custom::CDKBucketDeployment', 0);
    Annotations.fromStack(stack).hasWarning('/WebTest/Web', Match.stringLikeRegexp('npm run build'));
  });

  it('uses a custom domain with its certificate and TLS 1.2 at least', () => {
    const template = Template.fromStack(
      webStack({
        removalPolicy: RemovalPolicy.RETAIN,
        distDir: join(distDir, 'missing'),
        domainName: 'app.rota.example',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      }),
    );

    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['app.rota.example'],
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
      }),
    });
  });

  it('refuses a custom domain without a certificate', () => {
    expect(() => webStack({ removalPolicy: RemovalPolicy.RETAIN, domainName: 'app.rota.example' })).toThrow(
      /certificateArn/,
    );
  });
});

describe('stageSettings', () => {
  it('rejects a stage that is not in the table instead of defaulting to dev', () => {
    expect(() => stageSettings('production')).toThrow(/Unknown stage "production".*dev, staging, prod/);
  });
});
