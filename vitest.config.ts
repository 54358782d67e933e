import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'shared/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make PostgreSQL and esbuild fight for them.
    maxWorkers: 2,
    // Request and job logs are JSON lines; set LOG_LEVEL=INFO to see them while debugging.
    // Failed jobs retry on the test queues' 1-second visibility timeout, without backoff.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'SILENT', JOB_RETRY_BASE_SECONDS: '0' },
  },
});
