/**
 * What signing up, signing in and choosing a password take, on their own so the web app's forms
 * validate with the very rules the API and better-auth apply, without bundling any server code
 * (plain zod; the routes make OpenAPI components of them with `openApiComponent` from
 * shared/zod.ts, which works whatever the import order).
 */
import { z } from 'zod';

/** A business's name, at sign-up and when it is renamed. */
export const businessName = z.string().trim().min(1, 'Enter the business name').max(200);

/** An email address as accounts are keyed by it. */
export const emailAddress = z.string().trim().toLowerCase().email('Enter an email address').max(254);
/** A new password, as better-auth is configured to take it (shared/auth/auth.ts). */
export const newPassword = z.string().min(10, 'At least 10 characters').max(256);

/** A person's account: sign-up of a business, and of someone who was invited. */
export const personInput = z.object({
  name: z.string().trim().min(1, 'Enter your name').max(200),
  email: emailAddress,
  password: newPassword,
});

export const signupInput = z.object({ companyName: businessName, ...personInput.shape });
export type SignupInput = z.infer<typeof signupInput>;

/** A signed-in person starting another business (POST /api/v1/me/businesses). */
export const startBusinessInput = z.object({ companyName: businessName });

/** Renaming the business (PATCH /api/v1/tenant). */
export const renameBusinessInput = z.object({ name: businessName });

/** Signing in (better-auth's endpoint): any password is checked by the server, not here. */
export const signInInput = z.object({
  email: emailAddress,
  password: z.string().min(1, 'Enter your password'),
});
