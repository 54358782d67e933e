import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

describe('parseConfig', () => {
  it('fills defaults for a bare local environment', () => {
    const config = parseConfig({});

    expect(config).toMatchObject({
      STAGE: 'local',
      PORT: 3000,
      DATABASE_PREPARE: true,
      MIGRATE_CONCURRENCY: 8,
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reads the settings that switch stand-ins for real services', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://u:p@db.example.com:5432/rota',
      DATABASE_PREPARE: 'false',
      AWS_ENDPOINT_URL: 'http://localhost:4566',
    });

    expect(config.DATABASE_URL).toBe('postgres://u:p@db.example.com:5432/rota');
    expect(config.DATABASE_PREPARE).toBe(false);
    expect(config.AWS_ENDPOINT_URL).toBe('http://localhost:4566');
  });

  it('names every invalid variable at once', () => {
    expect(() => parseConfig({ PORT: 'eighty', DATABASE_URL: 'not a url', LOG_LEVEL: 'LOUD' })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
    expect(() => parseConfig({ LOG_LEVEL: 'LOUD' })).toThrow(/LOG_LEVEL/);
  });
});

describe('loadSecretsIntoEnvironment', () => {
  it('fills AUTH_SECRET and the Stripe keys from the secrets named by their ARNs', async () => {
    const { config, loadSecretsIntoEnvironment, resetConfig } = await import('./config');
    const saved = { ...process.env };
    Object.assign(process.env, {
      STAGE: 'prod',
      AUTH_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:auth',
      STRIPE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:stripe',
    });
    delete process.env.AUTH_SECRET;
    delete process.env.STRIPE_SECRET_KEY;
    resetConfig();
    const fetched: string[] = [];
    try {
      expect(config().AUTH_SECRET).toBe('');

      await loadSecretsIntoEnvironment(async (arn) => {
        fetched.push(arn);
        return arn.endsWith('auth')
          ? 'x'.repeat(48)
          : JSON.stringify({
              STRIPE_SECRET_KEY: 'sk_test_from_secret',
              STRIPE_WEBHOOK_SECRET: 'whsec_from_secret',
            });
      });

      expect(fetched).toHaveLength(2);
      expect(config()).toMatchObject({
        AUTH_SECRET: 'x'.repeat(48),
        STRIPE_SECRET_KEY: 'sk_test_from_secret',
        STRIPE_WEBHOOK_SECRET: 'whsec_from_secret',
      });
    } finally {
      process.env = saved;
      resetConfig();
    }
  });

  it('skips the Stripe placeholders a fresh stack deploys, so billing stays off instead of breaking', async () => {
    const { config, loadSecretsIntoEnvironment, resetConfig } = await import('./config');
    const saved = { ...process.env };
    process.env.STRIPE_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:1:secret:stripe';
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    try {
      await loadSecretsIntoEnvironment(async () =>
        JSON.stringify({
          STRIPE_SECRET_KEY: 'set-me-with-put-secret-value',
          STRIPE_WEBHOOK_SECRET: 'set-me',
        }),
      );

      expect(config().STRIPE_SECRET_KEY).toBeUndefined();
      expect(config().STRIPE_WEBHOOK_SECRET).toBeUndefined();
    } finally {
      process.env = saved;
      resetConfig();
    }
  });

  it('refuses to verify cookies while the secret is not loaded', async () => {
    const { verifySignedToken } = await import('./auth/principal');
    expect(() => verifySignedToken('token.signature', '')).toThrow(/not loaded/);
  });
});
