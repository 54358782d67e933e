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

/** The Monday on or before today in `zone`. */
export function mondayOfThisWeek(zone: string): string {
  const today = localDate(new Date().toISOString(), zone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(today, -((weekday + 6) % 7));
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
