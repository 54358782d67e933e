/**
 * `POST /api/v1/signup` as the OpenAPI document describes it. Apart from its handler because the
 * accounts function serves it while the API function lists it in its document (see core-app.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { signupInput } from '../auth/signup-input';
import { openApiComponent } from '../zod';

const signupAccepted = z
  .object({
    user: z.object({ name: z.string(), email: z.string(), emailVerified: z.literal(false) }),
    tenant: z.object({ name: z.string() }),
    next: z.literal('verify_email'),
  })
  .openapi('SignupAccepted');

export const signupRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a business (tenant) and its owner; sends the verification email',
  description:
    'Answers the same way whether or not the email already has an account, so the endpoint cannot be used ' +
    'to find out who uses Rota; an existing account holder gets an email saying so instead.',
  security: [],
  request: {
    body: {
      content: { 'application/json': { schema: openApiComponent(signupInput, 'Signup') } },
      required: true,
    },
  },
  responses: {
    201: { description: 'Check your email', content: { 'application/json': { schema: signupAccepted } } },
    429: { description: 'Too many sign-ups from this address' },
    503: { description: 'Rota is being updated: try again in a minute' },
  },
});
