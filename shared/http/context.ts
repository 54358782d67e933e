import type { Logger } from '@aws-lambda-powertools/logger';
import type { Sql } from '../db/client';

/** What the HTTP layer needs from the outside world; tests pass their own database. */
export interface AppDeps {
  sql: Sql;
}

/** Hono's typing for values set on each request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** A logger carrying this request's id (and tenant id once the caller is known). */
    log: Logger;
  };
}
