/** Minimal types for svg-to-pdfkit (the package ships none); only what the reports use. */
declare module 'svg-to-pdfkit' {
  interface SVGtoPDFOptions {
    /** Viewport size in points (by default the page size). */
    width?: number;
    height?: number;
    /** Treat SVG user units as points instead of CSS pixels (1px = 0.75pt). */
    assumePt?: boolean;
    preserveAspectRatio?: string;
    precision?: number;
    /** Returns the name of a font registered in the document (or a standard font name). */
    fontCallback?: (
      family: string,
      bold: boolean,
      italic: boolean,
      fontOptions: { fauxBold: boolean; fauxItalic: boolean },
    ) => string;
    warningCallback?: (message: string) => void;
  }

  function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x?: number,
    y?: number,
    options?: SVGtoPDFOptions,
  ): void;

  export = SVGtoPDF;
}
