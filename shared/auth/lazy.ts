import type { Sql } from '../db/client';
import type { Auth } from './auth';

let loading: Promise<Auth> | undefined;

/**
 * better-auth, imported on first use. Only its own routes (/api/auth/*) and sign-up need it;
 * ordinary API requests resolve sessions with one SQL query (principal.ts), so a cold Lambda
 * serving them never pays for better-auth's import.
 */
export function loadAuth(sql: Sql): Promise<Auth> {
  loading ??= import('./auth').then(({ createAuth }) => createAuth(sql));
  return loading;
}
