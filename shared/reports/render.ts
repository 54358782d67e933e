/**
 * The monthly owner's report as an A4 PDF: a summary with the headline figures, a table and a
 * chart per location, a table per employee (paginated, header repeated), and a footer on every page.
 *
 * Text is set in the embedded DejaVu Sans (see render-fonts.ts); the chart is an ECharts SVG drawn
 * into the PDF as vectors by svg-to-pdfkit, with its text in the same embedded fonts.
 */
import SVGtoPDF from 'svg-to-pdfkit';
import { hoursChartHeight, hoursChartSvg, WORKED_COLOUR } from './render-chart';
import { BOLD, createDocument, REGULAR } from './render-fonts';
import {
  formatCount,
  formatHours,
  formatMoney,
  formatMonth,
  formatShare,
  formatTimestamp,
} from './render-format';
import {
  ACCENT,
  CARD,
  type Column,
  clean,
  drawTable,
  MARGIN,
  MUTED,
  PageWriter,
  TABLE_HEADER_HEIGHT,
  TABLE_ROW_HEIGHT,
} from './render-page';

export interface ReportFigures {
  workedMinutes: number;
  overtimeMinutes: number;
  laborCostMinor: number;
  lateClockIns: number;
}

export interface ReportData {
  tenantName: string;
  /** 'YYYY-MM' */
  month: string;
  /** ISO 4217, e.g. 'EUR'; amounts are minor units (2 decimals for EUR/GBP/USD) */
  currency: string;
  generatedAt: Date;
  totals: ReportFigures & { scheduledMinutes: number };
  locations: (ReportFigures & { name: string; scheduledMinutes: number })[];
  employees: (ReportFigures & { name: string })[];
}

export interface RenderOptions {
  /** Folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf; by default `./fonts/` beside this module. */
  fontsDir?: string;
}

const nameOrder = new Intl.Collator('en-GB', { numeric: true });

/** Renders the monthly report as a PDF (A4). */
export async function renderMonthlyReport(data: ReportData, options?: RenderOptions): Promise<Buffer> {
  const monthLabel = formatMonth(data.month);
  const tenantName = clean(data.tenantName);
  const title = `Monthly report — ${monthLabel}`;
  const doc = createDocument(options?.fontsDir, {
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: true,
    info: {
      Title: `${title} — ${tenantName}`,
      Author: 'Rota',
      Creator: 'Rota',
      Producer: 'Rota',
      CreationDate: data.generatedAt,
    },
  });
  const pdf = collect(doc);
  const page = new PageWriter(doc);

  drawSummary(page, data, title, tenantName);
  drawLocations(page, data);
  drawEmployees(page, data);
  drawFooters(page, `${tenantName} · ${monthLabel}`);

  doc.end();
  return pdf;
}

/** The PDF bytes `doc` writes, once it has ended. */
function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawSummary(page: PageWriter, data: ReportData, title: string, tenantName: string): void {
  const { doc } = page;
  const totals = data.totals;

  page.style(BOLD, 20).text(page.fit(title, page.width), page.left, page.y);
  page.y += 30;
  const generated = `Generated ${formatTimestamp(data.generatedAt)}`;
  page.style(REGULAR, 7.5, MUTED);
  const generatedWidth = page.measure(generated);
  page.textRight(generated, page.right, page.y + 3.5);
  page
    .style(REGULAR, 12, '#374151')
    .text(page.fit(tenantName, page.width - generatedWidth - 16), page.left, page.y);
  page.y += 22;
  page.rule(page.y, ACCENT, 1.5);
  page.y += 16;

  const cards: [string, string][] = [
    ['HOURS WORKED', formatHours(totals.workedMinutes)],
    ['OVERTIME', formatHours(totals.overtimeMinutes)],
    ['LABOUR COST', formatMoney(totals.laborCostMinor, data.currency)],
    ['LATE CLOCK-INS', formatCount(totals.lateClockIns)],
  ];
  const gap = 10;
  const cardWidth = (page.width - gap * (cards.length - 1)) / cards.length;
  const cardHeight = 54;
  cards.forEach(([label, value], index) => {
    const x = page.left + index * (cardWidth + gap);
    doc.roundedRect(x, page.y, cardWidth, cardHeight, 4).fill(CARD);
    doc.rect(x, page.y, 3, cardHeight).fill(ACCENT);
    page.style(REGULAR, 7, MUTED).text(label, x + 12, page.y + 10);
    const size = page.fitSize(value, BOLD, 16, 9, cardWidth - 20);
    page.text(page.fit(value, cardWidth - 20), x + 12, page.y + 22 + (16 - size) / 2);
  });
  page.y += cardHeight + 16;

  const share = formatShare(totals.workedMinutes, totals.scheduledMinutes);
  const coverage = `scheduled ${formatHours(totals.scheduledMinutes)}, worked ${formatHours(totals.workedMinutes)}${share ? ` (${share})` : ''}`;
  const label = 'Scheduled vs worked: ';
  page.style(BOLD, 9);
  const labelWidth = page.measure(label);
  page.text(label, page.left, page.y);
  page.style(REGULAR, 9).text(page.fit(coverage, page.width - labelWidth), page.left + labelWidth, page.y);
  page.y += 16;
  if (totals.scheduledMinutes > 0) {
    const ratio = Math.min(1, Math.max(0, totals.workedMinutes / totals.scheduledMinutes));
    doc.roundedRect(page.left, page.y, page.width, 6, 3).fill('#e5e9f0');
    if (ratio > 0)
      doc.roundedRect(page.left, page.y, Math.max(6, page.width * ratio), 6, 3).fill(WORKED_COLOUR);
    page.y += 6;
  }
  page.y += 24;
}

