/** What the schedule's forms share: local wall-clock input turned into the API's instants. */
import { zonedToIso } from '../lib/zoned';

/**
 * The instant at local `date` and `time` in `zone`, or '' while either is incomplete, which the
 * API schema then refuses like any other bad instant.
 */
export function instantAt(date: string, time: string, zone: string): string {
  try {
    return zonedToIso(date, time, zone);
  } catch {
    return '';
  }
}

/** '' → null: an emptied optional text field clears it. */
export const orNull = (text: string) => text.trim() || null;

/** A YYYY-MM-DD in the address bar, or undefined for anything else. */
export function dateParam(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
}
