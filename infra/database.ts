import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type ISecurityGroup, Port, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import {
  CaCertificate,
  Credentials,
  DatabaseInstance,
  DatabaseInstanceEngine,
  DatabaseProxy,
  ParameterGroup,
  PostgresEngineVersion,
  ProxyTarget,
  StorageType,
} from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { InvocationType, Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { type FunctionDefaults, RotaFunction } from './lambda-function';
import { acknowledge, cdkSingleton, LAMBDA_BASIC_EXECUTION } from './nag';
import type { Network } from './network';
import type { StageSettings } from './stages';

/** Options for {@link Database}. */
export interface DatabaseProps {
  readonly network: Network;
  readonly settings: StageSettings;
}

/** How a function reaches the database. */
export interface DatabaseConnection {
  /** `postgres://rota@host:port/rota?sslmode=require`: no password, it comes from the secret. */
  readonly url: string;
  readonly viaProxy: boolean;
}

/**
 * PostgreSQL 16 on RDS, one instance (Multi-AZ in prod), optionally behind RDS Proxy.
 *
 * Why not Aurora Serverless v2: it bills at least its minimum ACUs (0.5 ACU ≈ $45/month, or it
 * pauses at 0 ACU and the first request after an idle spell waits ~15 s for it to resume), plus
 * Aurora I/O, where a db.t4g.micro costs ~$12/month and never sleeps. For a dev stage that idles
 * most of the day, and a prod that starts small, a provisioned instance is cheaper and predictable;
 * moving to Aurora later is a snapshot restore away.
 *
 * The master credentials are generated into Secrets Manager (`rota` / random password). Functions
 * get the host in DATABASE_URL and read the password from the secret when they open a connection,
 * keeping it 30 s (shared/db/client.ts), so they follow a rotation; nothing
 * secret is in the template or in the functions' configuration.
 */
export class Database extends Construct {
  static readonly NAME = 'rota';
  static readonly USER = 'rota';

  readonly instance: DatabaseInstance;
  readonly proxy?: DatabaseProxy;
  /** RDS's generated secret: JSON with username, password, host, port, dbname. */
  readonly secret: ISecret;
  readonly securityGroup: ISecurityGroup;
  /** Instance endpoint (what migrations use; `connection()` picks the proxy for the rest). */
  readonly host: string;
  readonly port: string;
  readonly maxConnections: number;
  readonly allocatedStorageGiB: number;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { network, settings } = props;
    const engine = DatabaseInstanceEngine.postgres({ version: PostgresEngineVersion.VER_16 });
    this.securityGroup = network.databaseSecurityGroup;
    this.maxConnections = settings.databaseMaxConnections;
    this.allocatedStorageGiB = settings.databaseStorageGiB;

    const parameterGroup = new ParameterGroup(this, 'Parameters', {
      engine,
      description: 'Rota PostgreSQL 16',
      parameters: {
        max_connections: String(settings.databaseMaxConnections),
        // The default on RDS for PostgreSQL 15+, stated so it cannot drift: no plaintext connections.
        'rds.force_ssl': '1',
      },
    });

    this.instance = new DatabaseInstance(this, 'Instance', {
      engine,
      instanceType: settings.databaseInstanceType,
      multiAz: settings.databaseMultiAz,
      vpc: network.vpc,
      vpcSubnets: network.privateSubnets,
      securityGroups: [network.databaseSecurityGroup],
      port: 5432,
      databaseName: Database.NAME,
      credentials: Credentials.fromGeneratedSecret(Database.USER),
      parameterGroup,
      storageType: StorageType.GP3,
      allocatedStorage: settings.databaseStorageGiB,
      maxAllocatedStorage: settings.databaseMaxStorageGiB,
      storageEncrypted: true,
      caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
      backupRetention: Duration.days(settings.backupRetentionDays),
      // Automated backups outlive a deleted instance unless the stage throws its data away.
      deleteAutomatedBackups: settings.removalPolicy === RemovalPolicy.DESTROY,
      copyTagsToSnapshot: true,
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.removalPolicy,
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: settings.performanceInsights,
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: settings.logRetention,
      // Password authentication with the generated secret; IAM database auth is not used.
      iamAuthentication: false,
      publiclyAccessible: false,
    });
    // fromGeneratedSecret always creates one; the check only narrows the type.
    if (!this.instance.secret) throw new Error('The database instance has no generated secret');
    this.secret = this.instance.secret;
    this.host = this.instance.dbInstanceEndpointAddress;
    this.port = this.instance.dbInstanceEndpointPort;

    acknowledge(this.instance, {
      'AwsSolutions-RDS11':
        'Default port 5432: only the functions and the proxy security groups may reach it, in private subnets',
      // On the instance: `this.secret` is the secret's attachment, the secret itself is Instance/Secret.
      'AwsSolutions-SMG4':
        'Rotation not scheduled yet; functions follow a rotated password (they read the secret again for connections opened 30 s after the last read)',
      ...(settings.databaseMultiAz
        ? {}
        : { 'AwsSolutions-RDS3': 'Single-AZ outside prod to halve the instance cost (prod is Multi-AZ)' }),
      ...(settings.deletionProtection
        ? {}
        : { 'AwsSolutions-RDS10': 'No deletion protection in stages whose data is disposable (dev)' }),
    });
    // `cloudwatchLogsRetention` adds CDK's log-retention function to the stack.
    const logRetention = cdkSingleton(Stack.of(this), 'LogRetention');
    if (logRetention) {
      acknowledge(logRetention, {
        [LAMBDA_BASIC_EXECUTION]:
          'CDK-managed log-retention function: its own logs via the AWS managed policy',
        'AwsSolutions-IAM5[Resource::*]':
          'CDK-managed log-retention function: sets retention on the RDS log group RDS creates by name',
      });
    }

    if (settings.rdsProxy) {
      const proxySecurityGroup = new SecurityGroup(this, 'ProxySecurityGroup', {
        vpc: network.vpc,
        description: 'Rota RDS Proxy',
        allowAllOutbound: false,
      });
      network.lambdaSecurityGroup.connections.allowTo(
        proxySecurityGroup,
        Port.tcp(5432),
        'PostgreSQL from Rota functions to RDS Proxy',
      );
      // The proxy reads the credentials from Secrets Manager (through NAT or the VPC endpoint).
      proxySecurityGroup.connections.allowToAnyIpv4(Port.tcp(443), 'HTTPS to Secrets Manager');
      network.secretsManagerEndpoint?.connections.allowDefaultPortFrom(
        proxySecurityGroup,
        'HTTPS from RDS Proxy (reads the database secret)',
      );

      this.proxy = new DatabaseProxy(this, 'Proxy', {
        // Binding the instance as target also opens the database's group to the proxy's.
        proxyTarget: ProxyTarget.fromInstance(this.instance),
        secrets: [this.secret],
        vpc: network.vpc,
        vpcSubnets: network.privateSubnets,
        securityGroups: [proxySecurityGroup],
        requireTLS: true,
        iamAuth: false,
        // A request waits this long for a free database connection before failing.
        borrowTimeout: Duration.seconds(10),
      });
    }
  }

  /** The URL and proxy flag for a function; `direct` bypasses the proxy. */
  connection(options: { direct?: boolean } = {}): DatabaseConnection {
    const viaProxy = this.proxy !== undefined && !options.direct;
    const hostAndPort = viaProxy && this.proxy ? `${this.proxy.endpoint}:5432` : `${this.host}:${this.port}`;
    // postgres.js maps `sslmode` to its `ssl` option; `require` encrypts without verifying the
    // certificate chain (the RDS CA is not in Node's trust store), like libpq's `require`. For
    // verify-full, set NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem (Lambda ships the RDS CAs there).
    return {
      url: `postgres://${Database.USER}@${hostAndPort}/${Database.NAME}?sslmode=require`,
      viaProxy,
    };
  }
}

