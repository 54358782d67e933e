import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RotaStack, type RotaStackProps } from '../../infra/rota-stack';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Managed CloudFront policy ids. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

type Resource = { Type: string; Properties: any; DependsOn?: string[]; DeletionPolicy?: string };

interface Synthesized {
  template: Template;
  resources: Record<string, Resource>;
  /** The template as JSON text, for searching. */
  text: string;
  assemblyDir: string;
}

/**
 * Synthesizes one stage into its own folder (the bundles are a few MB; removed after the run).
 * `bundle: false` skips bundling the functions, for tests that read no code.
 */
function synthesize(
  stage: string,
  options: { bundle?: boolean; props?: Partial<RotaStackProps> } = {},
): Synthesized {
  const assemblyDir = mkdtempSync(join(tmpdir(), `rota-cdk-${stage}-`));
  // The same feature flags `cdk synth` applies, so the template under test is the deployed one.
  const { context } = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8'));
  const app = new App({
    context: { ...context, ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}) },
    outdir: assemblyDir,
  });
  const stack = new RotaStack(app, `Rota-${stage}`, {
    stage,
    logLevel: 'INFO',
    stripePricePro: 'price_pro_test',
    stripePriceBusiness: 'price_business_test',
    // Not web/dist: whether someone built the web app must not change the template under test.
    webDistDir: join(assemblyDir, 'no-web-dist'),
    ...options.props,
  });
  const template = Template.fromStack(stack);
  const json = template.toJSON();
  return { template, resources: json.Resources, text: JSON.stringify(json), assemblyDir };
}

function ofType(synth: Synthesized, type: string): [string, Resource][] {
  return Object.entries(synth.resources).filter(([, resource]) => resource.Type === type);
}

/** Rota's own functions (the CDK's custom-resource providers have no STAGE variable). */
function rotaFunctions(synth: Synthesized): [string, Resource][] {
  return ofType(synth, 'AWS::Lambda::Function').filter(
    ([, fn]) => fn.Properties.Environment?.Variables?.STAGE !== undefined,
  );
}

type FunctionName = 'Api' | 'Accounts' | 'Billing' | 'Worker' | 'Migrate';

function rotaFunction(synth: Synthesized, entry: FunctionName): Resource {
  const prefix = {
    Api: 'ApiHandlerFunction',
    Accounts: 'ApiAccountsFunction',
    Billing: 'ApiBillingFunction',
    Worker: 'JobsWorkerFunction',
    Migrate: 'MigrationsMigrateFunction',
  }[entry];
  const found = rotaFunctions(synth).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`No ${entry} function`);
  return found[1];
}

/** Logical ids `id` waits for in CloudFormation: its DependsOn and the resources it refers to. */
function directDependencies(synth: Synthesized, id: string): string[] {
  const resource = synth.resources[id];
  const referenced = [...entriesDeep(resource?.Properties)].flatMap(([key, value]) => {
    if (key === 'Ref' && typeof value === 'string') return [value];
    if (key === 'Fn::GetAtt' && Array.isArray(value)) return [String(value[0])];
    return [];
  });
  return [...(resource?.DependsOn ?? []), ...referenced].filter((other) => other in synth.resources);
}

/** Whether CloudFormation creates and updates `id` only after `other`, directly or through others. */
function waitsFor(synth: Synthesized, id: string, other: string): boolean {
  const seen = new Set<string>();
  const queue = [id];
  for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
    for (const next of directDependencies(synth, current)) {
      if (next === other) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

function logicalId(synth: Synthesized, type: string, pathPart: string): string {
  const found = Object.entries(synth.resources).find(
    ([id, resource]) => resource.Type === type && id.startsWith(pathPart),
  );
  if (!found) throw new Error(`No ${type} ${pathPart}*`);
  return found[0];
}

/** Every asset folder of the assembly that contains `relativePath`. */
function assetsContaining(synth: Synthesized, relativePath: string): string[] {
  return readdirSync(synth.assemblyDir)
    .filter((name) => name.startsWith('asset.'))
    .filter((name) => existsSync(join(synth.assemblyDir, name, relativePath)));
}

/** Every [key, value] pair anywhere in the template. */
function* entriesDeep(value: unknown): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const item of value) yield* entriesDeep(item);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      yield [key, child];
      yield* entriesDeep(child);
    }
  }
}

