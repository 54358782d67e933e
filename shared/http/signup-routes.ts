import { loadAuth } from '../auth/lazy';
import { signUp } from '../auth/signup';
import { config } from '../config';
import { sendEmail } from '../email/send';
import { accountExistsEmail } from '../email/templates';
import type { AppDeps, AppEnv } from './context';
import { rateLimit } from './rate-limit';
import { RouteApp } from './route-app';
import { signupRoute } from './signup-contract';

/** `POST /api/v1/signup`. */
export function signupRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(rateLimit(sql, { name: 'signup', max: 5, windowSeconds: 60 }));
  return app.openapi(signupRoute, async (c) => {
    const input = c.req.valid('json');
    const outcome = await signUp(sql, input);
    // Emails go out after the transaction has committed.
    if (outcome.kind === 'created') {
      const auth = await loadAuth(sql);
      await auth.api.sendVerificationEmail({ body: { email: input.email, callbackURL: '/welcome' } });
    } else {
      await sendEmail(
        input.email,
        accountExistsEmail({ name: outcome.existingName, url: `${config().APP_URL}/login` }),
      );
    }
    c.get('log').info('signup accepted', { outcome: outcome.kind });
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
