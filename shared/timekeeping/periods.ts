import type { Settings } from './settings';

/** A pay period: local dates, both inclusive (YYYY-MM-DD). */
export interface Period {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

function toDays(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** Adds whole days to a local date. */
export function addDays(date: string, days: number): string {
  return fromDays(toDays(date) + days);
}

/** Whole days from one local date to another (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return Math.round(toDays(to) - toDays(from));
}

/** The ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The pay period containing `date`: weekly and biweekly periods repeat from the anchor date;
 * semimonthly periods are the 1st–15th and the 16th–end of month; monthly periods are months.
 */
export function periodContaining(
  date: string,
  settings: Pick<Settings, 'payPeriod' | 'payPeriodAnchor'>,
): Period {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (settings.payPeriod) {
    case 'weekly':
    case 'biweekly': {
      const length = settings.payPeriod === 'weekly' ? 7 : 14;
      const offset = toDays(date) - toDays(settings.payPeriodAnchor);
      const start = toDays(settings.payPeriodAnchor) + Math.floor(offset / length) * length;
      return { start: fromDays(start), end: fromDays(start + length - 1) };
    }
    case 'semimonthly':
      return day <= 15
        ? { start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-15` }
        : { start: `${year}-${pad(month)}-16`, end: `${year}-${pad(month)}-${lastDayOfMonth(year, month)}` };
    case 'monthly':
      return {
        start: `${year}-${pad(month)}-01`,
        end: `${year}-${pad(month)}-${lastDayOfMonth(year, month)}`,
      };
  }
}

/** Today's date in a time zone. */
export function localToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}
