/**
 * Page layout for the monthly report: the measurements and colours, a writer that places text
 * and keeps a cursor moving down the page (breaking pages as needed), and paginated tables.
 */
import { BOLD, REGULAR } from './render-fonts';

export type FontName = typeof REGULAR | typeof BOLD;

export const MARGIN = 48;
/** Room kept free at the bottom of every page for the footer. */
export const FOOTER_SPACE = 64;
/** Line height of DejaVu Sans as a multiple of the font size ((ascender − descender) / units per em). */
export const LINE_HEIGHT = 1.164;

export const INK = '#1f2933';
export const MUTED = '#6b7280';
export const ACCENT = '#2f5d8a';
export const RULE = '#d9dee5';
export const CARD = '#f3f5f8';
export const STRIPE = '#f7f8fa';

export const TABLE_HEADER_HEIGHT = 18;
export const TABLE_ROW_HEIGHT = 16;
export const TABLE_FONT_SIZE = 8.5;
export const CELL_PADDING = 6;

/** Names come from users: no control characters or line breaks, and never empty. */
export function clean(name: string): string {
  return (
    name
      .replace(/\p{Cc}/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim() || '—'
  );
}

/** Text placement on the current page, with a cursor (`y`) that moves down the page. */
export class PageWriter {
  readonly left = MARGIN;
  readonly right: number;
  readonly width: number;
  readonly bottom: number;
  y = MARGIN;

  constructor(readonly doc: PDFKit.PDFDocument) {
    this.right = doc.page.width - MARGIN;
    this.width = this.right - this.left;
    this.bottom = doc.page.height - FOOTER_SPACE;
  }

  /** Starts a new page when less than `height` is left on this one; says whether it did. */
  ensureSpace(height: number): boolean {
    if (this.y + height <= this.bottom) return false;
    this.doc.addPage();
    this.y = MARGIN;
    return true;
  }

  /** Selects a font, size and colour for the next text or measurement. */
  style(font: FontName, size: number, colour = INK): this {
    this.doc.font(font).fontSize(size).fillColor(colour);
    return this;
  }

  /** Draws one line of text in the current style, its line box's top at `y`. */
  text(text: string, x: number, y: number): this {
    this.doc.text(text, x, y, { lineBreak: false });
    return this;
  }

  /** Draws one line of text in the current style, ending at `right`. */
  textRight(text: string, right: number, y: number): this {
    return this.text(text, right - this.measure(text), y);
  }

  measure(text: string): number {
    return this.doc.widthOfString(text);
  }

  /** `text`, shortened with an ellipsis if it is wider than `width` in the current style. */
  fit(text: string, width: number): string {
    if (this.measure(text) <= width) return text;
    const chars = Array.from(text);
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.measure(`${chars.slice(0, mid).join('').trimEnd()}…`) <= width) low = mid;
      else high = mid - 1;
    }
    return `${chars.slice(0, low).join('').trimEnd()}…`;
  }

  /** The largest size from `size` down to `minSize` at which `text` fits `width` (the style is left at it). */
  fitSize(text: string, font: FontName, size: number, minSize: number, width: number): number {
    let fitted = size;
    this.style(font, fitted);
    while (fitted > minSize && this.measure(text) > width) {
      fitted -= 0.5;
      this.doc.fontSize(fitted);
    }
    return fitted;
  }

  /** The `y` at which text of `size` sits vertically centred in a band of `height` starting at `top`. */
  centred(top: number, height: number, size: number): number {
    return top + (height - size * LINE_HEIGHT) / 2 + size * 0.06;
  }

  rule(y: number, colour = RULE, thickness = 0.75): this {
    this.doc.moveTo(this.left, y).lineTo(this.right, y).lineWidth(thickness).strokeColor(colour).stroke();
    return this;
  }

  /** A section heading with a rule under it; keeps `keepWith` points of content on the same page. */
  heading(title: string, keepWith: number): void {
    this.ensureSpace(30 + keepWith);
    this.style(BOLD, 13).text(title, this.left, this.y);
    this.rule(this.y + 20);
    this.y += 28;
  }

  /** A short line of muted text, e.g. to say a section has no data. */
  note(text: string): void {
    this.ensureSpace(30);
    this.style(REGULAR, 9, MUTED).text(this.fit(text, this.width), this.left, this.y);
    this.y += 30;
  }
}

export interface Column<Row> {
  header: string;
  /** Fixed width; the one column without one takes the rest. */
  width?: number;
  align?: 'left' | 'right';
  value: (row: Row) => string;
}

/**
 * A table from the cursor down, continuing on new pages as needed with `continuedTitle` and the
 * header row repeated. `total`, when given, is a bold last row.
 */
export function drawTable<Row>(
  page: PageWriter,
  columns: Column<Row>[],
  rows: readonly Row[],
  continuedTitle: string,
  total?: Row,
): void {
  const { doc } = page;
  const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
  const widths = columns.map((column) => column.width ?? page.width - fixed);

  const drawHeader = () => {
    page.style(BOLD, 7.5, MUTED);
    let x = page.left;
    columns.forEach((column, index) => {
      const width = widths[index]!;
      const y = page.centred(page.y, TABLE_HEADER_HEIGHT, 7.5);
      const text = page.fit(column.header, width - 2 * CELL_PADDING);
      if (column.align === 'right') page.textRight(text, x + width - CELL_PADDING, y);
      else page.text(text, x + CELL_PADDING, y);
      x += width;
    });
    page.y += TABLE_HEADER_HEIGHT;
    page.rule(page.y, '#9ca3af');
  };

  const drawRow = (row: Row, font: FontName) => {
    page.style(font, TABLE_FONT_SIZE);
    let x = page.left;
    const y = page.centred(page.y, TABLE_ROW_HEIGHT, TABLE_FONT_SIZE);
    columns.forEach((column, index) => {
      const width = widths[index]!;
      const text = page.fit(column.value(row), width - 2 * CELL_PADDING);
      if (column.align === 'right') page.textRight(text, x + width - CELL_PADDING, y);
      else page.text(text, x + CELL_PADDING, y);
      x += width;
    });
    page.y += TABLE_ROW_HEIGHT;
  };

  const breakIfFull = () => {
    if (!page.ensureSpace(TABLE_ROW_HEIGHT)) return;
    page.style(BOLD, 10, MUTED).text(continuedTitle, page.left, page.y);
    page.y += 20;
    drawHeader();
  };

  drawHeader();
  rows.forEach((row, index) => {
    breakIfFull();
    if (index % 2 === 1) doc.rect(page.left, page.y, page.width, TABLE_ROW_HEIGHT).fill(STRIPE);
    drawRow(row, REGULAR);
  });
  if (total) {
    breakIfFull();
    page.rule(page.y, '#9ca3af');
    drawRow(total, BOLD);
  }
  page.y += 14;
}
