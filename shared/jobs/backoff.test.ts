import { describe, expect, it } from 'vitest';
import { retryDelaySeconds } from './backoff';

describe('retryDelaySeconds', () => {
  it('doubles from the base and stops at 15 minutes', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, 10))).toEqual([10, 20, 40, 80, 160]);
    expect(retryDelaySeconds(12, 10)).toBe(900);
  });

  it('leaves retries to the visibility timeout when the base is 0', () => {
    expect(retryDelaySeconds(3, 0)).toBe(0);
  });
});
