import { z } from 'zod';

/**
 * Every environment variable Rota reads, parsed once. This is the only module that touches
 * `process.env`; everything else asks `config()`.
 *
 * The local runner (`npm start`) and the tests fill in the variables of the stand-ins they start
 * before anything calls `config()`, so the same code paths run locally and in AWS.
 */
const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

const configSchema = z.object({
  /** `local` for `npm start` and tests; a deployed stage name (`dev`, `prod`, …) in AWS. */
  STAGE: z.string().min(1).default('local'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),

  /** postgres://user:pass@host:port/db. Locally, absent means "start embedded PostgreSQL". */
  DATABASE_URL: optionalUrl,
  /**
   * In AWS: the Secrets Manager secret (RDS's generated one) holding the database password; the
   * rest of the connection comes from DATABASE_URL. Read when a connection opens and kept 30 s, so
   * a rotated password takes effect within 30 s; never logged.
   */
  DATABASE_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** Connections per process. Lambda handles one request at a time, so small is right there. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Named prepared statements pin RDS Proxy sessions; set false behind the proxy. */
  DATABASE_PREPARE: booleanFlag.default(true),

  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** One endpoint for SQS, S3 and SES locally (fauxqs / LocalStack). Absent in AWS. */
  AWS_ENDPOINT_URL: optionalUrl,
  /** SES endpoint when it differs from AWS_ENDPOINT_URL (aws-ses-v2-local runs on its own port). */
  SES_ENDPOINT_URL: optionalUrl,

  JOBS_QUEUE_URL: optionalUrl,
  EXPORTS_BUCKET: z.string().min(3).default('rota-exports'),
  EMAIL_FROM: z.string().email().default('no-reply@rota.local'),

  /** Where `npm start` keeps embedded PostgreSQL data; defaults to `.local/` in the checkout. */
  LOCAL_DATA_DIR: z.string().min(1).optional(),
  /**
   * Public origin of the app (API and web on one origin): links in emails, cookie security,
   * and the Origin that cookie-authenticated writes must come from. Defaults to http://localhost:PORT.
   */
  APP_URL: optionalUrl,
  /** Extra origins allowed to make cookie-authenticated requests (comma-separated). */
  TRUSTED_ORIGINS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean)
        : [],
    ),
  /**
   * Signs session cookies and tokens; at least 32 characters. Required outside `local`; locally a
   * fixed development secret is used when it is unset.
   */
  AUTH_SECRET: z.string().min(32).optional(),
  /** In AWS: the Secrets Manager secret holding AUTH_SECRET (loaded at cold start). */
  AUTH_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /**
   * The value CloudFront adds as X-Origin-Verify to every request it sends to the API (infra/web.ts).
   * Only a request carrying it came through our distribution, so only then is its
   * CloudFront-Viewer-Address trusted for rate limits (shared/http/rate-limit.ts); without it they
   * count per last X-Forwarded-For hop. Unset locally, unless a test plays CloudFront.
   */
  ORIGIN_VERIFY_SECRET: z.string().min(32).optional(),
  /**
   * In AWS: the secret holding ORIGIN_VERIFY_SECRET, fetched when a rate-limited route first needs
   * the caller's address ({@link loadOriginVerifySecret}) and kept for the process.
   */
  ORIGIN_VERIFY_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** In AWS: the secret holding STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET as JSON. */
  STRIPE_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** Stripe API key. Locally, absent means "start the fake Stripe server". */
  STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
  /** Where the Stripe SDK sends requests when not api.stripe.com (the local fake). */
  STRIPE_API_URL: optionalUrl,
  /** Webhook signing secret, and the previous one while rotating (both are accepted). */
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
  STRIPE_WEBHOOK_SECRET_PREVIOUS: z.string().startsWith('whsec_').optional(),
  /** Stripe price ids of the paid plans. */
  STRIPE_PRICE_PRO: z.string().min(1).default('price_rota_pro_monthly'),
  STRIPE_PRICE_BUSINESS: z.string().min(1).default('price_rota_business_monthly'),
  /** Days of the Pro trial every new business starts with (0 = none). */
  TRIAL_DAYS: z.coerce.number().int().min(0).max(90).default(14),
  /** Days a business keeps full access after a failed payment before it becomes read-only. */
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  /** Local HTTP server port for `npm start`. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Folder holding shared/ and tenant/ SQL migrations; defaults to the repo's migrations/. */
  MIGRATIONS_DIR: z.string().min(1).optional(),
  /** Folder with Swagger UI's files for /api/docs; defaults to the swagger-ui-dist package. */
  DOCS_ASSETS_DIR: z.string().min(1).optional(),
  /**
   * First retry delay of a failed job; each further retry waits twice as long (at most 15
   * minutes). 0 leaves retries to the queue's visibility timeout alone (tests).
   */
  JOB_RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(900).default(10),
  /** Migration concurrency: how many tenant schemas migrate at once. */
  MIGRATE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
});