/** Options for {@link Migrations}. */
export interface MigrationsProps {
  readonly functionDefaults: FunctionDefaults;
  readonly database: Database;
  /** `shared/config.ts` requires AUTH_SECRET outside `local`, even in the migrate function. */
  readonly authSecret: ISecret;
}

/** The longest a migration run may take: under the trigger provider's own 15-minute limit. */
const MIGRATE_TIMEOUT = Duration.minutes(14);

/**
 * The migrate function (`functions/ops/migrate.ts`), bundled with the SQL files of `migrations/`,
 * and a deploy-time trigger that runs it synchronously once the database is up, on every deploy
 * that changes the function (new code, new migrations, new configuration). The handler throws when
 * a tenant fails to migrate, which fails the trigger and so the deploy, visibly, and CloudFormation
 * rolls back. RotaStack updates the functions that serve requests and jobs only after the trigger
 * (`trigger.executeBefore`), so new code never runs against the previous schema.
 * It can also be run by hand: `aws lambda invoke --function-name <MigrateFunctionName>`.
 */
export class Migrations extends Construct {
  readonly migrate: RotaFunction;
  readonly trigger: Trigger;

  constructor(scope: Construct, id: string, props: MigrationsProps) {
    super(scope, id);
    const defaults = props.functionDefaults;
    this.migrate = new RotaFunction(this, 'Migrate', {
      ...defaults,
      entry: 'functions/ops/migrate.ts',
      description: 'Applies shared and tenant migrations',
      // Every tenant schema is migrated in one invocation.
      timeout: MIGRATE_TIMEOUT,
      copyIntoAsset: ['migrations'],
      environment: { ...defaults.environment, MIGRATIONS_DIR: '/var/task/migrations' },
    })
      .bindDatabase(props.database, { direct: true })
      .bindAuthSecret(props.authSecret);

    this.trigger = new Trigger(this, 'MigrateOnDeploy', {
      handler: this.migrate.fn,
      // The instance, and the security group rules that let the function reach it.
      executeAfter: [props.database.instance, props.database.securityGroup, ...defaults.securityGroups],
      executeOnHandlerChange: true,
      invocationType: InvocationType.REQUEST_RESPONSE,
      timeout: MIGRATE_TIMEOUT,
    });
  }
}
