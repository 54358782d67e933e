import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { loadAuth } from '../auth/lazy';
import { signUp, signupInput } from '../auth/signup';
import { config } from '../config';
import { sendEmail } from '../email/send';
import { accountExistsEmail } from '../email/templates';
import type { AppDeps, AppEnv } from './context';
import { rateLimit } from './rate-limit';
import { validationHook } from './validation';

const signupAccepted = z
  .object({
    user: z.object({ name: z.string(), email: z.string(), emailVerified: z.literal(false) }),
    tenant: z.object({ name: z.string() }),
    next: z.literal('verify_email'),
  })
  .openapi('SignupAccepted');

const signupRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Create a business (tenant) and its owner; sends the verification email',
  description:
    'Answers the same way whether or not the email already has an account, so the endpoint cannot be used ' +
    'to find out who uses Rota; an existing account holder gets an email saying so instead.',
  request: {
    body: { content: { 'application/json': { schema: signupInput.openapi('Signup') } }, required: true },
  },
  responses: {
    201: { description: 'Check your email', content: { 'application/json': { schema: signupAccepted } } },
    400: { description: 'Invalid fields (problem+json)' },
    429: { description: 'Too many sign-ups from this address (problem+json)' },
  },
});

/** `POST /api/v1/signup`. */
export function signupRoutes({ sql }: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(rateLimit(sql, { name: 'signup', max: 5, windowSeconds: 60 }));
  return app.openapi(signupRoute, async (c) => {
    const input = c.req.valid('json');
    const outcome = await signUp(sql, input);
    // Emails go out after the transaction has committed.
    if (outcome.kind === 'created') {
      const auth = await loadAuth(sql);
      await auth.api.sendVerificationEmail({ body: { email: input.email, callbackURL: '/' } });
    } else {
      await sendEmail(
        input.email,
        accountExistsEmail({ name: outcome.existingName, url: `${config().APP_URL}/sign-in` }),
      );
    }
    c.var.log.info('signup accepted', { outcome: outcome.kind });
    return c.json(
      {
        user: { name: input.name, email: input.email, emailVerified: false as const },
        tenant: { name: input.companyName },
        next: 'verify_email' as const,
      },
      201,
    );
  });
}
