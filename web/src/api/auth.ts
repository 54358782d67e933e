/** better-auth's own browser client: sign-in, 2FA, password reset, invitations, sessions. */
import { createAuthClient } from 'better-auth/client';
import { organizationClient, twoFactorClient } from 'better-auth/client/plugins';
import { accessControl, organizationRoles } from '../../../shared/auth/roles';
import { ProblemError } from './client';

export const authClient = createAuthClient({
  baseURL: window.location.origin,
  basePath: '/api/auth',
  // The same roles as the server, so role names are checked here too.
  plugins: [twoFactorClient(), organizationClient({ ac: accessControl, roles: organizationRoles })],
});

interface AuthFailure {
  status: number;
  statusText: string;
  message?: string;
}

/**
 * The data of a better-auth client call, or a thrown {@link ProblemError}: the pages show its
 * errors exactly as they show the API's.
 */
export async function authCall<T>(
  call: Promise<{ data: T; error: null } | { data: null; error: AuthFailure }>,
  title = 'That did not work',
): Promise<T> {
  const result = await call;
  if (result.error)
    throw new ProblemError(result.error.status, title, result.error.message ?? result.error.statusText);
  return result.data;
}
