import { Logger } from '@aws-lambda-powertools/logger';
import { config } from './config';

/**
 * The root structured (JSON) logger. Requests and jobs log through a child that carries their
 * request id / job id and tenant id, so every line can be traced back to one tenant's action.
 */
export const logger = new Logger({
  serviceName: 'rota',
  logLevel: config().LOG_LEVEL,
  persistentKeys: { stage: config().STAGE },
});
