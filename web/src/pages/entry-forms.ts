/**
 * What the timesheet's entry forms share (a missed entry, a correction): local times on the
 * entry's day in its location's zone, turned into the instants the API takes, and the server's
 * field errors, breaks' included, under their inputs.
 */
import type { FormErrors, UseFormReturnType } from '@mantine/form';
import { ProblemError } from '../api/client';
import { addDays, instantAt, localTime } from '../lib/zoned';

/** A break as a form holds it: local HH:MM times ('' while not typed or still running). */
export interface LocalBreak {
  startsAt: string;
  endsAt: string;
}

/** The API takes at most this many breaks on an entry (time-entry-input.ts). */
export const MAX_BREAKS = 20;

/** A clock-out at or before the clock-in time is on the next day. */
export function clockOutAt(day: string, clockIn: string, clockOut: string, zone: string): string {
  return instantAt(clockOut <= clockIn ? addDays(day, 1) : day, clockOut, zone);
}

/** A time within an entry clocked in at `clockIn` on `day`: one before the clock-in is past midnight. */
function withinEntry(day: string, clockIn: string, time: string, zone: string): string {
  return instantAt(time < clockIn ? addDays(day, 1) : day, time, zone);
}

/** The breaks as the API takes them. */
export function breaksBody(breaks: LocalBreak[], day: string, clockIn: string, zone: string) {
  return breaks.map((b) => ({
    startsAt: withinEntry(day, clockIn, b.startsAt, zone),
    endsAt: withinEntry(day, clockIn, b.endsAt, zone),
  }));
}

/** An entry's breaks in its location's local time, to edit. */
export function localBreaks(
  breaks: { startsAt: string; endsAt: string | null }[],
  zone: string,
): LocalBreak[] {
  return breaks.map((b) => ({
    startsAt: localTime(b.startsAt, zone),
    endsAt: b.endsAt ? localTime(b.endsAt, zone) : '',
  }));
}

/**
 * Plain words for times left empty, which the schema would only call a bad instant; `clockOut`
 * may be empty in a correction (the employee is still on the clock).
 */
export function blankTimes(
  values: { clockIn: string; clockOut: string; breaks: LocalBreak[] },
  clockOutRequired: boolean,
): FormErrors {
  const errors: FormErrors = {};
  if (!values.clockIn) errors.clockIn = 'Enter the clock-in time';
  if (clockOutRequired && !values.clockOut) errors.clockOut = 'Enter the clock-out time';
  values.breaks.forEach((b, i) => {
    if (!b.startsAt) errors[`breaks.${i}.startsAt`] = 'Enter when the break started';
    if (!b.endsAt) errors[`breaks.${i}.endsAt`] = 'Enter when the break ended';
  });
  return errors;
}

/** The server's fields whose input (or, for `breaks.0`, row) the form shows. */
export function shownEntryFields(values: object, error: unknown): string[] {
  if (!(error instanceof ProblemError)) return [];
  return error.fields.map((f) => f.field).filter((field) => (field.split('.')[0] ?? '') in values);
}

/**
 * Puts the server's field errors on the form, nested ones too (`breaks.1.endsAt`, `breaks.1`),
 * which the shared helper leaves to the alert.
 */
// biome-ignore lint/suspicious/noExplicitAny: any entry form's values.
export function showEntryErrors(form: UseFormReturnType<any>, error: unknown): void {
  if (!(error instanceof ProblemError)) return;
  const shown = new Set(shownEntryFields(form.values, error));
  for (const { field, message } of error.fields) if (shown.has(field)) form.setFieldError(field, message);
}