const LOCAL_AUTH_SECRET = 'rota-local-development-secret-not-for-production';

const withDerivedValues = configSchema.transform((env, context) => {
  if (!env.AUTH_SECRET && !env.AUTH_SECRET_ARN && env.STAGE !== 'local') {
    context.addIssue({
      code: 'custom',
      path: ['AUTH_SECRET'],
      message: `Required when STAGE is ${env.STAGE}`,
    });
  }
  return {
    ...env,
    // With an ARN, the value appears once loadSecretsIntoEnvironment() has run; until then it is
    // empty, and everything that signs or verifies refuses to work with an empty secret.
    AUTH_SECRET: env.AUTH_SECRET ?? (env.AUTH_SECRET_ARN ? '' : LOCAL_AUTH_SECRET),
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
  };
});

export type Config = z.infer<typeof withDerivedValues>;

let cached: Config | undefined;

/** The parsed configuration; throws naming every invalid variable on first use. */
export function config(): Config {
  if (!cached) cached = parseConfig(process.env);
  return cached;
}

/** Parses an environment object; exported so tests can check the rules without touching process.env. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = withDerivedValues.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/**
 * Secrets that AWS deploys as Secrets Manager ARNs, and the variables their values fill, fetched
 * at cold start. (ORIGIN_VERIFY_SECRET_ARN is not one: it is fetched on first use, see
 * {@link loadOriginVerifySecret}.)
 */
const SECRET_SOURCES = [
  // A plain generated string.
  { arnVariable: 'AUTH_SECRET_ARN', fill: (value: string) => ({ AUTH_SECRET: value }) },
  // JSON: {"STRIPE_SECRET_KEY": "sk_…", "STRIPE_WEBHOOK_SECRET": "whsec_…"}; ops set the values.
  // Until they do, the deployed placeholders are skipped: billing stays off, everything else works.
  {
    arnVariable: 'STRIPE_SECRET_ARN',
    fill: (value: string) => realStripeKeys(JSON.parse(value) as Record<string, string>),
  },
] as const;

const STRIPE_KEY_PREFIXES: Record<string, string> = {
  STRIPE_SECRET_KEY: 'sk_',
  STRIPE_WEBHOOK_SECRET: 'whsec_',
  STRIPE_WEBHOOK_SECRET_PREVIOUS: 'whsec_',
};

function realStripeKeys(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([name, value]) => STRIPE_KEY_PREFIXES[name] && value.startsWith(STRIPE_KEY_PREFIXES[name] as string),
    ),
  );
}

/**
 * In AWS, secrets arrive as ARNs (AUTH_SECRET_ARN, STRIPE_SECRET_ARN) so their values never sit in
 * a template or a function's configuration. Lambda entry points await this once at cold start;
 * it fetches each secret and fills the variables `config()` reads. Locally nothing is set and it
 * does nothing.
 */
export async function loadSecretsIntoEnvironment(
  fetchSecret: (arn: string) => Promise<string> = defaultSecretFetcher,
): Promise<void> {
  const pending = SECRET_SOURCES.filter((source) => process.env[source.arnVariable]);
  if (pending.length === 0) return;
  const values = await Promise.all(
    pending.map((source) => fetchSecret(process.env[source.arnVariable] as string)),
  );
  pending.forEach((source, index) => {
    for (const [name, value] of Object.entries(source.fill(values[index] as string))) {
      if (!process.env[name] && typeof value === 'string') process.env[name] = value;
    }
  });
  resetConfig();
}

let originVerifyFetch: Promise<void> | undefined;

/**
 * Makes ORIGIN_VERIFY_SECRET available to `config()` before a rate limit reads the caller's address.
 * At once when it is already set (locally, or fetched at cold start) or there is no ARN; otherwise
 * fetched from ORIGIN_VERIFY_SECRET_ARN on the first call and kept for the process, so requests that
 * are not rate-limited never wait for Secrets Manager. A failed fetch is retried by the next call.
 */
export function loadOriginVerifySecret(
  fetchSecret: (arn: string) => Promise<string> = defaultSecretFetcher,
): Promise<void> {
  const { ORIGIN_VERIFY_SECRET, ORIGIN_VERIFY_SECRET_ARN } = config();
  if (ORIGIN_VERIFY_SECRET || !ORIGIN_VERIFY_SECRET_ARN) return Promise.resolve();
  originVerifyFetch ??= fetchSecret(ORIGIN_VERIFY_SECRET_ARN).then(
    (value) => {
      process.env.ORIGIN_VERIFY_SECRET = value;
      resetConfig();
    },
    (error: unknown) => {
      originVerifyFetch = undefined;
      throw error;
    },
  );
  return originVerifyFetch;
}

async function defaultSecretFetcher(arn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!secret.SecretString) throw new Error(`Secret ${arn} has no string value`);
  return secret.SecretString;
}

/** Forgets the cached configuration; the local runner calls it after setting stand-in endpoints. */
export function resetConfig(): void {
  cached = undefined;
}
