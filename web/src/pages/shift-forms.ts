/** What the schedule's forms share. */

/** '' → null: an emptied optional text field clears it. */
export const orNull = (text: string) => text.trim() || null;

/** A YYYY-MM-DD in the address bar, or undefined for anything else. */
export function dateParam(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
}
