import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calculatePayroll,
  type EntrySplit,
  type PayrollEntry,
  type PayrollResult,
  type PayrollRules,
  type RoundingMode,
  roundClockTime,
  splitEntries,
} from './payroll-calculator';

const RUNS = { numRuns: 200 };
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// Monday 19 October 2026 + 3 weeks: both London (25 Oct) and New York (1 Nov) fall back inside.
const WINDOW_START = Date.UTC(2026, 9, 19);
const WINDOW_MS = 21 * DAY_MS;
const LOCATIONS = [
  { locationId: 'lon', timeZone: 'Europe/London' },
  { locationId: 'nyc', timeZone: 'America/New_York' },
];

const breakArb = fc.record({
  // Where the break starts, in thousandths of the entry, and how long it lasts (clipped to the entry).
  at: fc.integer({ min: 0, max: 1000 }),
  lengthMs: fc.integer({ min: 0, max: 90 * MINUTE_MS }),
});

const rawEntryArb = fc.record({
  employeeId: fc.constantFrom('emp-a', 'emp-b', 'emp-c'),
  location: fc.constantFrom(...LOCATIONS),
  startMs: fc.integer({ min: 0, max: WINDOW_MS - 1 }),
  durationMs: fc.integer({ min: 0, max: 14 * HOUR_MS }),
  breaks: fc.array(breakArb, { maxLength: 3 }),
  hourlyRateMinor: fc.integer({ min: 0, max: 5000 }),
});

const entriesArb: fc.Arbitrary<PayrollEntry[]> = fc.array(rawEntryArb, { maxLength: 25 }).map((raws) =>
  raws.map((raw, index) => {
    const clockIn = WINDOW_START + raw.startMs;
    const clockOut = clockIn + raw.durationMs;
    const breaks = raw.breaks.map(({ at, lengthMs }) => {
      const start = clockIn + Math.floor((raw.durationMs * at) / 1000);
      return { start: new Date(start), end: new Date(Math.min(clockOut, start + lengthMs)) };
    });
    return {
      id: `entry-${String(index).padStart(2, '0')}`,
      employeeId: raw.employeeId,
      ...raw.location,
      clockIn: new Date(clockIn),
      clockOut: new Date(clockOut),
      breaks,
      hourlyRateMinor: raw.hourlyRateMinor,
    };
  }),
);

const incrementArb = fc.constantFrom<0 | 5 | 10 | 15>(0, 5, 10, 15);
const modeArb = fc.constantFrom<RoundingMode>('nearest', 'up', 'down');

const rulesArb: fc.Arbitrary<PayrollRules> = fc.record({
  dailyThresholdMinutes: fc.option(fc.integer({ min: 0, max: 720 }), { nil: null }),
  weeklyThresholdMinutes: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
  overtimeMultiplierPercent: fc.integer({ min: 100, max: 300 }),
  rounding: fc.record({ incrementMinutes: incrementArb, mode: modeArb }),
  breaksPaid: fc.boolean(),
  weekStartsOn: fc.integer({ min: 1, max: 7 }),
});

/** Rounding written differently from the calculator (floor/ceil of a quotient) to cross-check it. */
function referenceRound(epochMinute: number, increment: number, mode: RoundingMode): number {
  if (increment === 0) return epochMinute;
  if (mode === 'up') return Math.ceil(epochMinute / increment) * increment;
  if (mode === 'down') return Math.floor(epochMinute / increment) * increment;
  return Math.floor((epochMinute + increment / 2) / increment) * increment;
}

/** Worked and break minutes by marking every minute of the entry: slow, but obviously right. */
function referenceMinutes(entry: PayrollEntry, rules: PayrollRules): { worked: number; breaks: number } {
  const { incrementMinutes, mode } = rules.rounding;
  const minuteOf = (instant: Date) => Math.floor(instant.getTime() / MINUTE_MS);
  const start = referenceRound(minuteOf(entry.clockIn), incrementMinutes, mode);
  const end = referenceRound(minuteOf(entry.clockOut), incrementMinutes, mode);
  const onBreak = new Set<number>();
  for (const pause of entry.breaks) {
    const to = Math.min(end, minuteOf(pause.end));
    for (let minute = Math.max(start, minuteOf(pause.start)); minute < to; minute++) onBreak.add(minute);
  }
  const span = Math.max(0, end - start);
  return { breaks: onBreak.size, worked: rules.breaksPaid ? span : span - onBreak.size };
}

