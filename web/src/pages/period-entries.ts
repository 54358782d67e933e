import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useMe } from '../api/me';
import { type Location, useLocations } from '../api/queries';
import type { components } from '../api/schema';
import { addDays, localDate, localTime } from '../lib/zoned';

type TimeEntry = components['schemas']['TimeEntry'];

/** Hours either side of a UTC day that any IANA zone's local day can reach. */
const ZONE_MARGIN_MS = 14 * 60 * 60 * 1000;

/** Whose entries, in which pay period (both dates local and inclusive). */
export interface PeriodOf {
  employeeId: string;
  periodStart: string;
  periodEnd: string;
}

/** What an entry's list needs of its location: its name, and its zone for local days and times. */
export type EntryPlace = Pick<Location, 'id' | 'name' | 'timeZone'>;

/**
 * One employee's entries in a pay period, live and deleted. An entry belongs to the local day (its
 * location's zone) on which it starts, as payroll counts it: the API is asked for a UTC window
 * wide enough for every zone, and what falls outside the period's local days is left out.
 */
export function usePeriodEntries({ employeeId, periodStart, periodEnd }: PeriodOf) {
  const locations = useLocations();
  // The caller's own locations too: a manager's own entries can be at a location they do not
  // manage, which the locations list does not show them.
  const own = useMe().data?.employee?.locations ?? [];
  const locationOf = new Map<string, EntryPlace>([...own, ...(locations.data ?? [])].map((l) => [l.id, l]));
  const query = {
    employeeId,
    from: new Date(Date.parse(`${periodStart}T00:00:00Z`) - ZONE_MARGIN_MS).toISOString(),
    to: new Date(Date.parse(`${addDays(periodEnd, 1)}T00:00:00Z`) + ZONE_MARGIN_MS).toISOString(),
    limit: 500,
  };
  const inPeriod = (entry: TimeEntry) => {
    const location = locationOf.get(entry.locationId);
    const day = location ? localDate(entry.clockIn, location.timeZone) : entry.clockIn.slice(0, 10);
    return day >= periodStart && day <= periodEnd;
  };
  const entries = useQuery({
    queryKey: ['time-entries', employeeId, periodStart],
    queryFn: async () => (await unwrap(api.GET('/api/v1/time-entries', { params: { query } }))).data,
  });
  return { entries, inPeriod, locationOf, query };
}

/** An entry as a person reads it in its location's zone: its day and `09:00–17:30`. */
export function entryWhen(
  entry: { clockIn: string; clockOut: string | null },
  location: EntryPlace | undefined,
  open = 'now',
) {
  const zone = location?.timeZone ?? 'UTC';
  const end = entry.clockOut ? localTime(entry.clockOut, zone) : open;
  return { day: localDate(entry.clockIn, zone), hours: `${localTime(entry.clockIn, zone)}–${end}` };
}
