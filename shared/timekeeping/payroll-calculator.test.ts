import { describe, expect, it } from 'vitest';
import {
  calculatePayroll,
  type PayrollBreak,
  type PayrollEntry,
  type PayrollRules,
  type RoundingMode,
  roundClockTime,
  splitEntries,
} from './payroll-calculator';

const noOvertime: PayrollRules = {
  dailyThresholdMinutes: null,
  weeklyThresholdMinutes: null,
  overtimeMultiplierPercent: 150,
  rounding: { incrementMinutes: 0, mode: 'nearest' },
  breaksPaid: false,
  weekStartsOn: 1,
};

function rules(overrides: Partial<PayrollRules> = {}): PayrollRules {
  return { ...noOvertime, ...overrides };
}

let nextId = 0;
function entry(clockIn: string, clockOut: string, overrides: Partial<PayrollEntry> = {}): PayrollEntry {
  nextId += 1;
  return {
    id: `entry-${String(nextId).padStart(3, '0')}`,
    employeeId: 'emp-1',
    locationId: 'loc-1',
    timeZone: 'UTC',
    clockIn: new Date(clockIn),
    clockOut: new Date(clockOut),
    breaks: [],
    hourlyRateMinor: 1200,
    ...overrides,
  };
}

function pause(start: string, end: string): PayrollBreak {
  return { start: new Date(start), end: new Date(end) };
}

function onlyEmployee(entries: PayrollEntry[], payrollRules: PayrollRules) {
  const result = calculatePayroll(entries, payrollRules);
  expect(result.employees).toHaveLength(1);
  return result.employees[0]!;
}

