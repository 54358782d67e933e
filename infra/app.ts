import { App } from 'aws-cdk-lib';
import { RotaStack } from './rota-stack';
import { stageSettings } from './stages';

/**
 * The CDK app (`npx cdk synth|deploy -c stage=<name>`): one stack per stage, `Rota-<stage>`.
 * Context:
 * - `stage`: a row of infra/stages.ts (`dev` by default, `staging`, `prod`);
 * - `logLevel`: DEBUG, INFO (default), WARN, ERROR or SILENT;
 * - `emailDomain` / `emailFrom`: the SES sender (see infra/email.ts; the default must be changed);
 * - `alarmEmail`: subscribed to the alarm topic;
 * - `domainName` + `certificateArn`: custom domain of the web app (ACM certificate in us-east-1);
 * - `stripePricePro` / `stripePriceBusiness`: Stripe price ids of the paid plans;
 * - `secretsVersion`: any new value replaces every function's running instances, so they read
 *   AUTH_SECRET and the Stripe keys again after ops changed them (README, Rotate secrets).
 */
const app = new App();

const stage = String(app.node.tryGetContext('stage') ?? 'dev');
// Throws for a stage infra/stages.ts does not list; the name also becomes part of resource names.
stageSettings(stage);

const logLevel = String(app.node.tryGetContext('logLevel') ?? 'INFO');
// shared/config.ts rejects anything else, but only at the first request after deploy.
if (!['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'].includes(logLevel)) {
  throw new Error(`Context "logLevel" must be DEBUG, INFO, WARN, ERROR or SILENT: ${logLevel}`);
}

/** A non-empty string context value, or undefined. */
function optionalContext(key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

new RotaStack(app, `Rota-${stage}`, {
  stage,
  logLevel,
  emailDomain: optionalContext('emailDomain'),
  emailFrom: optionalContext('emailFrom'),
  alarmEmail: optionalContext('alarmEmail'),
  domainName: optionalContext('domainName'),
  certificateArn: optionalContext('certificateArn'),
  stripePricePro: optionalContext('stripePricePro'),
  stripePriceBusiness: optionalContext('stripePriceBusiness'),
  secretsVersion: optionalContext('secretsVersion'),
  // Unset outside a configured AWS profile, which keeps synth working offline.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
