import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReportData, renderMonthlyReport } from './render';
import { formatHours, formatMoney, formatMonth } from './render-format';

const FIRST_NAMES = [
  'Amelia',
  'Oliver',
  'Sofía',
  'Mateo',
  'Chloé',
  'Jürgen',
  'Siobhán',
  'Björn',
  'Priya',
  'Анна',
];
const LAST_NAMES = ['Smith', 'Brown', 'García', 'Rossi', 'Müller', 'O’Brien', 'Παπαδόπουλος', 'Nowak'];
const LOCATIONS = ['Shoreditch High Street', 'Camden Market Kiosk', 'King’s Cross Concourse'];

/** A plausible month: `employeeCount` employees spread over three locations, totals summed from them. */
function sampleReport(employeeCount: number): ReportData {
  const employees = Array.from({ length: employeeCount }, (_, index) => {
    const workedMinutes = 4_800 + ((index * 977) % 5_400);
    const overtimeMinutes = index % 4 === 0 ? (index * 37) % 600 : 0;
    const name =
      index === 0
        ? 'Zoë Ångström'
        : index === 1
          ? 'Łukasz Wiśniewski'
          : `${FIRST_NAMES[index % FIRST_NAMES.length]} ${LAST_NAMES[(index * 3) % LAST_NAMES.length]} ${index}`;
    return {
      name,
      workedMinutes,
      overtimeMinutes,
      laborCostMinor: Math.round(workedMinutes * 21.5 + overtimeMinutes * 11),
      lateClockIns: index % 5 === 0 ? (index % 3) + 1 : 0,
    };
  });
  const locations = LOCATIONS.map((name, locationIndex) => {
    const staff = employees.filter((_, index) => index % LOCATIONS.length === locationIndex);
    const sum = (key: 'workedMinutes' | 'overtimeMinutes' | 'laborCostMinor' | 'lateClockIns') =>
      staff.reduce((total, employee) => total + employee[key], 0);
    return {
      name,
      scheduledMinutes: sum('workedMinutes') + 600 * (locationIndex + 1),
      workedMinutes: sum('workedMinutes'),
      overtimeMinutes: sum('overtimeMinutes'),
      laborCostMinor: sum('laborCostMinor'),
      lateClockIns: sum('lateClockIns'),
    };
  });
  const total = (
    key: 'scheduledMinutes' | 'workedMinutes' | 'overtimeMinutes' | 'laborCostMinor' | 'lateClockIns',
  ) => locations.reduce((sum, location) => sum + location[key], 0);
  return {
    tenantName: 'Bean & Leaf Cafés',
    month: '2026-10',
    currency: 'EUR',
    generatedAt: new Date('2026-11-01T06:05:00Z'),
    totals: {
      scheduledMinutes: total('scheduledMinutes'),
      workedMinutes: total('workedMinutes'),
      overtimeMinutes: total('overtimeMinutes'),
      laborCostMinor: total('laborCostMinor'),
      lateClockIns: total('lateClockIns'),
    },
    locations,
    employees,
  };
}

const workDir = mkdtempSync(join(tmpdir(), 'rota-report-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let fileCount = 0;
/** Writes `pdf` to a temporary file and returns its text as laid out on the page, by poppler's pdftotext. */
function pdfText(pdf: Buffer): { text: string; pages: number } {
  const file = join(workDir, `report-${++fileCount}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  return { text, pages };
}

describe('renderMonthlyReport', () => {
  it('renders the summary, locations and employees of a month as a PDF', async () => {
    const data = sampleReport(30);
    const pdf = await renderMonthlyReport(data);

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = pdfText(pdf);
    expect(text).toContain('Bean & Leaf Cafés');
    expect(text).toContain('Monthly report — October 2026');
    expect(text).toContain(formatHours(data.totals.workedMinutes));
    expect(text).toContain(
      `scheduled ${formatHours(data.totals.scheduledMinutes)}, worked ${formatHours(data.totals.workedMinutes)}`,
    );
    expect(text).toContain(formatMoney(data.totals.laborCostMinor, 'EUR'));
    expect(text).toContain('Shoreditch High Street');
    expect(text).toContain('Zoë Ångström');
    expect(text).toContain('Łukasz Wiśniewski');
    expect(text).toContain('Анна');
    expect(text).toContain('Παπαδόπουλος');
    expect(text).toContain('page 1 of');
    expect(text).toContain(`Bean & Leaf Cafés · October 2026 · page ${pages} of ${pages}`);
  });

  it('lists employees by name, their regular hours being worked minus overtime', async () => {
    const data = sampleReport(30);
    const { text } = pdfText(await renderMonthlyReport(data));

    const names = data.employees.map((employee) => employee.name);
    const sorted = [...names].sort(new Intl.Collator('en-GB', { numeric: true }).compare);
    const positions = sorted.map((name) => text.indexOf(`${name}  `));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const zoe = data.employees[0]!;
    const zoeLine = text.split('\n').find((line) => line.includes('Zoë Ångström'));
    expect(zoeLine).toContain(formatHours(zoe.workedMinutes - zoe.overtimeMinutes));
    expect(zoeLine).toContain(formatMoney(zoe.laborCostMinor, 'EUR'));
  });

  it('continues the employee table on further pages, numbering every page', async () => {
    const { text, pages } = pdfText(await renderMonthlyReport(sampleReport(60)));

    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`page ${page} of ${pages}`);
    expect(text).toContain('Employees (continued)');
    // The header row is repeated on the continuation pages.
    expect(text.match(/Employee\s+Regular\s+Overtime\s+Labour cost\s+Late/g)?.length).toBe(pages);
  });

  it('says no hours were recorded for a month without any', async () => {
    const none = { workedMinutes: 0, overtimeMinutes: 0, laborCostMinor: 0, lateClockIns: 0 };
    const pdf = await renderMonthlyReport({
      tenantName: 'Quiet Corner Ltd',
      month: '2026-02',
      currency: 'GBP',
      generatedAt: new Date('2026-03-01T06:00:00Z'),
      totals: { ...none, scheduledMinutes: 0 },
      locations: [],
      employees: [],
    });

    const { text, pages } = pdfText(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('February 2026');
    expect(text).toContain('No hours recorded for any location');
    expect(text).toContain('No hours recorded for any employee');
    expect(text).toContain('£0.00');
    expect(text).toContain('Quiet Corner Ltd · February 2026 · page 1 of 1');
  });

  it('reads the fonts from fontsDir when given', async () => {
    const fontsDir = new URL('./fonts/', import.meta.url).pathname;
    const { text } = pdfText(await renderMonthlyReport(sampleReport(3), { fontsDir }));
    expect(text).toContain('Zoë Ångström');

    await expect(
      renderMonthlyReport(sampleReport(3), { fontsDir: join(workDir, 'missing') }),
    ).rejects.toThrow(/Report font not readable/);
  });

  it('rejects a malformed month', async () => {
    await expect(renderMonthlyReport({ ...sampleReport(1), month: '2026-13' })).rejects.toThrow(RangeError);
  });
});

describe('report formatting', () => {
  it('formats months, hours and money the British way', () => {
    expect(formatMonth('2026-10')).toBe('October 2026');
    expect(formatHours(74_070)).toBe('1,234.5 h');
    expect(formatHours(0)).toBe('0.0 h');
    expect(formatMoney(123_456, 'EUR')).toBe('€1,234.56');
    expect(formatMoney(99, 'GBP')).toBe('£0.99');
    expect(formatMoney(1_234, 'JPY')).toBe('JP¥1,234');
  });
});
