import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinorAsDecimal, minorDigits, minorToMajor, parseMajorAsMinor } from './money';

describe('money in minor units', () => {
  it('knows each currency’s decimals, not always 2', () => {
    const currencies = ['EUR', 'GBP', 'USD', 'JPY', 'KRW', 'KWD', 'BHD', 'OMR'];

    const digits = currencies.map((currency) => [currency, minorDigits(currency)]);

    expect(digits).toEqual([
      ['EUR', 2],
      ['GBP', 2],
      ['USD', 2],
      ['JPY', 0],
      ['KRW', 0],
      ['KWD', 3],
      ['BHD', 3],
      ['OMR', 3],
    ]);
  });

  it('gives a well-formed code Intl does not know 2 decimals, and refuses a malformed one', () => {
    expect(minorDigits('XYZ')).toBe(2);
    expect(() => minorDigits('EU1')).toThrow(RangeError);
  });

  it('writes minor units as an exact decimal for spreadsheets, with the currency’s decimals', () => {
    expect(formatMinorAsDecimal(123_456, 'EUR')).toBe('1234.56');
    expect(formatMinorAsDecimal(5, 'EUR')).toBe('0.05');
    expect(formatMinorAsDecimal(1200, 'JPY')).toBe('1200');
    expect(formatMinorAsDecimal(12_345, 'KWD')).toBe('12.345');
    expect(formatMinorAsDecimal(7, 'BHD')).toBe('0.007');
    expect(formatMinorAsDecimal(-5, 'KWD')).toBe('-0.005');
    expect(formatMinorAsDecimal(-1200, 'JPY')).toBe('-1200');
  });

  it('converts minor units to major for display', () => {
    expect(minorToMajor(1250, 'EUR')).toBe(12.5);
    expect(minorToMajor(1200, 'JPY')).toBe(1200);
    expect(minorToMajor(12_345, 'KWD')).toBe(12.345);
  });

  it('reads a typed amount as minor units exactly, with at most the currency’s decimals', () => {
    expect(parseMajorAsMinor('12.50', 'EUR')).toBe(1250);
    expect(parseMajorAsMinor('12.5', 'EUR')).toBe(1250);
    expect(parseMajorAsMinor('12', 'EUR')).toBe(1200);
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(parseMajorAsMinor('0.29', 'EUR')).toBe(29);
    expect(parseMajorAsMinor('1200', 'JPY')).toBe(1200);
    expect(parseMajorAsMinor('12.345', 'KWD')).toBe(12_345);
    expect(parseMajorAsMinor('12.3', 'BHD')).toBe(12_300);
  });

  it('refuses an amount with more decimals than the currency has, or that is not a plain amount', () => {
    const accepted = [
      ['12.5', 'JPY'],
      ['12.', 'JPY'],
      ['12.345', 'EUR'],
      ['12.3456', 'KWD'],
      ['-1', 'EUR'],
      ['1e3', 'EUR'],
      ['1,5', 'EUR'],
      [' 12', 'EUR'],
      ['', 'EUR'],
    ].filter(([amount, currency]) => parseMajorAsMinor(amount!, currency!) !== undefined);

    expect(accepted).toEqual([]);
  });

  it('reads back what it writes, in every kind of currency', () => {
    fc.assert(
      fc.property(fc.nat(100_000_000), fc.constantFrom('EUR', 'JPY', 'KWD', 'BHD'), (minor, currency) => {
        expect(parseMajorAsMinor(formatMinorAsDecimal(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});
