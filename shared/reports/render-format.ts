/**
 * Number, money and date formatting for the monthly report (British English conventions).
 * The formatters are built once per process: constructing Intl objects is far slower than using them.
 */
import { minorToMajor } from '../money';

const hoursFormat = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** Per currency: its formatter. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Minutes as hours with one decimal: 74070 → "1,234.5 h". */
export function formatHours(minutes: number): string {
  return `${formatHoursNumber(minutes)} h`;
}

/** Minutes as hours with one decimal, without the unit: 74070 → "1,234.5". */
export function formatHoursNumber(minutes: number): string {
  return hoursFormat.format(minutes / 60);
}

/** Minutes as hours rounded to one decimal, as a number (for chart values). */
export function hoursValue(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}

/**
 * An amount in minor units of an ISO 4217 currency: (123456, 'EUR') → "€1,234.56". The number of
 * decimals is the currency's own (2 for EUR, 0 for JPY, 3 for KWD: shared/money.ts). Throws a
 * RangeError for a malformed code.
 */
export function formatMoney(minor: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(minorToMajor(minor, currency));
}

/** A whole count with thousands separators: 1234 → "1,234". */
export function formatCount(count: number): string {
  return countFormat.format(count);
}

/** 'YYYY-MM' → "October 2026". Throws a RangeError for anything else. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) throw new RangeError(`Report month must be 'YYYY-MM', got '${month}'`);
  return monthFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/** A timestamp in UTC: "3 November 2026, 06:05 UTC". */
export function formatTimestamp(date: Date): string {
  return `${dayFormat.format(date)}, ${timeFormat.format(date)} UTC`;
}

/** `part` as a whole percentage of `whole` ("95%"), or undefined when `whole` is not positive. */
export function formatShare(part: number, whole: number): string | undefined {
  if (!(whole > 0)) return undefined;
  return `${countFormat.format(Math.round((part / whole) * 100))}%`;
}
