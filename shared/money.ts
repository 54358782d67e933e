/**
 * Money is an integer number of minor units plus an ISO 4217 currency. How many decimals a
 * currency has is its own (EUR 2, JPY 0, KWD 3), so every conversion between minor units and the
 * amounts people read and type goes through here: the API, the reports and the web app (plain
 * TypeScript, no server code) then agree on what a stored amount means.
 */

/** Decimals per currency code: building an Intl.NumberFormat is far slower than a lookup. */
const digitsByCurrency = new Map<string, number>();

/**
 * The number of decimals of `currency` as Intl (CLDR) has it: 'EUR' → 2, 'JPY' → 0, 'KWD' → 3.
 * A well-formed code Intl does not know gets 2. Throws a RangeError for a malformed code.
 */
export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Minor units as a number in major units, for display: (123456, 'EUR') → 1234.56. */
export function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/**
 * Minor units as an exact decimal string in major units, with the currency's decimals and no
 * grouping (for spreadsheets): (123456, 'EUR') → "1234.56", (1200, 'JPY') → "1200",
 * (-5, 'KWD') → "-0.005".
 */
export function formatMinorAsDecimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const perMajor = 10 ** digits;
  return `${sign}${Math.floor(abs / perMajor)}.${String(abs % perMajor).padStart(digits, '0')}`;
}

/**
 * A decimal amount in major units as typed ("12.50") as minor units of `currency` (1250 for
 * EUR), computed exactly rather than by floating-point multiplication. Undefined unless the text
 * is digits with an optional point and at most the currency's decimals ("12.5" is not a JPY amount).
 */
export function parseMajorAsMinor(amount: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return undefined;
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** How an amount of `currency` is written: "12.50" for EUR, "1250" for JPY, "12.500" for KWD. */
export function amountExample(currency: string): string {
  const digits = minorDigits(currency);
  return digits === 0 ? '1250' : `12.${'5'.padEnd(digits, '0')}`;
}

/** The error for a text that is not an amount of `currency` (see {@link parseMajorAsMinor}). */
export function notAnAmountMessage(currency: string): string {
  const digits = minorDigits(currency);
  const decimals = digits ? `at most ${digits} decimal${digits > 1 ? 's' : ''}` : 'no decimals';
  return `Must be an amount like ${amountExample(currency)} (${currency} has ${decimals})`;
}
