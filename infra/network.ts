import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  type InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dataRemovalPolicy, type StageSettings } from './stages';

/** Options for {@link Network}. */
export interface NetworkProps {
  readonly settings: StageSettings;
}

/** Where a function runs: what {@link RotaFunction}'s VPC props want. */
export interface FunctionPlacement {
  readonly vpc: Vpc;
  readonly vpcSubnets: SubnetSelection;
  readonly securityGroups: SecurityGroup[];
}

/**
 * The VPC: two AZs, public subnets (NAT gateways only) and private subnets with egress for the
 * Lambda functions, RDS and RDS Proxy. The functions need the internet for Stripe, so private
 * subnets route through NAT: one gateway in dev/staging, one per AZ in prod (a NAT gateway is
 * zonal; with one, an outage of its AZ cuts the other AZ's egress too).
 *
 * Security groups: functions may open only HTTPS (Stripe, AWS APIs) and PostgreSQL to the
 * database's (or the proxy's) group; the database accepts 5432 only from the functions (and the
 * proxy, when there is one) and opens nothing outwards.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly lambdaSecurityGroup: SecurityGroup;
  readonly databaseSecurityGroup: SecurityGroup;
  /** The Secrets Manager interface endpoint, in stages that have interface endpoints. */
  readonly secretsManagerEndpoint?: InterfaceVpcEndpoint;
  /** Private subnets: functions, database, proxy. */
  readonly privateSubnets: SubnetSelection = { subnetType: SubnetType.PRIVATE_WITH_EGRESS };

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { settings } = props;

    const flowLogs = new LogGroup(this, 'FlowLogs', {
      retention: settings.logRetention,
      removalPolicy: dataRemovalPolicy(settings),
    });

    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: settings.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        // /22: room for the ENIs of Lambda, RDS and the proxy as concurrency grows.
        { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      // The default security group allows all traffic between its members; nothing should use it.
      restrictDefaultSecurityGroup: true,
      // Rejected traffic only: enough to debug a security group, at a fraction of ALL's volume.
      flowLogs: {
        rejected: {
          trafficType: FlowLogTrafficType.REJECT,
          destination: FlowLogDestination.toCloudWatchLogs(flowLogs),
        },
      },
      // Free, and exports (whole tenants' data) are the bulk of the bytes functions move.
      gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 } },
    });

    // Interface endpoints cost ~$7/month per AZ each (~$15 per service here) plus $0.01/GB, while
    // NAT charges $0.045/GB: one pays for itself only above roughly 400 GB/month of traffic to its
    // service. Rota's SQS traffic is small job messages from the functions (the SQS event source is
    // polled by the Lambda service, outside the VPC) and Secrets Manager is read once per cold
    // start, so in dev/staging they would cost more than the NAT bytes they save and stay off.
    // Prod turns them on for a different reason: enqueueing jobs and reading secrets at cold start
    // then no longer depend on the NAT path (or share it with Stripe traffic).
    this.lambdaSecurityGroup = new SecurityGroup(this, 'LambdaSecurityGroup', {
      vpc: this.vpc,
      description: 'Rota Lambda functions',
      allowAllOutbound: false,
    });
    this.lambdaSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS: Stripe and AWS APIs');

    if (settings.interfaceEndpoints) {
      // Not `open` (443 from the whole VPC CIDR): only the functions, and for Secrets Manager the
      // RDS Proxy (infra/database.ts adds it), may reach an endpoint.
      const sqs = this.vpc.addInterfaceEndpoint('SqsEndpoint', {
        service: InterfaceVpcEndpointAwsService.SQS,
        subnets: this.privateSubnets,
        open: false,
      });
      this.secretsManagerEndpoint = this.vpc.addInterfaceEndpoint('SecretsManagerEndpoint', {
        service: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        subnets: this.privateSubnets,
        open: false,
      });
      for (const endpoint of [sqs, this.secretsManagerEndpoint]) {
        endpoint.connections.allowDefaultPortFrom(this.lambdaSecurityGroup, 'HTTPS from Rota functions');
      }
    }

    this.databaseSecurityGroup = new SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: this.vpc,
      description: 'Rota PostgreSQL',
      allowAllOutbound: false,
    });
    // Adds the matching egress rule to the functions' group as well.
    this.lambdaSecurityGroup.connections.allowTo(
      this.databaseSecurityGroup,
      Port.tcp(5432),
      'PostgreSQL from Rota functions',
    );
  }

  /** VPC, private subnets and security group for a Rota function. */
  get functionPlacement(): FunctionPlacement {
    return {
      vpc: this.vpc,
      vpcSubnets: this.privateSubnets,
      securityGroups: [this.lambdaSecurityGroup],
    };
  }
}
