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
