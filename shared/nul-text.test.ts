import { describe, expect, it } from 'vitest';
import { pathOfNul } from './nul-text';

describe('pathOfNul', () => {
  it('names the first string holding a NUL, however deep, as validation errors name fields', () => {
    expect(pathOfNul({ name: 'Ann', breaks: [{ startsAt: 'x' }, { note: 'a\u0000b' }] })).toBe(
      'breaks.1.note',
    );
    expect(pathOfNul({ locationIds: ['ok', '\u0000'] })).toBe('locationIds.1');
    expect(pathOfNul('\u0000')).toBe('');
  });

  it('finds nothing in clean input, numbers, nulls or the escape written out as text', () => {
    expect(pathOfNul({ name: 'Ann', rate: 1200, email: null, note: '\\u0000', ok: true })).toBeUndefined();
  });
});
