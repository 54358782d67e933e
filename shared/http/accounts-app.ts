import { authRoutes } from './auth-routes';
import type { BaseApp } from './base-app';
import type { AppDeps } from './context';
import { AUTH_PATH, SIGNUP_PATH } from './paths';
import { signupRoutes } from './signup-routes';

/**
 * Sign-up and better-auth's endpoints (sign-in, verification, reset, sessions, 2FA, invitations):
 * the only routes that load better-auth, served by their own function in AWS.
 */
export function mountAccountRoutes(app: BaseApp, deps: AppDeps): BaseApp {
  app.route(AUTH_PATH, authRoutes(deps));
  app.route(SIGNUP_PATH, signupRoutes(deps));
  return app;
}
