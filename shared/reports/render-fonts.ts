/**
 * The embedded report fonts (DejaVu Sans: Latin, Greek and Cyrillic). pdfkit's built-in AFM
 * fonts do not survive bundling, so every document registers these TTFs and never uses a standard font.
 *
 * The files are read once per process. pdfkit ≥ 0.20 also accepts an already-parsed fontkit font, and
 * parsing the ~750 KB TTF is most of the cost of a small report, so after the first document has
 * parsed a font that parsed font is kept and handed to the next documents instead of the bytes.
 * Sharing it is safe: fontkit's work is synchronous and each document subsets it on its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

/** Names the report fonts are registered under in each document (their PostScript names). */
export const REGULAR = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';

/** What pdfkit is given for a font: the TTF bytes, or the fontkit font it parsed from them. */
type FontSource = Buffer | { layout: unknown };

interface LoadedFonts {
  regular: FontSource;
  bold: FontSource;
}

/** By fonts directory ('' for the folder beside this module). */
const loaded = new Map<string, LoadedFonts>();

/** Where the fonts are read from: `fontsDir` if given, else `./fonts/` beside this module (or the bundle). */
function readFonts(fontsDir: string | undefined): LoadedFonts {
  if (fontsDir === undefined) {
    return {
      regular: readFont(new URL('./fonts/DejaVuSans.ttf', import.meta.url)),
      bold: readFont(new URL('./fonts/DejaVuSans-Bold.ttf', import.meta.url)),
    };
  }
  return {
    regular: readFont(join(fontsDir, 'DejaVuSans.ttf')),
    bold: readFont(join(fontsDir, 'DejaVuSans-Bold.ttf')),
  };
}

function readFont(location: URL | string): Buffer {
  try {
    return readFileSync(location);
  } catch (error) {
    throw new Error(
      `Report font not readable at ${location instanceof URL ? fileURLToPath(location) : location}: ship shared/reports/fonts beside the bundle or pass fontsDir`,
      { cause: error },
    );
  }
}

/** The font pdfkit is currently using in `doc`, parsed (a fontkit font), if pdfkit exposes it. */
function currentParsedFont(doc: PDFKit.PDFDocument): FontSource | undefined {
  // `_font` is internal to pdfkit (svg-to-pdfkit relies on it too); if it ever changes, the
  // bytes are simply kept and every document parses them again.
  const font = (doc as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  return typeof font?.layout === 'function' ? (font as FontSource) : undefined;
}

/** pdfkit's types only list paths and bytes, though it accepts parsed fontkit fonts too. */
function asPdfkitSource(font: FontSource): Buffer {
  return font as Buffer;
}

/**
 * A new A4 document with the report fonts registered as {@link REGULAR} and {@link BOLD}, and
 * REGULAR selected. `options.font` is ignored: the regular report font is always the default.
 */
export function createDocument(
  fontsDir: string | undefined,
  options: Omit<PDFKit.PDFDocumentOptions, 'font'>,
): PDFKit.PDFDocument {
  const key = fontsDir ?? '';
  let fonts = loaded.get(key);
  if (!fonts) {
    fonts = readFonts(fontsDir);
    loaded.set(key, fonts);
  }
  // The default font must be given to the constructor, or pdfkit loads Helvetica's metrics.
  const doc = new PDFDocument({
    ...options,
    font: asPdfkitSource(fonts.regular) as unknown as string,
  });
  fonts.regular = currentParsedFont(doc) ?? fonts.regular;
  doc.registerFont(REGULAR, asPdfkitSource(fonts.regular));
  doc.registerFont(BOLD, asPdfkitSource(fonts.bold));
  doc.font(BOLD);
  fonts.bold = currentParsedFont(doc) ?? fonts.bold;
  return doc.font(REGULAR);
}
