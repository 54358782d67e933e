import { describe, expect, it } from 'vitest';
import { toEventBridgeCron } from '../../infra/schedules';

describe('toEventBridgeCron', () => {
  it('adds the year and puts ? in the unrestricted day field', () => {
    expect(toEventBridgeCron('0 6 1 * *')).toBe('cron(0 6 1 * ? *)');
    expect(toEventBridgeCron('41 * * * *')).toBe('cron(41 * * * ? *)');
  });

  it('shifts numeric weekdays: cron counts from 0 = Sunday, EventBridge from 1 = Sunday', () => {
    expect(toEventBridgeCron('0 9 * * 1')).toBe('cron(0 9 ? * 2 *)');
    expect(toEventBridgeCron('0 9 * * 1-5')).toBe('cron(0 9 ? * 2-6 *)');
    expect(toEventBridgeCron('0 9 * * 0,7')).toBe('cron(0 9 ? * 1,1 *)');
  });
});
