import { minorToMajor } from '../../../shared/money';

/** 450 → "7h 30m". */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}

/**
 * Minor units in the business currency, with its own decimals (shared/money.ts):
 * 123456, "EUR" → "€1,234.56"; 1200, "JPY" → "¥1,200".
 */
export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
    minorToMajor(minor, currency),
  );
}
