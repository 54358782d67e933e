/**
 * Dates and times in a location's IANA time zone, which defines its days and weeks. The API
 * speaks in instants (ISO 8601 with an offset); people pick a local date and time.
 */

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string) {
  let format = partsFormat.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(zone, format);
  }
  return format;
}

/** The wall-clock fields of `instant` in `zone`. */
function wallClock(instant: Date, zone: string) {
  const parts = Object.fromEntries(
    formatterFor(zone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    asUtcMs: Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    ),
  };
}

/** The instant at local `date` (YYYY-MM-DD) and `time` (HH:MM) in `zone`, as ISO 8601 UTC. */
export function zonedToIso(date: string, time: string, zone: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  // Guess with the offset at the wanted wall time, then correct once across a DST change.
  let instant = wanted - (wallClock(new Date(wanted), zone).asUtcMs - wanted);
  instant += wanted - wallClock(new Date(instant), zone).asUtcMs;
  return new Date(instant).toISOString();
}

/** Local date (YYYY-MM-DD) of `iso` in `zone`. */
export const localDate = (iso: string, zone: string) => wallClock(new Date(iso), zone).date;

/** Local time (HH:MM) of `iso` in `zone`. */
export const localTime = (iso: string, zone: string) => wallClock(new Date(iso), zone).time;

/** `date` (YYYY-MM-DD) plus `days`. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * The first day of the week holding `date` (YYYY-MM-DD), for a business whose weeks start on ISO
 * weekday `weekStartsOn` (1 = Monday … 7 = Sunday, from its settings).
 */
export function weekStartOf(date: string, weekStartsOn: number): string {
  const isoWeekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return addDays(date, -((isoWeekday - weekStartsOn + 7) % 7));
}

/** The first day of this week, today being today in `zone`. */
export function thisWeekStart(zone: string, weekStartsOn: number): string {
  return weekStartOf(localDate(new Date().toISOString(), zone), weekStartsOn);
}

/** "Mon 2 Nov" for a local date. */
export function dayLabel(date: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

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