const stages = {
  dev: {
    backupRetentionDays: 1,
    deletionProtection: false,
    deletionPolicy: 'Delete',
    natGateways: 1,
    interfaceEndpoints: 0,
    proxy: false,
    logRetentionDays: 14,
  },
  prod: {
    backupRetentionDays: 30,
    deletionProtection: true,
    deletionPolicy: 'Snapshot',
    natGateways: 2,
    interfaceEndpoints: 2,
    proxy: true,
    logRetentionDays: 90,
  },
} as const;

const synthesized: Partial<Record<keyof typeof stages, Synthesized>> = {};

// Synthesizing bundles the three functions with the local esbuild: once per stage for the whole file.
// It takes ~35 s alone on two cores and went past 60 s beside other test files, hence the margin.
beforeAll(() => {
  synthesized.dev = synthesize('dev');
  synthesized.prod = synthesize('prod');
}, 180_000);

afterAll(() => {
  for (const synth of Object.values(synthesized)) rmSync(synth.assemblyDir, { recursive: true, force: true });
});

describe.each(Object.entries(stages))('RotaStack (%s)', (stage, expected) => {
  const synth = () => {
    const result = synthesized[stage as keyof typeof stages];
    if (!result) throw new Error(`${stage} was not synthesized`);
    return result;
  };

  describe('functions', () => {
    it('runs every function on Node.js 24, arm64, in the private subnets with the Lambda security group', () => {
      const functions = rotaFunctions(synth());
      const lambdaSecurityGroup = logicalId(synth(), 'AWS::EC2::SecurityGroup', 'NetworkLambdaSecurityGroup');

      expect(functions).toHaveLength(5);
      for (const [, fn] of functions) {
        expect(fn.Properties.Runtime).toBe('nodejs24.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.VpcConfig.SecurityGroupIds).toEqual([
          { 'Fn::GetAtt': [lambdaSecurityGroup, 'GroupId'] },
        ]);
        expect(fn.Properties.VpcConfig.SubnetIds).toEqual([
          { Ref: expect.stringMatching(/^NetworkVpcprivateSubnet1/) },
          { Ref: expect.stringMatching(/^NetworkVpcprivateSubnet2/) },
        ]);
      }
    });

    it(`keeps each function's logs for ${expected.logRetentionDays} days`, () => {
      for (const [, fn] of rotaFunctions(synth())) {
        const logGroup = synth().resources[fn.Properties.LoggingConfig.LogGroup.Ref];
        expect(logGroup?.Properties.RetentionInDays).toBe(expected.logRetentionDays);
      }
    });

    it('passes each function only the variables it needs, secrets by ARN', () => {
      const names = (entry: FunctionName) =>
        Object.keys(rotaFunction(synth(), entry).Properties.Environment.Variables).sort();
      const database = ['DATABASE_SECRET_ARN', 'DATABASE_URL'];
      const common = ['AUTH_SECRET_ARN', 'LOG_LEVEL', 'NODE_OPTIONS', 'STAGE', ...database];
      const pooled = [
        ...common,
        'APP_URL',
        'DATABASE_POOL_MAX',
        ...(expected.proxy ? ['DATABASE_PREPARE'] : []),
      ];
      const stripe = ['STRIPE_PRICE_BUSINESS', 'STRIPE_PRICE_PRO', 'STRIPE_SECRET_ARN'];

      // Only accounts and the worker send mail; only billing and the worker hold the Stripe keys.
      // Only the functions that rate-limit by address check CloudFront's origin secret.
      expect(names('Api')).toEqual(
        [
          ...pooled,
          'DOCS_ASSETS_DIR',
          'EXPORTS_BUCKET',
          'JOBS_QUEUE_URL',
          'MIGRATIONS_DIR',
          'ORIGIN_VERIFY_SECRET_ARN',
        ].sort(),
      );
      expect(names('Accounts')).toEqual(
        [...pooled, 'EMAIL_FROM', 'MIGRATIONS_DIR', 'ORIGIN_VERIFY_SECRET_ARN'].sort(),
      );
      expect(names('Billing')).toEqual([...pooled, ...stripe, 'JOBS_QUEUE_URL'].sort());
      expect(names('Worker')).toEqual(
        [...pooled, ...stripe, 'EMAIL_FROM', 'EXPORTS_BUCKET', 'JOBS_QUEUE_URL'].sort(),
      );
      expect(names('Migrate')).toEqual([...common, 'MIGRATIONS_DIR'].sort());
    });

    it('connects through RDS Proxy only where the stage has one, migrations always directly', () => {
      const url = (entry: 'Api' | 'Migrate') =>
        JSON.stringify(rotaFunction(synth(), entry).Properties.Environment.Variables.DATABASE_URL);

      expect(url('Api')).toContain('postgres://rota@');
      expect(url('Api')).toContain('/rota?sslmode=require');
      expect(url('Api').includes('DatabaseProxy')).toBe(expected.proxy);
      expect(url('Migrate')).toContain('DatabaseInstance');
      if (expected.proxy) {
        expect(rotaFunction(synth(), 'Api').Properties.Environment.Variables.DATABASE_PREPARE).toBe('false');
      }
    });

    it('sets APP_URL to the CloudFront distribution', () => {
      const distribution = logicalId(synth(), 'AWS::CloudFront::Distribution', 'WebDistribution');

      expect(rotaFunction(synth(), 'Api').Properties.Environment.Variables.APP_URL).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]],
      });
    });

    it('ships the files read at run time beside the bundles', () => {
      // Migrations, and the two functions that create a tenant's schema (sign-up, starting a business).
      for (const entry of ['Migrate', 'Accounts', 'Api'] as const)
        expect(rotaFunction(synth(), entry).Properties.Environment.Variables.MIGRATIONS_DIR).toBe(
          '/var/task/migrations',
        );
      expect(assetsContaining(synth(), 'migrations/shared')).toHaveLength(3);
      expect(assetsContaining(synth(), 'migrations/tenant')).toHaveLength(3);
      expect(assetsContaining(synth(), 'fonts/DejaVuSans.ttf')).toHaveLength(1);
      expect(assetsContaining(synth(), 'fonts/DejaVuSans-Bold.ttf')).toHaveLength(1);
      expect(rotaFunction(synth(), 'Api').Properties.Environment.Variables.DOCS_ASSETS_DIR).toBe(
        '/var/task/swagger-ui',
      );
      for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']) {
        expect(assetsContaining(synth(), `swagger-ui/${file}`)).toHaveLength(1);
      }
    });

    it('bundles each function with its source map; better-auth, Stripe and zod locales stay out of the API', () => {
      const bundles = assetsContaining(synth(), 'index.mjs');
      expect(bundles).toHaveLength(5);
      for (const asset of bundles)
        expect(existsSync(join(synth().assemblyDir, asset, 'index.mjs.map'))).toBe(true);

      const [apiAsset] = assetsContaining(synth(), 'swagger-ui');
      const api = readFileSync(join(synth().assemblyDir, apiAsset ?? 'missing', 'index.mjs'), 'utf8');
      expect(api).toContain('/api/v1/openapi.json');
      expect(api).not.toContain('BETTER_AUTH_SECRET');
      expect(api).not.toContain('api.stripe.com');
      expect(api).not.toContain('Ungültige Eingabe');
    });

    it('lets accounts and the worker send mail through the SES identity and its configuration set', () => {
      const sesStatements = ofType(synth(), 'AWS::IAM::Policy')
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement)
        .filter((statement: any) => JSON.stringify(statement.Action).includes('ses:SendEmail'));

      expect(sesStatements).toHaveLength(2);
      for (const statement of sesStatements) {
        expect(statement.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
        expect(JSON.stringify(statement.Resource)).toContain(':identity/');
        expect(JSON.stringify(statement.Resource)).toContain(':configuration-set/');
      }
      synth().template.hasResourceProperties('AWS::SES::ConfigurationSet', {
        ReputationOptions: { ReputationMetricsEnabled: true },
        SendingOptions: { SendingEnabled: true },
        SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      });
      synth().template.hasResourceProperties('AWS::SES::EmailIdentity', {
        EmailIdentity: 'no-reply@example.com',
        ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
      });
    });
  });

  describe('network', () => {
    it(`spans 2 AZs with ${expected.natGateways} NAT gateway(s) and an S3 gateway endpoint`, () => {
      synth().template.resourceCountIs('AWS::EC2::Subnet', 4);
      synth().template.resourceCountIs('AWS::EC2::NatGateway', expected.natGateways);
      synth().template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
        VpcEndpointType: 'Gateway',
        ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.s3'])]) }),
      });
      const interfaceEndpoints = ofType(synth(), 'AWS::EC2::VPCEndpoint').filter(
        ([, endpoint]) => endpoint.Properties.VpcEndpointType === 'Interface',
      );
      expect(interfaceEndpoints).toHaveLength(expected.interfaceEndpoints);
    });

    it('lets only the functions (and the proxy) reach the database on 5432', () => {
      const databaseGroup = logicalId(synth(), 'AWS::EC2::SecurityGroup', 'NetworkDatabaseSecurityGroup');
      const allowedSources = [
        logicalId(synth(), 'AWS::EC2::SecurityGroup', 'NetworkLambdaSecurityGroup'),
        ...(expected.proxy
          ? [logicalId(synth(), 'AWS::EC2::SecurityGroup', 'DatabaseProxySecurityGroup')]
          : []),
      ];
      const ingress = ofType(synth(), 'AWS::EC2::SecurityGroupIngress').filter(
        ([, rule]) => rule.Properties.GroupId['Fn::GetAtt'][0] === databaseGroup,
      );

      expect(synth().resources[databaseGroup]?.Properties.SecurityGroupIngress).toBeUndefined();
      expect(
        ingress.map(([, rule]) => rule.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort(),
      ).toEqual(allowedSources.sort());
      // The proxy's rule names the port by the instance's endpoint attribute, which is 5432.
      const instancePort = {
        'Fn::GetAtt': [logicalId(synth(), 'AWS::RDS::DBInstance', 'DatabaseInstance'), 'Endpoint.Port'],
      };
      for (const [, rule] of ingress) {
        expect(rule.Properties.IpProtocol).toBe('tcp');
        expect([5432, instancePort]).toContainEqual(rule.Properties.FromPort);
        expect(rule.Properties.ToPort).toEqual(rule.Properties.FromPort);
      }
    });
  });

  describe('database', () => {
    it(`runs encrypted PostgreSQL 16 with ${expected.backupRetentionDays} days of backups`, () => {
      const [[, instance] = []] = ofType(synth(), 'AWS::RDS::DBInstance');

      expect(instance?.Properties).toMatchObject({
        Engine: 'postgres',
        EngineVersion: expect.stringMatching(/^16(\.|$)/),
        StorageEncrypted: true,
        BackupRetentionPeriod: expected.backupRetentionDays,
        DeletionProtection: expected.deletionProtection,
        PubliclyAccessible: false,
        DBName: 'rota',
        MasterUsername: 'rota',
        EnableCloudwatchLogsExports: ['postgresql'],
      });
      expect(instance?.DeletionPolicy).toBe(expected.deletionPolicy);
    });

    it(expected.proxy ? 'puts RDS Proxy in front, TLS required' : 'has no RDS Proxy', () => {
      synth().template.resourceCountIs('AWS::RDS::DBProxy', expected.proxy ? 1 : 0);
      if (expected.proxy) synth().template.hasResourceProperties('AWS::RDS::DBProxy', { RequireTLS: true });
    });

    it('keeps the worker at its maximum concurrency to half the database’s connections, the HTTP functions to a few each', () => {
      const [[, mapping] = []] = ofType(synth(), 'AWS::Lambda::EventSourceMapping');
      const [[, parameters] = []] = ofType(synth(), 'AWS::RDS::DBParameterGroup');
      const poolOf = (name: FunctionName) =>
        Number(rotaFunction(synth(), name).Properties.Environment.Variables.DATABASE_POOL_MAX);
      const maxConnections = Number(parameters?.Properties.Parameters.max_connections);

      // Powertools runs a batch's records at once: each instance may use its whole pool.
      expect(poolOf('Worker') * mapping?.Properties.ScalingConfig.MaximumConcurrency).toBeLessThanOrEqual(
        maxConnections / 2,
      );
      for (const name of ['Api', 'Accounts', 'Billing'] as const) expect(poolOf(name)).toBe(3);
    });

    it('migrates on every deploy once the database exists, and waits for the result', () => {
      const [[, trigger] = []] = ofType(synth(), 'Custom::Trigger');
      const instance = logicalId(synth(), 'AWS::RDS::DBInstance', 'DatabaseInstance');
      const version = logicalId(synth(), 'AWS::Lambda::Version', 'MigrationsMigrateFunctionCurrentVersion');

      expect(trigger?.Properties).toMatchObject({
        HandlerArn: { Ref: version },
        InvocationType: 'RequestResponse',
        ExecuteOnHandlerChange: true,
      });
      expect(trigger?.DependsOn).toContain(instance);
    });

    it('updates the functions that serve requests and jobs only after the deploy’s migrations ran', () => {
      const [[trigger] = []] = ofType(synth(), 'Custom::Trigger');
      const servingFunctions = [
        'ApiHandlerFunction',
        'ApiAccountsFunction',
        'ApiBillingFunction',
        'JobsWorkerFunction',
      ];

      for (const prefix of servingFunctions) {
        const fn = logicalId(synth(), 'AWS::Lambda::Function', prefix);
        expect({ fn, waitsForMigrations: waitsFor(synth(), fn, trigger as string) }).toEqual({
          fn,
          waitsForMigrations: true,
        });
      }
    });
  });

  describe('jobs and schedules', () => {
    it('reports partial batch failures from the worker event source', () => {
      synth().template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    it('moves a message to the 14-day DLQ after 5 receives, with visibility ≥ 6× the worker timeout', () => {
      const jobsDlq = logicalId(synth(), 'AWS::SQS::Queue', 'JobsDeadLetterQueue');
      const [[, queue] = []] = ofType(synth(), 'AWS::SQS::Queue').filter(
        ([, q]) => q.Properties.RedrivePolicy !== undefined,
      );

      expect(synth().resources[jobsDlq]?.Properties.MessageRetentionPeriod).toBe(1209600);
      expect(queue?.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [jobsDlq, 'Arn'] },
        maxReceiveCount: 5,
      });
      expect(queue?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        6 * rotaFunction(synth(), 'Worker').Properties.Timeout,
      );
    });

    it('encrypts every queue', () => {
      const queues = ofType(synth(), 'AWS::SQS::Queue');

      expect(queues).toHaveLength(3);
      for (const [, queue] of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    });

    it('schedules the monthly reports hourly on the 1st (UTC), straight into the jobs queue', () => {
      synth().template.resourceCountIs('AWS::Scheduler::Schedule', 3);
      synth().template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 * 1 * ? *)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({
          Input: Match.stringLikeRegexp(
            '"id":"monthly-reports:<aws.scheduler.scheduled-time>".*"type":"reports.fan-out"',
          ),
        }),
      });
    });

    it('gives every schedule a dead-letter queue the scheduler role may write to', () => {
      const schedulerDlq = logicalId(synth(), 'AWS::SQS::Queue', 'SchedulesDeadLetterQueue');

      for (const [, schedule] of ofType(synth(), 'AWS::Scheduler::Schedule')) {
        expect(schedule.Properties.Target.DeadLetterConfig).toEqual({
          Arn: { 'Fn::GetAtt': [schedulerDlq, 'Arn'] },
        });
      }
      synth().template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'sqs:SendMessage',
              Resource: Match.arrayWith([{ 'Fn::GetAtt': [schedulerDlq, 'Arn'] }]),
            }),
          ]),
        },
      });
    });
  });

  describe('web', () => {
    it('routes sign-up and /api/auth to accounts, billing and the webhook to billing, the rest to the API', () => {
      const integrations = Object.fromEntries(
        ofType(synth(), 'AWS::ApiGatewayV2::Integration').map(([id, integration]) => [
          id,
          JSON.stringify(integration.Properties.IntegrationUri).match(
            /Api(Handler|Accounts|Billing)Function/,
          )?.[1],
        ]),
      );
      const routes = Object.fromEntries(
        ofType(synth(), 'AWS::ApiGatewayV2::Route').map(([, route]) => [
          route.Properties.RouteKey,
          integrations[route.Properties.Target['Fn::Join'][1][1].Ref],
        ]),
      );

      expect(routes).toEqual({
        'ANY /api/{proxy+}': 'Handler',
        'ANY /api/auth/{proxy+}': 'Accounts',
        'ANY /api/v1/signup': 'Accounts',
        'ANY /api/v1/billing': 'Billing',
        'ANY /api/v1/billing/{proxy+}': 'Billing',
        'ANY /api/stripe/webhook': 'Billing',
      });
    });

    it('serves the SPA from S3 through OAC and /api/* from the HTTP API, uncached', () => {
      const [[, distribution] = []] = ofType(synth(), 'AWS::CloudFront::Distribution');
      const config = distribution?.Properties.DistributionConfig;
      const s3Origin = config.Origins.find((origin: any) => origin.S3OriginConfig);
      const apiBehavior = config.CacheBehaviors.find((behavior: any) => behavior.PathPattern === '/api/*');
      const apiOrigin = config.Origins.find((origin: any) => origin.Id === apiBehavior?.TargetOriginId);

      synth().template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      expect(s3Origin.OriginAccessControlId).toBeDefined();
      expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3Origin.Id);
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: expect.anything() },
      ]);
      // SPA fallback by function, not by error responses, so API 404s stay 404s.
      expect(config.CustomErrorResponses).toBeUndefined();
      expect(apiBehavior).toMatchObject({
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      });
      expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
      expect(JSON.stringify(apiOrigin.DomainName)).toContain('.execute-api.');
    });

    it('proves to the API that /api/* came through CloudFront with the origin secret, by reference', () => {
      const [[, distribution] = []] = ofType(synth(), 'AWS::CloudFront::Distribution');
      const config = distribution?.Properties.DistributionConfig;
      const apiBehavior = config.CacheBehaviors.find((behavior: any) => behavior.PathPattern === '/api/*');
      const apiOrigin = config.Origins.find((origin: any) => origin.Id === apiBehavior?.TargetOriginId);
      const s3Origin = config.Origins.find((origin: any) => origin.S3OriginConfig);
      const secretId = logicalId(synth(), 'AWS::SecretsManager::Secret', 'SecretsOriginVerifySecret');

      expect(apiOrigin.OriginCustomHeaders).toEqual([
        {
          HeaderName: 'x-origin-verify',
          HeaderValue: {
            'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
          },
        },
      ]);
      // The web bucket needs no proof, and must not receive the secret.
      expect(s3Origin.OriginCustomHeaders).toBeUndefined();
    });

    it('lets the API and accounts (at cold start) read the origin secret, and no other function', () => {
      const secretId = logicalId(synth(), 'AWS::SecretsManager::Secret', 'SecretsOriginVerifySecret');
      const variables = (entry: FunctionName) =>
        rotaFunction(synth(), entry).Properties.Environment.Variables as Record<string, unknown>;
      const readers = ofType(synth(), 'AWS::IAM::Policy')
        .filter(([, policy]) =>
          policy.Properties.PolicyDocument.Statement.some(
            (statement: any) =>
              [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
              [statement.Resource].flat().some((resource: any) => resource?.Ref === secretId),
          ),
        )
        .map(([id]) => id.replace(/ServiceRoleDefaultPolicy.*$/, ''))
        .sort();

      expect(variables('Api').ORIGIN_VERIFY_SECRET_ARN).toEqual({ Ref: secretId });
      expect(variables('Accounts').ORIGIN_VERIFY_SECRET_ARN).toEqual({ Ref: secretId });
      expect(readers).toEqual(['ApiAccountsFunction', 'ApiHandlerFunction']);
    });

    it('sends security headers, with a CSP on the app', () => {
      synth().template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ReferrerPolicy: Match.objectLike({ ReferrerPolicy: 'strict-origin-when-cross-origin' }),
            ContentSecurityPolicy: Match.objectLike({
              ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'.*frame-ancestors 'none'"),
            }),
          }),
        }),
      });
    });
  });

  it('blocks public access to every bucket, encrypts it and refuses plain HTTP', () => {
    const buckets = ofType(synth(), 'AWS::S3::Bucket');

    // Web, exports and the access-log bucket the other two (and CloudFront) log into.
    expect(buckets).toHaveLength(3);
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
      synth().template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  describe('monitoring', () => {
    it('sends every alarm to the alarm topic', () => {
      const topic = logicalId(synth(), 'AWS::SNS::Topic', 'MonitoringAlarmTopic');
      const alarms = ofType(synth(), 'AWS::CloudWatch::Alarm');

      // 2 DLQs, API 5xx rate and p99 latency, Errors and Throttles × 5 functions, RDS CPU, storage, connections.
      expect(alarms).toHaveLength(17);
      for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    });

    it('alarms as soon as a DLQ holds a message', () => {
      const queueAlarms = ofType(synth(), 'AWS::CloudWatch::Alarm').filter(
        ([, alarm]) =>
          alarm.Properties.Namespace === 'AWS/SQS' &&
          alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
      );

      expect(queueAlarms).toHaveLength(2);
      for (const [, alarm] of queueAlarms) {
        expect(alarm.Properties).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', Threshold: 0 });
      }
    });

    it('alarms on API 5xx rate and p99 latency, and on the database', () => {
      synth().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: Match.stringLikeRegexp('errors / requests') }),
        ]),
      });
      synth().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        ExtendedStatistic: 'p99',
      });
      for (const metric of ['CPUUtilization', 'FreeStorageSpace', 'DatabaseConnections']) {
        synth().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/RDS',
          MetricName: metric,
        });
      }
      synth().template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    });
  });

  describe('secrets', () => {
    it('keeps secret values out of the template', () => {
      expect(synth().text).not.toMatch(/whsec_|sk_live|sk_test|rk_live/);
      for (const [key, value] of entriesDeep(JSON.parse(synth().text))) {
        if (/password/i.test(key) && typeof value === 'string') {
          throw new Error(`Literal value for ${key} in the template`);
        }
      }
      for (const [, fn] of rotaFunctions(synth())) {
        for (const name of Object.keys(fn.Properties.Environment.Variables)) {
          if (/SECRET|PASSWORD|KEY/.test(name)) expect(name).toMatch(/_ARN$/);
        }
      }
    });

    it('generates AUTH_SECRET and the origin secret (48 characters, no punctuation) and a Stripe secret for ops to fill', () => {
      for (const description of ['Rota AUTH_SECRET', 'Rota ORIGIN_VERIFY_SECRET']) {
        synth().template.hasResourceProperties('AWS::SecretsManager::Secret', {
          Description: Match.stringLikeRegexp(`^${description}:`),
          GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
        });
      }
      synth().template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `rota/${stage}/stripe`,
        SecretString: Match.stringLikeRegexp('"STRIPE_SECRET_KEY".*"STRIPE_WEBHOOK_SECRET"'),
      });
    });
  });
});

describe('RotaStack with secretsVersion', () => {
  it('puts it in every function, so deploying a new one replaces their running instances', () => {
    const dev = synthesized.dev;
    if (!dev) throw new Error('dev was not synthesized');
    const rotated = synthesize('dev', { bundle: false, props: { secretsVersion: '2' } });
    try {
      const versions = rotaFunctions(rotated).map(
        ([, fn]) => fn.Properties.Environment.Variables.SECRETS_VERSION,
      );
      const withoutIt = rotaFunctions(dev).map(
        ([, fn]) => fn.Properties.Environment.Variables.SECRETS_VERSION,
      );

      expect(versions).toEqual(['2', '2', '2', '2', '2']);
      expect(withoutIt).toEqual([undefined, undefined, undefined, undefined, undefined]);
    } finally {
      rmSync(rotated.assemblyDir, { recursive: true, force: true });
    }
  });
});