describe('roundClockTime', () => {
  const cases: [string, 0 | 5 | 10 | 15, RoundingMode, string][] = [
    // seconds dropped, no grid: 09:07:45 → 09:07
    ['2026-03-02T09:07:45Z', 0, 'nearest', '2026-03-02T09:07:00Z'],
    // 09:07 is 2 past :05, under half of 5 → :05
    ['2026-03-02T09:07:45Z', 5, 'nearest', '2026-03-02T09:05:00Z'],
    // 09:08 is 3 past :05, at least half of 5 → :10
    ['2026-03-02T09:08:00Z', 5, 'nearest', '2026-03-02T09:10:00Z'],
    // 09:07 is 7 past :00, at least half of 10 → :10
    ['2026-03-02T09:07:00Z', 10, 'nearest', '2026-03-02T09:10:00Z'],
    // 09:05:59 truncates to 09:05, exactly half of 10: ties round up → :10
    ['2026-03-02T09:05:59Z', 10, 'nearest', '2026-03-02T09:10:00Z'],
    // 09:04:59 truncates to 09:04 (seconds never push it to the tie) → :00
    ['2026-03-02T09:04:59Z', 10, 'nearest', '2026-03-02T09:00:00Z'],
    // 7 past :00 is under half of 15 (7.5) → :00
    ['2026-03-02T09:07:59Z', 15, 'nearest', '2026-03-02T09:00:00Z'],
    // 8 past :00 is over 7.5 → :15
    ['2026-03-02T09:08:00Z', 15, 'nearest', '2026-03-02T09:15:00Z'],
    // 23:53 is 8 past :45 → 24:00, the next day
    ['2026-03-02T23:53:00Z', 15, 'nearest', '2026-03-03T00:00:00Z'],
    // up: any minute past a mark goes to the next mark
    ['2026-03-02T09:01:00Z', 5, 'up', '2026-03-02T09:05:00Z'],
    ['2026-03-02T09:01:00Z', 10, 'up', '2026-03-02T09:10:00Z'],
    ['2026-03-02T09:01:00Z', 15, 'up', '2026-03-02T09:15:00Z'],
    // up: 09:15:30 truncates to 09:15, already on the mark → stays
    ['2026-03-02T09:15:30Z', 15, 'up', '2026-03-02T09:15:00Z'],
    // down: back to the previous mark
    ['2026-03-02T09:04:00Z', 5, 'down', '2026-03-02T09:00:00Z'],
    ['2026-03-02T09:59:00Z', 10, 'down', '2026-03-02T09:50:00Z'],
    ['2026-03-02T09:14:59Z', 15, 'down', '2026-03-02T09:00:00Z'],
  ];

  it.each(cases)('rounds %s to %i minutes %s', (instant, increment, mode, expected) => {
    expect(roundClockTime(new Date(instant), increment, mode).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it('lands on local quarter hours in a half-hour zone', () => {
    // 03:37Z is 09:07 in Asia/Kolkata (+05:30); nearest 15 → 03:30Z = 09:00 local
    expect(roundClockTime(new Date('2026-03-02T03:37:00Z'), 15, 'nearest').toISOString()).toBe(
      '2026-03-02T03:30:00.000Z',
    );
  });

  it('lands on local marks in a zone 45 minutes off the hour', () => {
    // 03:19Z is 09:04 in Asia/Kathmandu (+05:45); nearest 10 → 09:00 local = 03:15Z (UTC marks: 03:20Z)
    expect(
      roundClockTime(new Date('2026-03-02T03:19:00Z'), 10, 'nearest', 'Asia/Kathmandu').toISOString(),
    ).toBe('2026-03-02T03:15:00.000Z');
  });
});

describe('calculatePayroll: rounding entries', () => {
  const punch = () => entry('2026-03-02T08:53:40Z', '2026-03-02T17:02:10Z');

  it.each([
    // nearest 15: 08:53 → 09:00, 17:02 → 17:00: 480 min; 480 × 1200 / 60 = 9600
    ['nearest', 480, 9600],
    // up 15: 08:53 → 09:00, 17:02 → 17:15: 495 min; 495 × 1200 / 60 = 9900
    ['up', 495, 9900],
    // down 15: 08:53 → 08:45, 17:02 → 17:00: 495 min; 495 × 1200 / 60 = 9900
    ['down', 495, 9900],
  ] as const)('applies %s to both punches', (mode, minutes, gross) => {
    const employee = onlyEmployee([punch()], rules({ rounding: { incrementMinutes: 15, mode } }));
    expect(employee).toMatchObject({ regularMinutes: minutes, overtimeMinutes: 0, grossMinor: gross });
  });

  it('rounds on the location’s wall clock in a zone 45 minutes off the hour', () => {
    // 09:04 to 17:06 in Asia/Kathmandu (+05:45); nearest 10: 09:00 to 17:10 local = 490 min
    // (on the UTC grid the marks would fall at :05 and :15 local: 09:05 to 17:05 = 480 min)
    const shift = entry('2026-03-02T03:19:00Z', '2026-03-02T11:21:00Z', { timeZone: 'Asia/Kathmandu' });
    const employee = onlyEmployee([shift], rules({ rounding: { incrementMinutes: 10, mode: 'nearest' } }));
    expect(employee).toMatchObject({ regularMinutes: 490 });
  });

  it('rounds each punch at its own offset on the night the clocks go forward', () => {
    // Europe/London, 29 March 2026: 00:53 GMT (00:53Z) rounds up to 01:00 GMT, the instant the
    // clocks show 02:00 BST (01:00Z); 03:07 BST (02:07Z) rounds down to 03:00 BST (02:00Z): 60 min.
    const night = entry('2026-03-29T00:53:00Z', '2026-03-29T02:07:00Z', { timeZone: 'Europe/London' });
    const [split] = splitEntries([night], rules({ rounding: { incrementMinutes: 15, mode: 'nearest' } }));
    expect(split).toMatchObject({ localDate: '2026-03-29', regularMinutes: 60 });
  });

  it('only drops seconds with increment 0', () => {
    // 08:53 → 17:02 = 8 h 9 min = 489 min; 489 × 1200 / 60 = 9780
    const employee = onlyEmployee([punch()], rules());
    expect(employee).toMatchObject({ regularMinutes: 489, grossMinor: 9780 });
  });

  it('clips breaks to the rounded interval without rounding them', () => {
    const shift = entry('2026-03-02T09:02:00Z', '2026-03-02T17:00:00Z', {
      breaks: [pause('2026-03-02T08:55:00Z', '2026-03-02T09:20:00Z')],
    });
    // down 15: 09:02 → 09:00; break clipped to 09:00–09:20 = 20; 480 − 20 = 460 worked
    const employee = onlyEmployee([shift], rules({ rounding: { incrementMinutes: 15, mode: 'down' } }));
    expect(employee).toMatchObject({ regularMinutes: 460, breakMinutes: 20 });
  });

  it('gives nothing to an entry that rounding closes, and still reports the employee', () => {
    const blip = entry('2026-03-02T09:01:00Z', '2026-03-02T09:06:00Z', {
      breaks: [pause('2026-03-02T09:02:00Z', '2026-03-02T09:04:00Z')],
    });
    // nearest 15: 09:01 → 09:00 and 09:06 → 09:00: 0 min, break clipped to nothing
    const employee = onlyEmployee([blip], rules({ rounding: { incrementMinutes: 15, mode: 'nearest' } }));
    expect(employee).toMatchObject({ regularMinutes: 0, overtimeMinutes: 0, breakMinutes: 0, grossMinor: 0 });
  });
});

describe('calculatePayroll: breaks', () => {
  const shift = () =>
    entry('2026-03-02T09:00:00Z', '2026-03-02T17:30:00Z', {
      breaks: [
        pause('2026-03-02T12:00:00Z', '2026-03-02T12:30:00Z'),
        pause('2026-03-02T12:15:00Z', '2026-03-02T12:45:00Z'),
      ],
    });

  it('deducts merged unpaid breaks', () => {
    // 510 min span; breaks 12:00–12:45 merged = 45; 510 − 45 = 465; 465 × 1200 / 60 = 9300
    const employee = onlyEmployee([shift()], rules());
    expect(employee).toMatchObject({ regularMinutes: 465, breakMinutes: 45, grossMinor: 9300 });
  });

  it('keeps paid breaks in worked time but still reports them', () => {
    // 510 min span, breaks paid; 510 × 1200 / 60 = 10200
    const employee = onlyEmployee([shift()], rules({ breaksPaid: true }));
    expect(employee).toMatchObject({ regularMinutes: 510, breakMinutes: 45, grossMinor: 10200 });
  });

  it('drops the seconds of breaks too', () => {
    const withSeconds = entry('2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', {
      breaks: [pause('2026-03-02T09:10:40Z', '2026-03-02T09:40:20Z')],
    });
    // 09:10–09:40 = 30; 60 − 30 = 30 worked
    expect(onlyEmployee([withSeconds], rules())).toMatchObject({ regularMinutes: 30, breakMinutes: 30 });
  });
});

describe('calculatePayroll: days and weeks', () => {
  it('counts an entry across midnight on the day it starts', () => {
    const entries = [
      entry('2026-01-05T08:00:00Z', '2026-01-05T10:00:00Z', { id: 'morning' }),
      entry('2026-01-05T22:00:00Z', '2026-01-06T06:00:00Z', { id: 'night' }),
      entry('2026-01-06T09:00:00Z', '2026-01-06T17:00:00Z', { id: 'next-day' }),
    ];
    const splits = splitEntries(entries, rules({ dailyThresholdMinutes: 480 }));
    expect(splits.map((s) => [s.entryId, s.localDate, s.regularMinutes, s.overtimeMinutes])).toEqual([
      ['morning', '2026-01-05', 120, 0],
      // Monday already has 120; 480 − 120 = 360 regular, 480 − 360 = 120 overtime
      ['night', '2026-01-05', 360, 120],
      // Tuesday starts fresh: 480 regular
      ['next-day', '2026-01-06', 480, 0],
    ]);
  });

  it('uses the local date of the location, not the UTC date', () => {
    // 23:30 EST on 5 January is 04:30Z on the 6th
    const late = entry('2026-01-06T04:30:00Z', '2026-01-06T06:00:00Z', { timeZone: 'America/New_York' });
    expect(splitEntries([late], rules())[0]?.localDate).toBe('2026-01-05');
  });

  it('gives every minute around a year’s offset changes the local day a clock on the wall shows', () => {
    // Zones with whole-hour, half-hour (Lord Howe), :30 and :45 offsets, changing on different days.
    const zones = [
      'Europe/London',
      'America/New_York',
      'Australia/Lord_Howe',
      'America/St_Johns',
      'Pacific/Chatham',
      'Asia/Kathmandu',
    ];
    for (const timeZone of zones) {
      const wallDate = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      // Every 15 minutes of 2026 near each zone's changes: late March/early April and September to November.
      const starts = [
        ...Array.from({ length: 25 * 96 }, (_, i) => Date.UTC(2026, 2, 20) + i * 900_000),
        ...Array.from({ length: 70 * 96 }, (_, i) => Date.UTC(2026, 8, 20) + i * 900_000),
      ].map((ms) => new Date(ms));
      const entries = starts.map((start) => entry(start.toISOString(), start.toISOString(), { timeZone }));
      const days = splitEntries(entries, rules()).map((split) => split.localDate);
      const wall = starts.map((start) => wallDate.format(start));
      expect({ timeZone, wrong: days.filter((day, i) => day !== wall[i]).length }).toEqual({
        timeZone,
        wrong: 0,
      });
    }
  });

  it('measures the spring-forward night in Europe/London in real minutes', () => {
    // 00:30 GMT (00:30Z) to 03:30 BST (02:30Z): 2 h, not 3
    const night = entry('2026-03-29T00:30:00Z', '2026-03-29T02:30:00Z', { timeZone: 'Europe/London' });
    const [split] = splitEntries([night], rules());
    expect(split).toMatchObject({ localDate: '2026-03-29', regularMinutes: 120 });
  });

  it('starts the London week on the local Monday after the clocks change', () => {
    const sunday = entry('2026-03-29T00:30:00Z', '2026-03-29T02:30:00Z', { timeZone: 'Europe/London' });
    // 00:30 BST on Monday 30 March is 23:30Z on Sunday
    const monday = entry('2026-03-29T23:30:00Z', '2026-03-30T01:30:00Z', { timeZone: 'Europe/London' });
    const splits = splitEntries([sunday, monday], rules({ weeklyThresholdMinutes: 120 }));
    // each week has 120 ≤ 120: no overtime (a UTC week would put 240 in one week: 120 overtime)
    expect(splits.map((s) => [s.localDate, s.regularMinutes, s.overtimeMinutes])).toEqual([
      ['2026-03-29', 120, 0],
      ['2026-03-30', 120, 0],
    ]);
  });

  it('measures the fall-back night in America/New_York and keeps its Sunday in the old week', () => {
    // 00:30 EDT (04:30Z) to 03:30 EST (08:30Z): 4 h, the 01:00 hour happens twice
    const night = entry('2026-11-01T04:30:00Z', '2026-11-01T08:30:00Z', { timeZone: 'America/New_York' });
    // 22:00–23:30 EST on Sunday is 03:00Z–04:30Z on Monday
    const evening = entry('2026-11-02T03:00:00Z', '2026-11-02T04:30:00Z', { timeZone: 'America/New_York' });
    const splits = splitEntries([night, evening], rules({ weeklyThresholdMinutes: 240 }));
    // same local week: 240 + 90 = 330, 330 − 240 = 90 overtime in the evening
    expect(splits.map((s) => [s.localDate, s.regularMinutes, s.overtimeMinutes])).toEqual([
      ['2026-11-01', 240, 0],
      ['2026-11-01', 0, 90],
    ]);
  });

  it('moves the week boundary with weekStartsOn', () => {
    // Sunday 1 March and Monday 2 March 2026, 480 min each
    const entries = [
      entry('2026-03-01T09:00:00Z', '2026-03-01T17:00:00Z'),
      entry('2026-03-02T09:00:00Z', '2026-03-02T17:00:00Z'),
    ];
    // Monday start: two weeks of 480 ≤ 600 → no overtime
    expect(onlyEmployee(entries, rules({ weeklyThresholdMinutes: 600 }))).toMatchObject({
      regularMinutes: 960,
      overtimeMinutes: 0,
    });
    // Sunday start: one week of 960; 960 − 600 = 360 overtime
    expect(onlyEmployee(entries, rules({ weeklyThresholdMinutes: 600, weekStartsOn: 7 }))).toMatchObject({
      regularMinutes: 600,
      overtimeMinutes: 360,
    });
  });

  it('shares one calendar day across an employee’s locations in different zones', () => {
    // London 09:00–13:00 GMT and New York 09:00–13:00 EST (14:00Z–18:00Z), both on 5 January
    const entries = [
      entry('2026-01-05T09:00:00Z', '2026-01-05T13:00:00Z', { timeZone: 'Europe/London', locationId: 'lon' }),
      entry('2026-01-05T14:00:00Z', '2026-01-05T18:00:00Z', {
        timeZone: 'America/New_York',
        locationId: 'nyc',
      }),
    ];
    const employee = onlyEmployee(entries, rules({ dailyThresholdMinutes: 420 }));
    // 240 + 240 = 480 on the day; 480 − 420 = 60 overtime, all in the later (New York) entry
    expect(employee.locations.map((l) => [l.locationId, l.regularMinutes, l.overtimeMinutes])).toEqual([
      ['lon', 240, 0],
      ['nyc', 180, 60],
    ]);
  });
});

describe('calculatePayroll: overtime', () => {
  const tenHourDays = (days: number[]) =>
    days.map((day) => entry(`2026-03-0${day}T08:00:00Z`, `2026-03-0${day}T18:00:00Z`, { id: `day-${day}` }));

  it('applies daily then weekly overtime without counting a minute twice', () => {
    // Monday 2 to Friday 6 March, 600 min each, plus Saturday 08:00–14:00 = 360
    const entries = [...tenHourDays([2, 3, 4, 5, 6]), entry('2026-03-07T08:00:00Z', '2026-03-07T14:00:00Z')];
    const employee = onlyEmployee(
      entries,
      rules({ dailyThresholdMinutes: 480, weeklyThresholdMinutes: 2400 }),
    );
    // daily: 5 × 120 = 600 overtime, 5 × 480 = 2400 regular, which fills the week exactly;
    // Saturday's 360 is under the daily threshold but beyond the weekly one: 600 + 360 = 960 overtime
    // (counting weekly on all 3360 worked minutes would give 600 + 960 = 1560)
    expect(employee).toMatchObject({ regularMinutes: 2400, overtimeMinutes: 960 });
    // 2400 × 1200 / 60 + 960 × 1200 × 150 / 6000 = 48000 + 28800 = 76800
    expect(employee.grossMinor).toBe(76800);
  });

  it('splits the entry that crosses the weekly threshold', () => {
    const splits = splitEntries(
      tenHourDays([2, 3, 4]),
      rules({ dailyThresholdMinutes: 480, weeklyThresholdMinutes: 1000 }),
    );
    // regular after daily: 480, 480, 480; week: 480, 960, then only 1000 − 960 = 40 more
    expect(splits.map((s) => [s.regularMinutes, s.overtimeMinutes])).toEqual([
      [480, 120],
      [480, 120],
      [40, 560],
    ]);
  });

  it('orders a day by clock-in, not by input order', () => {
    // ids sort the other way round, so only the clock can put 'z-early' first
    const early = entry('2026-03-02T06:00:00Z', '2026-03-02T10:00:00Z', { id: 'z-early' });
    const late = entry('2026-03-02T12:00:00Z', '2026-03-02T18:00:00Z', { id: 'a-late' });
    const splits = splitEntries([late, early], rules({ dailyThresholdMinutes: 480 }));
    // early 240 regular; late gets 480 − 240 = 240 regular and 360 − 240 = 120 overtime
    expect(splits.map((s) => [s.entryId, s.regularMinutes, s.overtimeMinutes])).toEqual([
      ['a-late', 240, 120],
      ['z-early', 240, 0],
    ]);
  });
});

describe('calculatePayroll: pay', () => {
  it('pays each entry at its own rate, overtime included', () => {
    const entries = [
      entry('2026-03-02T09:00:00Z', '2026-03-02T17:00:00Z', { hourlyRateMinor: 2000 }),
      entry('2026-03-03T09:00:00Z', '2026-03-03T17:00:00Z', { hourlyRateMinor: 2200 }),
    ];
    // 420 × 2000 / 60 + 60 × 2000 × 1.5 / 60 = 14000 + 3000 = 17000
    // 420 × 2200 / 60 + 60 × 2200 × 1.5 / 60 = 15400 + 3300 = 18700; 17000 + 18700 = 35700
    expect(onlyEmployee(entries, rules({ dailyThresholdMinutes: 420 })).grossMinor).toBe(35700);
  });

  it('rounds the employee total once, not each entry', () => {
    const entries = [2, 3, 4].map((day) =>
      entry(`2026-03-0${day}T09:00:00Z`, `2026-03-0${day}T09:20:00Z`, { hourlyRateMinor: 1000 }),
    );
    // each 20 × 1000 / 60 = 333.33…; 3 × 333.33… = 1000 (per-entry rounding would give 999)
    expect(onlyEmployee(entries, rules()).grossMinor).toBe(1000);
  });

  it('rounds a half minor unit up', () => {
    const entries = [2, 3, 4].map((day) =>
      entry(`2026-03-0${day}T09:00:00Z`, `2026-03-0${day}T09:10:00Z`, { hourlyRateMinor: 1 }),
    );
    // each 10 × 1 / 60 = 0.1666…; sum 0.5 → 1 (per-entry rounding would give 0)
    expect(onlyEmployee(entries, rules()).grossMinor).toBe(1);
  });

  it('allocates the rounded total to locations by largest remainder', () => {
    const entries = [
      entry('2026-03-02T09:00:00Z', '2026-03-02T09:13:00Z', { locationId: 'loc-c', hourlyRateMinor: 1000 }),
      entry('2026-03-02T10:00:00Z', '2026-03-02T10:11:00Z', { locationId: 'loc-b', hourlyRateMinor: 1000 }),
      entry('2026-03-02T11:00:00Z', '2026-03-02T11:07:00Z', { locationId: 'loc-a', hourlyRateMinor: 1000 }),
    ];
    const employee = onlyEmployee(entries, rules());
    // total 31 × 1000 / 60 = 516.67 → 517; a 116.67, b 183.33, c 216.67 floor to 515;
    // the 2 leftover go to the largest remainders, a and c (.67 each)
    expect(employee.grossMinor).toBe(517);
    expect(employee.locations.map((l) => [l.locationId, l.grossMinor])).toEqual([
      ['loc-a', 117],
      ['loc-b', 183],
      ['loc-c', 217],
    ]);
  });

  it('breaks equal remainders by locationId', () => {
    const entries = ['loc-3', 'loc-1', 'loc-2'].map((locationId, i) =>
      entry(`2026-03-0${i + 2}T09:00:00Z`, `2026-03-0${i + 2}T09:30:00Z`, {
        locationId,
        hourlyRateMinor: 1001,
      }),
    );
    // each 30 × 1001 / 60 = 500.5; total 1501.5 → 1502; floors 1500, leftover 2 → loc-1, loc-2
    expect(onlyEmployee(entries, rules()).locations.map((l) => l.grossMinor)).toEqual([501, 501, 500]);
  });

  it('sorts employees and sums the totals', () => {
    const entries = [
      entry('2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z', { employeeId: 'emp-b', hourlyRateMinor: 1500 }),
      entry('2026-03-02T09:00:00Z', '2026-03-02T11:00:00Z', {
        employeeId: 'emp-a',
        hourlyRateMinor: 1000,
        breaks: [pause('2026-03-02T10:00:00Z', '2026-03-02T10:15:00Z')],
      }),
    ];
    const result = calculatePayroll(entries, rules());
    expect(result.employees.map((e) => e.employeeId)).toEqual(['emp-a', 'emp-b']);
    // emp-a: 105 × 1000 / 60 = 1750; emp-b: 60 × 1500 / 60 = 1500; 1750 + 1500 = 3250
    expect(result.totals).toEqual({
      regularMinutes: 165,
      overtimeMinutes: 0,
      breakMinutes: 15,
      grossMinor: 3250,
    });
  });

  it('returns empty results for no entries', () => {
    expect(calculatePayroll([], rules())).toEqual({
      employees: [],
      totals: { regularMinutes: 0, overtimeMinutes: 0, breakMinutes: 0, grossMinor: 0 },
    });
  });
});

describe('calculatePayroll: invalid input', () => {
  const bad = (overrides: Partial<PayrollEntry>, clockOut = '2026-03-02T17:00:00Z') =>
    entry('2026-03-02T09:00:00Z', clockOut, { id: 'entry-bad', ...overrides });

  it.each([
    ['clockOut before clockIn', bad({}, '2026-03-02T08:59:59Z')],
    [
      'a break ending before it starts',
      bad({ breaks: [pause('2026-03-02T12:30:00Z', '2026-03-02T12:00:00Z')] }),
    ],
    ['a fractional rate', bad({ hourlyRateMinor: 12.5 })],
    ['a negative rate', bad({ hourlyRateMinor: -100 })],
    ['an unknown time zone', bad({ timeZone: 'Mars/Olympus_Mons' })],
    ['an empty time zone', bad({ timeZone: '' })],
    ['an invalid date', bad({ clockIn: new Date('not a date') })],
  ])('throws a RangeError naming the entry for %s', (_reason, badEntry) => {
    const good = entry('2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z');
    expect(() => calculatePayroll([good, badEntry], rules())).toThrow(RangeError);
    expect(() => splitEntries([good, badEntry], rules())).toThrow(/entry-bad/);
  });

  it('accepts an entry of zero length', () => {
    const instant = entry('2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z');
    expect(onlyEmployee([instant], rules())).toMatchObject({ regularMinutes: 0, grossMinor: 0 });
  });
});

describe('calculatePayroll: report window', () => {
  it('counts days before the window toward the weekly threshold but reports and pays only the window', () => {
    // Mon–Wed 2026-11-02..04 are before the window: 3 × 600 = 1800 regular minutes of the week.
    const before = ['02', '03', '04'].map((d) => entry(`2026-11-${d}T08:00:00Z`, `2026-11-${d}T18:00:00Z`));
    // Thu 2026-11-05 in the window: 600 minutes, of which 2400 − 1800 = 600 still regular…
    const thursday = entry('2026-11-05T08:00:00Z', '2026-11-05T18:00:00Z');
    // …and Fri 2026-11-06: all 600 minutes are weekly overtime.
    const friday = entry('2026-11-06T08:00:00Z', '2026-11-06T18:00:00Z');
    const weekly = rules({ weeklyThresholdMinutes: 2400 });

    const result = calculatePayroll([...before, thursday, friday], weekly, {
      reportFrom: '2026-11-05',
      reportTo: '2026-11-06',
    });

    expect(result.totals).toMatchObject({ regularMinutes: 600, overtimeMinutes: 600 });
    // 600 × 1200 / 60 + 600 × 1200 × 1.5 / 60 = 12000 + 18000.
    expect(result.totals.grossMinor).toBe(30_000);
  });
});
