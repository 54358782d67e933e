// Pure payroll arithmetic (rounding, breaks, daily then weekly overtime, pay) with no I/O or project
// imports, so the API, jobs and benchmarks can all share it.

export type RoundingMode = 'nearest' | 'up' | 'down';
export interface PayrollRules {
  dailyThresholdMinutes: number | null; // null = no daily overtime
  weeklyThresholdMinutes: number | null; // null = no weekly overtime
  /** Overtime multiplier in hundredths: 150 = 1.5x. Integer, >= 100. */
  overtimeMultiplierPercent: number;
  rounding: { incrementMinutes: 0 | 5 | 10 | 15; mode: RoundingMode };
  breaksPaid: boolean;
  /** ISO weekday the week starts on: 1 = Monday … 7 = Sunday. */
  weekStartsOn: number;
}
export interface PayrollBreak {
  start: Date;
  end: Date;
}
export interface PayrollEntry {
  id: string;
  employeeId: string;
  locationId: string;
  /** The location's IANA time zone: it defines the entry's day and week. */
  timeZone: string;
  clockIn: Date;
  clockOut: Date;
  breaks: PayrollBreak[];
  /** Hourly rate in minor units in force at the entry's start (the caller resolves rate history). */
  hourlyRateMinor: number;
}
export interface PayrollLocationLine {
  locationId: string;
  regularMinutes: number;
  overtimeMinutes: number;
  breakMinutes: number;
  grossMinor: number;
}
export interface EmployeePayroll {
  employeeId: string;
  regularMinutes: number;
  overtimeMinutes: number;
  breakMinutes: number;
  grossMinor: number;
  locations: PayrollLocationLine[];
}
export interface PayrollResult {
  employees: EmployeePayroll[];
  totals: { regularMinutes: number; overtimeMinutes: number; breakMinutes: number; grossMinor: number };
}
export interface EntrySplit {
  entryId: string;
  employeeId: string;
  locationId: string;
  /** YYYY-MM-DD in the location's zone. */
  localDate: string;
  regularMinutes: number;
  overtimeMinutes: number;
  breakMinutes: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// minutes × rate / 60 × percent / 100 is always a whole number of these, so no entry is ever rounded.
const FINE_PER_MINOR = 6000n;
const MINUTES_PER_DAY = 1440;
const LOCAL_TIME_PARTS = {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
} as const;

type MinuteCounts = Pick<EntrySplit, 'regularMinutes' | 'overtimeMinutes' | 'breakMinutes'>;
type Prepared = { entry: PayrollEntry; split: EntrySplit; start: number; weekStart: number; worked: number };
type LocalDay = { date: string; dayNumber: number };
type ZoneOf = Pick<PayrollEntry, 'id' | 'timeZone'>;

/**
 * Rounds a punch as rule 1 says: seconds dropped, then snapped to the increment (0 = whole minute
 * only) on the wall clock of `timeZone`.
 */
export function roundClockTime(
  instant: Date,
  incrementMinutes: 0 | 5 | 10 | 15,
  mode: RoundingMode,
  timeZone = 'UTC',
): Date {
  const punch = { id: 'punch', timeZone };
  return new Date(roundPunch(punch, instant, { incrementMinutes, mode }, createZoneClock()) * MINUTE_MS);
}

/** Splits each entry into regular and overtime minutes, in input order so callers can zip the two. */
export function splitEntries(entries: readonly PayrollEntry[], rules: PayrollRules): EntrySplit[] {
  return splitAll(entries, rules).map((item) => item.split);
}

/**
 * Which local days the result covers. Entries outside still count toward the daily and weekly
 * thresholds (a pay period may start mid-week) but are neither reported nor paid.
 */
export interface ReportWindow {
  reportFrom?: string;
  reportTo?: string;
}

/** Minutes and gross pay per employee and location; RangeError naming the entry for impossible input. */
export function calculatePayroll(
  entries: readonly PayrollEntry[],
  rules: PayrollRules,
  window: ReportWindow = {},
): PayrollResult {
  const inWindow = ({ split }: Prepared) =>
    (!window.reportFrom || split.localDate >= window.reportFrom) &&
    (!window.reportTo || split.localDate <= window.reportTo);
  const byEmployee = groupBy(splitAll(entries, rules).filter(inWindow), (item) => item.entry.employeeId);
  const employees = [...byEmployee.keys()]
    .sort(byCodeUnits)
    .map((id) => buildEmployee(id, byEmployee.get(id)!, rules.overtimeMultiplierPercent));
  const grossMinor = employees.reduce((sum, employee) => sum + employee.grossMinor, 0);
  return { employees, totals: { ...sumMinutes(employees), grossMinor } };
}

function splitAll(entries: readonly PayrollEntry[], rules: PayrollRules): Prepared[] {
  const clock = createZoneClock();
  const prepared = entries.map((entry) => prepareEntry(entry, rules, clock));
  for (const items of groupBy(prepared, (item) => item.entry.employeeId).values()) {
    applyOvertime(items.sort(byClockIn), rules);
  }
  return prepared;
}

function prepareEntry(entry: PayrollEntry, rules: PayrollRules, clock: ZoneClock): Prepared {
  assertValidEntry(entry);
  const start = roundPunch(entry, entry.clockIn, rules.rounding, clock);
  // Rule 1: rounding that closes the interval leaves an entry worth nothing, never a negative one.
  const end = Math.max(start, roundPunch(entry, entry.clockOut, rules.rounding, clock));
  const breakMinutes = mergedBreakMinutes(entry.breaks, start, end);
  // Rule 2: paid breaks stay in worked time but are reported all the same.
  const worked = end - start - (rules.breaksPaid ? 0 : breakMinutes);
  // Rule 3: the whole entry belongs to the local day it starts on, even when it runs past midnight.
  const day = clock.localDayOf(entry, start);
  const weekStart = day.dayNumber - ((isoWeekday(day.dayNumber) - rules.weekStartsOn + 7) % 7);
  const { id: entryId, employeeId, locationId } = entry;
  // Regular and overtime minutes are filled in by applyOvertime once the employee's entries are ordered.
  const split = { entryId, employeeId, locationId, localDate: day.date, ...sumMinutes([]), breakMinutes };
  return { entry, split, start, weekStart, worked };
}

/**
 * A punch as an epoch minute, snapped to the marks of its location's wall clock: 09:00 and 09:10 in
 * Asia/Kathmandu (+05:45) too, where the UTC grid's marks fall at :05 and :15 local. The punch moves
 * as far as its local time does, at the offset in force at the punch itself, so a punch just before
 * a daylight-saving change lands on the mark a clock on the wall shows next, in real minutes.
 */
function roundPunch(
  zone: ZoneOf,
  instant: Date,
  { incrementMinutes, mode }: PayrollRules['rounding'],
  clock: ZoneClock,
): number {
  const minute = toEpochMinute(instant);
  if (incrementMinutes === 0) return minute;
  const offset = clock.offsetAt(zone, minute);
  return roundMinute(minute + offset, incrementMinutes, mode) - offset;
}

/** Snaps a minute count to multiples of the increment (5/10/15 divide 60: marks at the same minutes every hour). */
function roundMinute(minute: number, increment: number, mode: RoundingMode): number {
  if (increment === 0) return minute;
  const offset = ((minute % increment) + increment) % increment;
  if (offset === 0 || mode === 'down') return minute - offset;
  // Half-up for 'nearest': a tie (possible only with 10) goes to the later mark.
  const roundsUp = mode === 'up' || offset * 2 >= increment;
  return roundsUp ? minute - offset + increment : minute - offset;
}

/** Seconds are dropped before anything else (rule 1), so every later step works in whole minutes. */
function toEpochMinute(instant: Date): number {
  return Math.floor(instant.getTime() / MINUTE_MS);
}

/** Breaks are not rounded, only clipped to the rounded entry, then merged so no minute counts twice. */
function mergedBreakMinutes(breaks: readonly PayrollBreak[], from: number, to: number): number {
  const clipped = breaks
    .map((b) => [Math.max(from, toEpochMinute(b.start)), Math.min(to, toEpochMinute(b.end))] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let coveredUntil = from;
  for (const [start, end] of clipped) {
    total += Math.max(0, end - Math.max(start, coveredUntil));
    coveredUntil = Math.max(coveredUntil, end);
  }
  return total;
}

/**
 * Rules 4 and 5 over one employee's entries in clock-in order. The weekly running total only sees what
 * the daily step left regular, so a minute is overtime at most once and daily overtime never fills a week.
 */
function applyOvertime(items: readonly Prepared[], rules: PayrollRules): void {
  const dayWorked = new Map<string, number>();
  const weekRegular = new Map<number, number>();
  for (const { split, worked, weekStart } of items) {
    // Keyed by the date in each entry's own zone, so an employee's sites share calendar days.
    const dailyRegular = fitUnder(rules.dailyThresholdMinutes, dayWorked, split.localDate, worked);
    split.regularMinutes = fitUnder(rules.weeklyThresholdMinutes, weekRegular, weekStart, dailyRegular);
    split.overtimeMinutes = worked - split.regularMinutes;
  }
}

/** How many of `minutes` still fit under the bucket's threshold; the rest of the entry is overtime. */
function fitUnder<K>(threshold: number | null, used: Map<K, number>, key: K, minutes: number): number {
  if (threshold === null) return minutes;
  const before = used.get(key) ?? 0;
  used.set(key, before + minutes);
  return Math.min(minutes, Math.max(0, threshold - before));
}

function buildEmployee(employeeId: string, items: Prepared[], multiplier: number): EmployeePayroll {
  const byLocation = groupBy(items, (item) => item.entry.locationId);
  const locationIds = [...byLocation.keys()].sort(byCodeUnits);
  const exacts = locationIds.map((id) =>
    byLocation.get(id)!.reduce((sum, item) => sum + exactPay(item, multiplier), 0n),
  );
  // Rule 6: round half-up once per employee, then share the cents out so the lines add up exactly.
  const exactTotal = exacts.reduce((sum, exact) => sum + exact, 0n);
  const grossMinor = Number((exactTotal + FINE_PER_MINOR / 2n) / FINE_PER_MINOR);
  const shares = allocateLargestRemainder(grossMinor, exacts);
  const locations = locationIds.map((locationId, i) => ({
    locationId,
    ...sumMinutes(byLocation.get(locationId)!.map((item) => item.split)),
    grossMinor: shares[i]!,
  }));
  return { employeeId, ...sumMinutes(locations), grossMinor, locations };
}

/** Pay in minor units × 6000, kept exact in BigInt: rate × (regular × 100 + overtime × percent). */
function exactPay({ entry, split }: Prepared, multiplierPercent: number): bigint {
  const weighted = split.regularMinutes * 100 + split.overtimeMinutes * multiplierPercent;
  return BigInt(entry.hourlyRateMinor) * BigInt(weighted);
}

/** Floors each share, then gives the leftover cents to the largest remainders, ties to the lower locationId. */
function allocateLargestRemainder(total: number, exacts: readonly bigint[]): number[] {
  const shares = exacts.map((exact) => Number(exact / FINE_PER_MINOR));
  const leftover = total - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exacts
    .map((exact, index) => ({ index, remainder: exact % FINE_PER_MINOR }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder.slice(0, leftover)) shares[index]! += 1;
  return shares;
}

function sumMinutes(rows: readonly MinuteCounts[]): MinuteCounts {
  const sum = { regularMinutes: 0, overtimeMinutes: 0, breakMinutes: 0 };
  for (const row of rows) {
    sum.regularMinutes += row.regularMinutes;
    sum.overtimeMinutes += row.overtimeMinutes;
    sum.breakMinutes += row.breakMinutes;
  }
  return sum;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

/** Code-unit order, not locale order, so the output is the same on every server. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Equal rounded starts fall back to the raw punch, then the id, so input order never matters. */
function byClockIn(a: Prepared, b: Prepared): number {
  const rawDifference = a.entry.clockIn.getTime() - b.entry.clockIn.getTime();
  return a.start - b.start || rawDifference || byCodeUnits(a.entry.id, b.entry.id);
}

// Building a formatter costs far more than using one, so each zone gets one for the process's life.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offsets and local days of epoch minutes in entries' zones, remembered for one calculation. */
interface ZoneClock {
  /** Local time minus UTC, in minutes, at an epoch minute. */
  offsetAt(zone: ZoneOf, minute: number): number;
  /** The local day of an epoch minute. */
  localDayOf(zone: ZoneOf, minute: number): LocalDay;
}

/**
 * Asking the formatter is the slow part, so the clock asks it twice per zone and UTC day (the
 * offset at the day's first and last minute) and reads every other minute of that day from the
 * offset. On the one day a year the offset changes, the minute itself is asked. A month of 11,000
 * entries in 3 zones needs ~200 formatter calls.
 */
function createZoneClock(): ZoneClock {
  const offsetsByZone = new Map<string, Map<number, number | null>>();
  const dates = new Map<number, string>();
  const offsetAt = (zone: ZoneOf, minute: number): number => {
    let offsets = offsetsByZone.get(zone.timeZone);
    if (!offsets) {
      offsets = new Map();
      offsetsByZone.set(zone.timeZone, offsets);
    }
    const utcDay = Math.floor(minute / MINUTES_PER_DAY);
    let offset = offsets.get(utcDay);
    if (offset === undefined) {
      offset = steadyOffset(formatterFor(zone), utcDay);
      offsets.set(utcDay, offset);
    }
    return offset ?? askOffset(formatterFor(zone), minute);
  };
  const localDayOf = (zone: ZoneOf, minute: number): LocalDay => {
    const dayNumber = Math.floor((minute + offsetAt(zone, minute)) / MINUTES_PER_DAY);
    let date = dates.get(dayNumber);
    if (date === undefined) {
      date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
      dates.set(dayNumber, date);
    }
    return { date, dayNumber };
  };
  return { offsetAt, localDayOf };
}

function formatterFor(zone: ZoneOf): Intl.DateTimeFormat {
  const { timeZone } = zone;
  // A missing zone would silently mean the server's zone, so it is refused like a bad name.
  if (!timeZone) invalid(zone, 'missing time zone');
  if (!formatters.has(timeZone)) {
    try {
      formatters.set(timeZone, new Intl.DateTimeFormat('en-US', { ...LOCAL_TIME_PARTS, timeZone }));
    } catch {
      invalid(zone, `invalid time zone "${timeZone}"`);
    }
  }
  return formatters.get(timeZone)!;
}

/** The zone's offset in minutes all through a UTC day, or null when it changes that day. */
function steadyOffset(formatter: Intl.DateTimeFormat, utcDay: number): number | null {
  const first = askOffset(formatter, utcDay * MINUTES_PER_DAY);
  return askOffset(formatter, (utcDay + 1) * MINUTES_PER_DAY - 1) === first ? first : null;
}

/** Local time minus UTC, in minutes, at an epoch minute, from the formatter. */
function askOffset(formatter: Intl.DateTimeFormat, minute: number): number {
  const parts: Record<string, string> = {};
  for (const { type, value } of formatter.formatToParts(minute * MINUTE_MS)) parts[type] = value;
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return local / MINUTE_MS - minute;
}

/** Day 0 (1970-01-01) was a Thursday, ISO weekday 4. */
function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

function assertValidEntry(entry: PayrollEntry): void {
  const rate = entry.hourlyRateMinor;
  if (!isOrderedSpan(entry.clockIn, entry.clockOut)) invalid(entry, 'clockOut before clockIn or invalid');
  if (!Number.isSafeInteger(rate) || rate < 0) invalid(entry, `rate ${rate} is not a non-negative integer`);
  if (!entry.breaks.every((b) => isOrderedSpan(b.start, b.end))) invalid(entry, 'break end before start');
}

/** Also false for an invalid Date, since every comparison with NaN is false. */
function isOrderedSpan(start: Date, end: Date): boolean {
  return end.getTime() >= start.getTime();
}

function invalid(entry: ZoneOf, reason: string): never {
  throw new RangeError(`Payroll entry ${entry.id}: ${reason}`);
}
