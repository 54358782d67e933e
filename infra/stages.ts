import { RemovalPolicy } from 'aws-cdk-lib';
import { InstanceClass, InstanceSize, InstanceType } from 'aws-cdk-lib/aws-ec2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** What differs between deployed stages. Everything else is the same in every stage. */
export interface StageSettings {
  /** RDS instance class. */
  readonly databaseInstanceType: InstanceType;
  /** A standby in a second AZ (doubles the instance cost). */
  readonly databaseMultiAz: boolean;
  /** Initial gp3 storage; RDS grows it up to `databaseMaxStorageGiB` on its own. */
  readonly databaseStorageGiB: number;
  readonly databaseMaxStorageGiB: number;
  /**
   * `max_connections`, set explicitly in the parameter group so the connections alarm (80 % of it)
   * is exact instead of a guess at RDS's memory-based default. A static parameter: changing it
   * takes effect at the next reboot.
   */
  readonly databaseMaxConnections: number;
  /** Days of automated backups (point-in-time recovery window). */
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /**
   * What happens to the database when the stack (or the instance) is deleted: SNAPSHOT keeps a
   * final snapshot, DESTROY drops it. Other data (buckets, secrets, log groups) is RETAINed unless
   * this is DESTROY; see {@link dataRemovalPolicy}.
   */
  readonly removalPolicy: RemovalPolicy.SNAPSHOT | RemovalPolicy.DESTROY;
  /** Performance Insights (free tier keeps 7 days). */
  readonly performanceInsights: boolean;
  /**
   * RDS Proxy in front of the instance: connection pooling across Lambda instances and faster
   * failover. Costs per vCPU of the instance and adds little on a t4g.micro, hence off in dev.
   */
  readonly rdsProxy: boolean;
  /** NAT gateways (Stripe egress): 1 is cheaper, one per AZ survives an AZ outage. */
  readonly natGateways: number;
  /** SQS and Secrets Manager interface endpoints; see infra/network.ts for when they pay off. */
  readonly interfaceEndpoints: boolean;
  /** Retention of the functions', RDS's and the VPC flow logs' log groups. */
  readonly logRetention: RetentionDays;
}

/**
 * The stages this app knows. A stage name that is not listed is rejected rather than silently
 * given dev settings: `-c stage=production` must not deploy a database without deletion protection.
 * Add a row for a new stage (a personal `alice` stage can copy dev).
 */
export const STAGES: Readonly<Record<string, StageSettings>> = {
  dev: {
    databaseInstanceType: InstanceType.of(InstanceClass.T4G, InstanceSize.MICRO),
    databaseMultiAz: false,
    databaseStorageGiB: 20,
    databaseMaxStorageGiB: 50,
    databaseMaxConnections: 80,
    backupRetentionDays: 1,
    deletionProtection: false,
    removalPolicy: RemovalPolicy.DESTROY,
    performanceInsights: false,
    rdsProxy: false,
    natGateways: 1,
    interfaceEndpoints: false,
    logRetention: RetentionDays.TWO_WEEKS,
  },
  staging: {
    databaseInstanceType: InstanceType.of(InstanceClass.T4G, InstanceSize.SMALL),
    databaseMultiAz: false,
    databaseStorageGiB: 20,
    databaseMaxStorageGiB: 100,
    databaseMaxConnections: 150,
    backupRetentionDays: 7,
    deletionProtection: false,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    performanceInsights: true,
    // On in staging so the `prepare: false` path behind the proxy is exercised before prod.
    rdsProxy: true,
    natGateways: 1,
    interfaceEndpoints: false,
    logRetention: RetentionDays.ONE_MONTH,
  },
  prod: {
    databaseInstanceType: InstanceType.of(InstanceClass.M7G, InstanceSize.LARGE),
    databaseMultiAz: true,
    databaseStorageGiB: 100,
    databaseMaxStorageGiB: 500,
    databaseMaxConnections: 500,
    backupRetentionDays: 30,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    performanceInsights: true,
    rdsProxy: true,
    natGateways: 2,
    interfaceEndpoints: true,
    logRetention: RetentionDays.THREE_MONTHS,
  },
};

/** The settings of `stage`; throws naming the known stages when it is not one of them. */
export function stageSettings(stage: string): StageSettings {
  const settings = Object.hasOwn(STAGES, stage) ? STAGES[stage] : undefined;
  if (!settings) {
    throw new Error(
      `Unknown stage "${stage}": add it to infra/stages.ts (known: ${Object.keys(STAGES).join(', ')})`,
    );
  }
  return settings;
}

/** Removal policy for data other than the database: kept unless the stage destroys its database. */
export function dataRemovalPolicy(settings: StageSettings): RemovalPolicy {
  return settings.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
}
