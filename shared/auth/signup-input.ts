/**
 * What sign-up takes, on its own so the web app's form validates with the very schema the API
 * uses without bundling any server code (plain zod; the routes make OpenAPI components of them with `openApiComponent` from
 * shared/zod.ts, which works whatever the import order).
 */
import { z } from 'zod';

/** A business's name, at sign-up and when it is renamed. */
export const businessName = z.string().trim().min(1, 'Enter the business name').max(200);

export const signupInput = z.object({
  companyName: businessName,
  name: z.string().trim().min(1, 'Enter your name').max(200),
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(10).max(256),
});
export type SignupInput = z.infer<typeof signupInput>;

/** Renaming the business (PATCH /api/v1/tenant). */
export const renameBusinessInput = z.object({ name: businessName });
