import type { Principal } from '../auth/principal';
import type { TenantRole } from '../auth/roles';
import type { Sql } from '../db/client';
import type { Tenant } from '../tenancy/registry';
import type { RequestLog } from './request-log';

/** What the HTTP layer needs from the outside world; tests pass their own database. */
export interface AppDeps {
  sql: Sql;
}

/**
 * Hono's typing for values set on each request's context. Read them with `c.get('tenant')`:
 * `c.var` copies every variable into a new object on each access.
 */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** A logger carrying this request's id (and user and tenant ids once the caller is known). */
    log: RequestLog;
    /** Set by `authenticate`. */
    principal: Principal;
    /** Set by `requireTenant`: the caller's active tenant and their role in it. */
    tenant: Tenant;
    role: TenantRole;
  };
}
