import { Duration } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { RotaFunction } from './lambda-function';

/**
 * The DATABASE_URL the functions get, until the database area (RDS, RDS Proxy, a Secrets Manager
 * secret) lands. The stack does not create a database yet, so the URL has to come from outside:
 *
 * - `-c databaseUrl=postgres://…` wins. It is written into the synthesized template in plain
 *   text, so it is meant for throwaway stages only.
 * - Otherwise CloudFormation reads the String parameter `/rota/<stage>/database-url` at deploy
 *   time; the deploy fails loudly when it does not exist. It cannot be a SecureString:
 *   CloudFormation does not resolve those into Lambda environment variables.
 *
 * Either way the URL ends up in the functions' configuration, which is why the database area will
 * replace this with a secret read at runtime.
 */
export function databaseUrl(scope: Construct, stage: string, fromContext: string | undefined): string {
  if (fromContext) return fromContext;
  return StringParameter.valueForStringParameter(scope, `/rota/${stage}/database-url`);
}

/** Options for {@link Migrations}. */
export interface MigrationsProps {
  /** Variables every function gets (STAGE, LOG_LEVEL, DATABASE_URL). */
  readonly environment: Record<string, string>;
}

/**
 * The migrate function (`functions/ops/migrate.ts`), bundled with the SQL files of `migrations/`.
 * Nothing invokes it on deploy yet: without a database in the stack a deploy-time trigger would
 * only race an unknown server. Run it with `aws lambda invoke --function-name <MigrateFunctionName>`.
 */
export class Migrations extends Construct {
  readonly migrate: RotaFunction;

  constructor(scope: Construct, id: string, props: MigrationsProps) {
    super(scope, id);
    this.migrate = new RotaFunction(this, 'Migrate', {
      entry: 'functions/ops/migrate.ts',
      description: 'Applies shared and tenant migrations',
      // Every tenant schema is migrated in one invocation.
      timeout: Duration.minutes(15),
      copyIntoAsset: ['migrations'],
      environment: { ...props.environment, MIGRATIONS_DIR: '/var/task/migrations' },
    });
  }
}
