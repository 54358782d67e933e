import { describe, expect, it } from 'vitest';
import type { Job } from '../jobs/catalogue';
import type { Schedule } from '../jobs/schedules';
import { startScheduler } from './scheduler';

describe('local scheduler', () => {
  it('fires a schedule and sends its job keyed by the scheduled time', async () => {
    // Six fields: croner's seconds form, so the test does not wait a minute.
    const everySecond: Schedule = {
      name: 'tick',
      description: 'every second, for the test',
      cron: '* * * * * *',
      timeZone: 'Europe/London',
      type: 'platform.purge-job-runs',
      payload: { olderThanDays: 3 },
    };
    const sent: Job[] = [];

    const scheduler = startScheduler(
      [everySecond],
      async (job) => void sent.push(job),
      () => {},
    );
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    scheduler.stop();

    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent[0]).toMatchObject({
      type: 'platform.purge-job-runs',
      tenantId: null,
      payload: { olderThanDays: 3 },
    });
    expect(sent[0]?.id).toMatch(/^tick:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(new Set(sent.map((job) => job.id)).size).toBe(sent.length);
  });
});
