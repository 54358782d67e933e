import { App } from 'aws-cdk-lib';
import { RotaStack } from './rota-stack';

/**
 * The CDK app (`npx cdk synth|deploy -c stage=<name>`): one stack per stage, `Rota-<stage>`.
 * Context: `stage` (default `dev`), `logLevel` (default `INFO`), `databaseUrl` (see infra/database.ts).
 */
const app = new App();

const stage = String(app.node.tryGetContext('stage') ?? 'dev');
// The stage becomes part of the stack name and the SSM parameter path.
if (!/^[a-z][a-z0-9-]{0,30}$/.test(stage)) {
  throw new Error(`Context "stage" must be lowercase letters, digits and dashes: ${stage}`);
}

const logLevel = String(app.node.tryGetContext('logLevel') ?? 'INFO');
// shared/config.ts rejects anything else, but only at the first request after deploy.
if (!['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'].includes(logLevel)) {
  throw new Error(`Context "logLevel" must be DEBUG, INFO, WARN, ERROR or SILENT: ${logLevel}`);
}

const databaseUrl: unknown = app.node.tryGetContext('databaseUrl');

new RotaStack(app, `Rota-${stage}`, {
  stage,
  logLevel,
  databaseUrl: typeof databaseUrl === 'string' && databaseUrl !== '' ? databaseUrl : undefined,
  // Unset outside a configured AWS profile, which keeps synth working offline.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
