import { betterAuth } from 'better-auth';
import { organization, twoFactor } from 'better-auth/plugins';
import { PostgresJSDialect } from 'kysely-postgres-js';
import { config } from '../config';
import type { Sql } from '../db/client';
import { sendEmail } from '../email/send';
import { invitationEmail, passwordResetEmail, verificationEmail } from '../email/templates';
import { CLIENT_ADDRESS_HEADER } from './client-address';
import { linkEmployeeToUser } from './employee-link';
import { hashPassword, verifyPassword } from './passwords';
import { forgetPrincipals } from './principal';
import { accessControl, organizationRoles } from './roles';

/** Where better-auth's own routes are mounted. */
export const AUTH_BASE_PATH = '/api/auth';

/** Sign-in, sign-up, reset and verification: few attempts per IP and minute. */
const SENSITIVE_RATE_LIMIT = { window: 60, max: 5 };

/**
 * better-auth, configured for Rota: email + password with verification, password reset, TOTP 2FA,
 * organizations (= tenants) with Rota's roles, tables in the `platform` schema (migrations in
 * migrations/shared), rate limits stored in the database because Lambdas share no memory.
 */
export function createAuth(sql: Sql) {
  const { APP_URL, AUTH_SECRET, TRUSTED_ORIGINS, STAGE } = config();
  return betterAuth({
    appName: 'Rota',
    baseURL: APP_URL,
    basePath: AUTH_BASE_PATH,
    secret: AUTH_SECRET,
    trustedOrigins: [APP_URL, ...TRUSTED_ORIGINS],
    database: { dialect: new PostgresJSDialect({ postgres: sql }), type: 'postgres', schemaName: 'platform' },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(hash, password) },
      sendResetPassword: async ({ user, url }) =>
        sendEmail(user.email, passwordResetEmail({ name: user.name, url })),
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      expiresIn: 24 * 60 * 60,
      sendVerificationEmail: async ({ user, url }) =>
        sendEmail(user.email, verificationEmail({ name: user.name, url })),
    },
    user: {
      additionalFields: {
        // Platform staff: 'operator' or null. Never settable through the API.
        platformRole: { type: 'string', required: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    databaseHooks: {
      session: {
        create: {
          // A new session starts in the user's first business that still exists, so signing in
          // lands them in it (a deleted one would answer every request with 403).
          before: async (session) => {
            const [first] = await sql<{ organizationId: string }[]>`
              select m."organizationId" from platform.member m
              join platform.tenants t on t.id = m."organizationId" and t.status <> 'deleted'
              where m."userId" = ${session.userId}
              order by m."createdAt" limit 1`;
            return { data: { ...session, activeOrganizationId: first?.organizationId ?? null } };
          },
        },
      },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': SENSITIVE_RATE_LIMIT,
        '/sign-up/email': SENSITIVE_RATE_LIMIT,
        '/request-password-reset': SENSITIVE_RATE_LIMIT,
        '/reset-password': SENSITIVE_RATE_LIMIT,
        '/send-verification-email': SENSITIVE_RATE_LIMIT,
        '/two-factor/verify-totp': SENSITIVE_RATE_LIMIT,
        '/two-factor/verify-backup-code': SENSITIVE_RATE_LIMIT,
      },
    },
    advanced: {
      useSecureCookies: STAGE !== 'local',
      cookiePrefix: 'rota',
      // One address, set by the API from CloudFront's viewer address or API Gateway's last hop.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    plugins: [
      organization({
        ac: accessControl,
        roles: organizationRoles,
        // Businesses are created by POST /api/v1/signup, which also builds the tenant schema.
        allowUserToCreateOrganization: false,
        creatorRole: 'owner',
        // Who may sign in to one business: far above any plan (better-auth stops at 100 by default,
        // below a chain's staff). The plans limit active employees (shared/billing/entitlements.ts).
        membershipLimit: 10_000,
        invitationExpiresIn: 7 * 24 * 60 * 60,
        cancelPendingInvitationsOnReInvite: true,
        requireEmailVerificationOnInvitation: true,
        organizationHooks: {
          // An invited person becomes the employee record with their email, if the business has one.
          afterAcceptInvitation: async ({ user, organization: business }) =>
            linkEmployeeToUser(sql, business.id, user),
          // A removed member's API keys stop working at once (they resolve through the membership).
          afterRemoveMember: async ({ organization: business }) => forgetPrincipals(business.id),
          // So does a demoted member's power: their keys act with the lesser of the two roles.
          afterUpdateMemberRole: async ({ organization: business }) => forgetPrincipals(business.id),
        },
        sendInvitationEmail: async ({ id, email, role, organization: business, inviter }) =>
          sendEmail(
            email,
            invitationEmail({
              inviter: inviter.user.name,
              business: business.name,
              role,
              url: `${APP_URL}/invitations/${id}`,
            }),
          ),
      }),
      twoFactor({ issuer: 'Rota', backupCodeOptions: { amount: 10, length: 10 } }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