function referenceLocalDate(entry: PayrollEntry, rules: PayrollRules): string {
  const { incrementMinutes, mode } = rules.rounding;
  const start = referenceRound(Math.floor(entry.clockIn.getTime() / MINUTE_MS), incrementMinutes, mode);
  // sv-SE writes dates as YYYY-MM-DD; a different route to the date than the calculator's.
  return new Date(start * MINUTE_MS).toLocaleDateString('sv-SE', { timeZone: entry.timeZone });
}

function weekKey(localDate: string, weekStartsOn: number): string {
  const day = new Date(`${localDate}T00:00:00Z`);
  const isoWeekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
  const back = (isoWeekday - weekStartsOn + 7) % 7;
  return new Date(day.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

function sumBy<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((sum, item) => sum + value(item), 0);
}

function addTo(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

const minuteFields = ['regularMinutes', 'overtimeMinutes', 'breakMinutes', 'grossMinor'] as const;

function expectSumsToAddUp(result: PayrollResult): void {
  for (const field of minuteFields) {
    expect(result.totals[field]).toBe(sumBy(result.employees, (employee) => employee[field]));
    for (const employee of result.employees) {
      expect(employee[field]).toBe(sumBy(employee.locations, (line) => line[field]));
    }
  }
}

function bySplitId(a: EntrySplit, b: EntrySplit): number {
  return a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0;
}

describe('calculatePayroll properties', () => {
  it('(a) totals are the sum of employees, and employees the sum of their locations', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const result = calculatePayroll(entries, rules);
        expectSumsToAddUp(result);
        const ids = result.employees.map((employee) => employee.employeeId);
        expect(ids).toEqual([...ids].sort());
        for (const { locations } of result.employees) {
          const locationIds = locations.map((line) => line.locationId);
          expect(locationIds).toEqual([...locationIds].sort());
        }
      }),
      RUNS,
    );
  });

  it('(b) never goes negative and splits exactly the independently computed minutes', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const splits = splitEntries(entries, rules);
        const references = entries.map((entry) => referenceMinutes(entry, rules));
        splits.forEach((split, i) => {
          expect(split.entryId).toBe(entries[i]!.id);
          expect(split.localDate).toBe(referenceLocalDate(entries[i]!, rules));
          expect(
            Math.min(split.regularMinutes, split.overtimeMinutes, split.breakMinutes),
          ).toBeGreaterThanOrEqual(0);
          expect(split.regularMinutes + split.overtimeMinutes).toBe(references[i]!.worked);
          expect(split.breakMinutes).toBe(references[i]!.breaks);
        });
        const result = calculatePayroll(entries, rules);
        const lines = result.employees.flatMap((employee) => [employee, ...employee.locations]);
        for (const line of [result.totals, ...lines]) {
          for (const field of minuteFields) expect(line[field]).toBeGreaterThanOrEqual(0);
        }
        const worked = sumBy(references, (reference) => reference.worked);
        expect(result.totals.regularMinutes + result.totals.overtimeMinutes).toBe(worked);
        expect(result.totals.breakMinutes).toBe(sumBy(references, (reference) => reference.breaks));
      }),
      RUNS,
    );
  });

  it('(c) does not depend on the order of the entries', () => {
    const shuffledArb = entriesArb.chain((entries) =>
      fc.tuple(
        fc.constant(entries),
        fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }),
      ),
    );
    fc.assert(
      fc.property(shuffledArb, rulesArb, ([entries, shuffled], rules) => {
        expect(calculatePayroll(shuffled, rules)).toEqual(calculatePayroll(entries, rules));
        const splits = splitEntries(entries, rules);
        expect(splitEntries(shuffled, rules).sort(bySplitId)).toEqual(splits.sort(bySplitId));
      }),
      RUNS,
    );
  });

  it('(d) without thresholds pays every minute at its rate, rounded half-up once per employee', () => {
    const noThresholdsArb = rulesArb.map((rules) => ({
      ...rules,
      dailyThresholdMinutes: null,
      weeklyThresholdMinutes: null,
    }));
    fc.assert(
      fc.property(entriesArb, noThresholdsArb, (entries, rules) => {
        const result = calculatePayroll(entries, rules);
        expect(result.totals.overtimeMinutes).toBe(0);
        for (const employee of result.employees) {
          const own = entries.filter((entry) => entry.employeeId === employee.employeeId);
          const minutesTimesRate = sumBy(own, (e) => referenceMinutes(e, rules).worked * e.hourlyRateMinor);
          // half-up of x / 60 in integers: floor((x + 30) / 60)
          expect(employee.grossMinor).toBe(Math.floor((minutesTimesRate + 30) / 60));
        }
      }),
      RUNS,
    );
  });

  it('(e) keeps regular minutes within the thresholds, and pays overtime only beyond them', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const daily = rules.dailyThresholdMinutes ?? Number.POSITIVE_INFINITY;
        const weekly = rules.weeklyThresholdMinutes ?? Number.POSITIVE_INFINITY;
        const dayRegular = new Map<string, number>();
        const dayWorked = new Map<string, number>();
        const weekRegular = new Map<string, number>();
        const dayWeek = new Map<string, string>();
        for (const split of splitEntries(entries, rules)) {
          const day = `${split.employeeId} ${split.localDate}`;
          const week = `${split.employeeId} ${weekKey(split.localDate, rules.weekStartsOn)}`;
          addTo(dayRegular, day, split.regularMinutes);
          addTo(dayWorked, day, split.regularMinutes + split.overtimeMinutes);
          addTo(weekRegular, week, split.regularMinutes);
          dayWeek.set(day, week);
        }
        for (const regular of dayRegular.values()) expect(regular).toBeLessThanOrEqual(daily);
        for (const regular of weekRegular.values()) expect(regular).toBeLessThanOrEqual(weekly);
        // Exactly: a week keeps min(weekly, sum over its days of min(daily, worked that day)) regular.
        const allowed = new Map<string, number>();
        for (const [day, worked] of dayWorked) addTo(allowed, dayWeek.get(day)!, Math.min(daily, worked));
        for (const [week, regular] of weekRegular) expect(regular).toBe(Math.min(weekly, allowed.get(week)!));
      }),
      RUNS,
    );
  });

  it("(e) gives a day's overtime to its latest clock-ins", () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const splits = splitEntries(entries, rules);
        const { incrementMinutes, mode } = rules.rounding;
        const startOf = (i: number) =>
          referenceRound(Math.floor(entries[i]!.clockIn.getTime() / MINUTE_MS), incrementMinutes, mode);
        // clock-in order; equal rounded starts by raw punch, then id
        const order = splits
          .map((_, i) => i)
          .sort(
            (i, j) =>
              startOf(i) - startOf(j) ||
              entries[i]!.clockIn.getTime() - entries[j]!.clockIn.getTime() ||
              bySplitId(splits[i]!, splits[j]!),
          );
        const dayHasOvertime = new Set<string>();
        for (const i of order) {
          const split = splits[i]!;
          const day = `${split.employeeId} ${split.localDate}`;
          if (dayHasOvertime.has(day)) expect(split.regularMinutes).toBe(0);
          if (split.overtimeMinutes > 0) dayHasOvertime.add(day);
        }
      }),
      RUNS,
    );
  });

  it('(f) rounds each employee once from the exact sum of its entries', () => {
    fc.assert(
      fc.property(entriesArb, rulesArb, (entries, rules) => {
        const splits = splitEntries(entries, rules);
        const exact = new Map<string, number>();
        splits.forEach((split, i) => {
          const weighted =
            split.regularMinutes * 100 + split.overtimeMinutes * rules.overtimeMultiplierPercent;
          addTo(exact, split.employeeId, weighted * entries[i]!.hourlyRateMinor);
        });
        for (const employee of calculatePayroll(entries, rules).employees) {
          // exact amounts are in minor units × 6000; half-up: floor((x + 3000) / 6000)
          expect(employee.grossMinor).toBe(Math.floor((exact.get(employee.employeeId)! + 3000) / 6000));
        }
      }),
      RUNS,
    );
  });
});

describe('roundClockTime properties', () => {
  it('matches a floor/ceil reference on whole minutes', () => {
    const instantArb = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instantArb, incrementArb, modeArb, (instant, increment, mode) => {
        const expected = referenceRound(Math.floor(instant.getTime() / MINUTE_MS), increment, mode);
        expect(roundClockTime(instant, increment, mode).getTime()).toBe(expected * MINUTE_MS);
      }),
      RUNS,
    );
  });
});
