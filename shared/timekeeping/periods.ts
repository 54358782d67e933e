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
 * semimonthly periods are the 1st–15th and the 16th–end of month (the anchor plays no part);
 * monthly periods start each month on the anchor's day of the month ({@link monthlyPeriod}).
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
      return monthlyPeriod(year, month, day, Number(settings.payPeriodAnchor.slice(8, 10)));
  }
}

/**
 * The monthly period containing a day, for periods that start on `startDay` of every month (the
 * 25th: 25 January–24 February), or on a shorter month's last day when it has no such day (the
 * 31st: 28 February–30 March, then 31 March–29 April).
 */
function monthlyPeriod(year: number, month: number, day: number, startDay: number): Period {
  // Date.UTC and lastDayOfMonth take month 0 as the December before and 13 as the January after.
  const startIn = (m: number) => Date.UTC(year, m - 1, Math.min(startDay, lastDayOfMonth(year, m))) / DAY_MS;
  const startMonth = startIn(month) <= Date.UTC(year, month - 1, day) / DAY_MS ? month : month - 1;
  return { start: fromDays(startIn(startMonth)), end: fromDays(startIn(startMonth + 1) - 1) };
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