type LocationRow = ReportData['locations'][number];

function drawLocations(page: PageWriter, data: ReportData): void {
  const locations = data.locations.map((location) => ({ ...location, name: clean(location.name) }));
  page.heading('Locations', TABLE_HEADER_HEIGHT + Math.min(locations.length + 1, 4) * TABLE_ROW_HEIGHT);
  if (locations.length === 0) {
    page.note('No hours recorded for any location this month.');
    return;
  }

  const money = (minor: number) => formatMoney(minor, data.currency);
  const columns: Column<LocationRow>[] = [
    { header: 'Location', value: (row) => row.name },
    { header: 'Scheduled', width: 70, align: 'right', value: (row) => formatHours(row.scheduledMinutes) },
    { header: 'Worked', width: 70, align: 'right', value: (row) => formatHours(row.workedMinutes) },
    { header: 'Overtime', width: 66, align: 'right', value: (row) => formatHours(row.overtimeMinutes) },
    { header: 'Labour cost', width: 92, align: 'right', value: (row) => money(row.laborCostMinor) },
    { header: 'Late', width: 44, align: 'right', value: (row) => formatCount(row.lateClockIns) },
  ];
  drawTable(page, columns, locations, 'Locations (continued)', { ...data.totals, name: 'Total' });

  if (!locations.some((location) => location.scheduledMinutes > 0 || location.workedMinutes > 0)) {
    page.note('No hours recorded at any location this month.');
    return;
  }
  drawLocationChart(page, locations);
}

function drawLocationChart(page: PageWriter, locations: LocationRow[]): void {
  const height = hoursChartHeight(locations.length);
  page.ensureSpace(18 + height + 16);
  page.style(BOLD, 9).text('Scheduled vs worked hours by location', page.left, page.y);
  page.y += 16;

  // Labels are shortened here, with the real font, as ECharts can only estimate text widths.
  page.style(REGULAR, 8);
  const maxLabelWidth = Math.round(page.width * 0.3);
  const labels = locations.map((location) => page.fit(location.name, maxLabelWidth));
  const labelWidth = Math.ceil(Math.max(...labels.map((label) => page.measure(label))));

  const svg = hoursChartSvg({
    labels,
    scheduledMinutes: locations.map((location) => location.scheduledMinutes),
    workedMinutes: locations.map((location) => location.workedMinutes),
    width: page.width,
    height,
    labelWidth,
  });
  SVGtoPDF(page.doc, svg, page.left, page.y, {
    width: page.width,
    height,
    // ECharts' pixels are drawn as points: the chart is laid out at the size it is printed.
    assumePt: true,
    fontCallback: (_family, bold) => (bold ? BOLD : REGULAR),
    // Unsupported SVG details (none expected from this chart) are skipped rather than logged per report.
    warningCallback: () => {},
  });
  page.y += height + 16;
}

type EmployeeRow = ReportData['employees'][number];

function drawEmployees(page: PageWriter, data: ReportData): void {
  const employees = data.employees
    .map((employee) => ({ ...employee, name: clean(employee.name) }))
    .sort((a, b) => nameOrder.compare(a.name, b.name));
  page.heading(
    'Employees',
    TABLE_HEADER_HEIGHT + Math.min(Math.max(employees.length, 1), 3) * TABLE_ROW_HEIGHT,
  );
  if (employees.length === 0) {
    page.note('No hours recorded for any employee this month.');
    return;
  }

  const columns: Column<EmployeeRow>[] = [
    { header: 'Employee', value: (row) => row.name },
    {
      header: 'Regular',
      width: 80,
      align: 'right',
      value: (row) => formatHours(Math.max(0, row.workedMinutes - row.overtimeMinutes)),
    },
    { header: 'Overtime', width: 80, align: 'right', value: (row) => formatHours(row.overtimeMinutes) },
    {
      header: 'Labour cost',
      width: 100,
      align: 'right',
      value: (row) => formatMoney(row.laborCostMinor, data.currency),
    },
    { header: 'Late', width: 50, align: 'right', value: (row) => formatCount(row.lateClockIns) },
  ];
  drawTable(page, columns, employees, 'Employees (continued)');
}

/** "<tenant> · <Month YYYY> · page N of M" at the foot of every page, once the page count is known. */
function drawFooters(page: PageWriter, prefix: string): void {
  const { doc } = page;
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    const pageLabel = ` · page ${index + 1} of ${range.count}`;
    const y = doc.page.height - 40;
    page.rule(y - 8);
    page.style(REGULAR, 7.5, MUTED);
    const text = page.fit(prefix, page.width - page.measure(pageLabel)) + pageLabel;
    page.text(text, page.left + (page.width - page.measure(text)) / 2, y);
  }
}
