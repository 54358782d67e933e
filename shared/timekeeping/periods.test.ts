import { describe, expect, it } from 'vitest';
import { addDays, periodContaining } from './periods';

const monthlyFrom = (payPeriodAnchor: string) => ({ payPeriod: 'monthly' as const, payPeriodAnchor });

describe('periodContaining', () => {
  it('starts monthly periods on the anchor’s day of every month', () => {
    const from25th = monthlyFrom('2026-01-25');

    expect(periodContaining('2026-03-25', from25th)).toEqual({ start: '2026-03-25', end: '2026-04-24' });
    expect(periodContaining('2026-03-24', from25th)).toEqual({ start: '2026-02-25', end: '2026-03-24' });
    expect(periodContaining('2026-01-03', from25th)).toEqual({ start: '2025-12-25', end: '2026-01-24' });
    expect(periodContaining('2026-12-31', from25th)).toEqual({ start: '2026-12-25', end: '2027-01-24' });
  });

  it('keeps calendar months for an anchor on the 1st', () => {
    expect(periodContaining('2028-02-29', monthlyFrom('2026-01-01'))).toEqual({
      start: '2028-02-01',
      end: '2028-02-29',
    });
  });

  it('starts on a shorter month’s last day when it has no anchor day', () => {
    const from31st = monthlyFrom('2026-01-31');

    expect(periodContaining('2026-02-28', from31st)).toEqual({ start: '2026-02-28', end: '2026-03-30' });
    expect(periodContaining('2026-03-31', from31st)).toEqual({ start: '2026-03-31', end: '2026-04-29' });
    expect(periodContaining('2028-02-28', from31st)).toEqual({ start: '2028-01-31', end: '2028-02-28' });
    expect(periodContaining('2028-03-01', monthlyFrom('2026-01-30'))).toEqual({
      start: '2028-02-29',
      end: '2028-03-29',
    });
  });

  it('leaves no day out and counts none twice, monthly from any day, through a leap year', () => {
    for (let anchorDay = 1; anchorDay <= 31; anchorDay++) {
      const settings = monthlyFrom(`2026-01-${String(anchorDay).padStart(2, '0')}`);
      let period = periodContaining('2027-11-20', settings);
      for (let months = 0; months < 18; months++) {
        const next = periodContaining(addDays(period.end, 1), settings);
        expect({ anchorDay, nextStart: next.start }).toEqual({
          anchorDay,
          nextStart: addDays(period.end, 1),
        });
        expect(periodContaining(period.end, settings)).toEqual(period);
        expect(periodContaining(period.start, settings)).toEqual(period);
        period = next;
      }
    }
  });

  it('keeps semimonthly periods on the 1st–15th and the 16th–end whatever the anchor', () => {
    const settings = { payPeriod: 'semimonthly' as const, payPeriodAnchor: '2026-01-05' };

    expect(periodContaining('2026-02-03', settings)).toEqual({ start: '2026-02-01', end: '2026-02-15' });
    expect(periodContaining('2026-02-16', settings)).toEqual({ start: '2026-02-16', end: '2026-02-28' });
  });
});
