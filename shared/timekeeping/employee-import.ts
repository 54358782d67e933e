import { parse } from 'csv-parse/sync';
import { hashPassword } from '../auth/passwords';
import { type Sql, schemaIdentifier } from '../db/client';
import { type FieldError, ValidationError } from '../errors';
import { formatMinorAsDecimal, notAnAmountMessage, parseMajorAsMinor } from '../money';
import { NUL_MESSAGE } from '../nul-text';
import type { Tenant } from '../tenancy/registry';
import { z } from '../zod';
import { IMPORT_COLUMNS, localDate } from './employee-input';
import { assertRoomForEmployees, createEmployeeInput, type Employee, insertEmployee } from './employees';
import { getSettings } from './settings';

export { IMPORT_COLUMNS } from './employee-input';

const MAX_ROWS = 2_000;

/** The most an hourly rate can be, in minor units: what the employee routes take. */
const MAX_RATE_MINOR = createEmployeeInput.shape.hourlyRateMinor.unwrap().maxValue ?? Number.MAX_SAFE_INTEGER;

/** One row's columns; `hourlyRate` is in major units of `currency`, with at most its decimals. */
const rowSchema = (currency: string) =>
  z.object({
    name: z.string().trim().min(1, 'Required').max(200),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .email()
      .max(254)
      .or(z.literal(''))
      .transform((v) => v || null),
    jobRole: z
      .string()
      .trim()
      .max(100)
      .transform((v) => v || null),
    /** Location names, resolved by `locationNames`. */
    locations: z.string().trim(),
    hourlyRate: z
      .string()
      .trim()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const minor = parseMajorAsMinor(v, currency);
        if (minor === undefined) {
          ctx.addIssue({ code: 'custom', message: notAnAmountMessage(currency) });
          return z.NEVER;
        }
        if (minor > MAX_RATE_MINOR) {
          ctx.addIssue({
            code: 'custom',
            message: `Must be at most ${formatMinorAsDecimal(MAX_RATE_MINOR, currency)}`,
          });
          return z.NEVER;
        }
        return minor;
      }),
    rateEffectiveFrom: z
      .string()
      .trim()
      .transform((v) => v || undefined)
      .pipe(localDate.optional()),
    pin: z
      .string()
      .trim()
      .regex(/^(\d{4,6})?$/, 'Must be 4 to 6 digits'),
  });

/**
 * The location names in a `locations` cell: the whole cell when it is a location's name (so a name
 * with a semicolon can be given, quoted or not), else the cell's names separated by `;`.
 */
function locationNames(cell: string, locationIdByName: Map<string, string>): string[] {
  if (locationIdByName.has(cell.toLowerCase())) return [cell];
  return cell
    .split(';')
    .map((name) => name.trim())
    .filter(Boolean);
}

/**
 * Imports employees from CSV (UTF-8, RFC 4180): every row is checked first, and either all rows
 * are imported in one transaction or none is, with every problem named by row (as a spreadsheet
 * numbers it: blank lines count, a quoted field's line breaks do not) and column. Amounts are in
 * major units of the business currency, with at most its decimals (12.50 EUR, 1250 JPY).
 * `locations` holds location names (any case), several separated by `;`; a cell that is one
 * location's whole name is that location, even when the name has a `;`.
 */
export async function importEmployees(sql: Sql, tenant: Tenant, csv: string): Promise<Employee[]> {
  const records = parseCsv(csv);
  const [locations, { currency }] = await Promise.all([
    sql<{ id: string; name: string }[]>`
      select id, name from ${schemaIdentifier(sql, tenant.schema)}.locations where archived_at is null`,
    getSettings(sql, tenant),
  ]);
  const schema = rowSchema(currency);
  const locationIdByName = new Map(locations.map((l) => [l.name.toLowerCase(), l.id]));
  const errors: FieldError[] = [];
  const seenEmails = new Map<string, number>();
  const rows = records.map(({ record, rowNumber }) => {
    const problem = (column: string, message: string) =>
      errors.push({ field: `row ${rowNumber}, ${column}`, message });
    // Each column is checked on its own, and the checks across columns (locations, a repeated
    // email) run whatever another column's problem: so every problem of the row is named.
    const withNul = new Set(Object.keys(record).filter((column) => record[column]?.includes('\u0000')));
    for (const column of withNul) problem(column, NUL_MESSAGE);
    const parsed = schema.safeParse(record);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0]);
        if (!withNul.has(column)) problem(column, issue.message);
      }
    let locationIds: string[] = [];
    if (!withNul.has('locations')) {
      const names = locationNames(schema.shape.locations.parse(record.locations), locationIdByName);
      const unknown = names.filter((name) => !locationIdByName.has(name.toLowerCase()));
      if (unknown.length) problem('locations', `No such location: ${unknown.join(', ')}`);
      locationIds = names.flatMap((name) => locationIdByName.get(name.toLowerCase()) ?? []);
    }
    const email = withNul.has('email') ? undefined : schema.shape.email.safeParse(record.email).data;
    if (email) {
      const seen = seenEmails.get(email);
      if (seen !== undefined) problem('email', `Same email as row ${seen}`);
      seenEmails.set(email, rowNumber);
    }
    if (withNul.size || !parsed.success) return null;
    return { rowNumber, row: parsed.data, locationIds };
  });
  if (errors.length)
    throw new ValidationError(errors, `The file has ${errors.length} problem(s); nothing was imported.`);
  const prepared = await Promise.all(
    rows.map(async (entry) => {
      const { row, locationIds, rowNumber } = entry as NonNullable<typeof entry>;
      const input = createEmployeeInput.parse({
        name: row.name,
        email: row.email,
        jobRole: row.jobRole,
        locationIds,
        hourlyRateMinor: row.hourlyRate,
        rateEffectiveFrom: row.rateEffectiveFrom || undefined,
      });
      return { input, rowNumber, pinHash: row.pin ? await hashPassword(row.pin) : null };
    }),
  );
  return sql.begin(async (tx) => {
    await assertRoomForEmployees(tx, tenant, rows.length);
    const created: Employee[] = [];
    for (const { input, rowNumber, pinHash } of prepared) {
      created.push(
        await insertEmployee(tx, tenant, input, pinHash, (column) => `row ${rowNumber}, ${column}`),
      );
    }
    return created;
  });
}

/** A data row's columns, and its row number as a spreadsheet shows the file. */
interface CsvRow {
  record: Record<string, string>;
  rowNumber: number;
}

function parseCsv(csv: string): CsvRow[] {
  let records: { record: Record<string, string>; info: { records: number; empty_lines: number } }[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      trim: false,
      relax_column_count: false,
      info: true,
    });
  } catch (error) {
    throw new ValidationError(
      [{ field: 'file', message: (error as Error).message }],
      'The file is not valid CSV.',
    );
  }
  const header = Object.keys(records[0]?.record ?? {});
  const missing = ['name'].filter((column) => !header.includes(column));
  const unexpected = header.filter((column) => !(IMPORT_COLUMNS as readonly string[]).includes(column));
  if (records.length === 0 || missing.length || unexpected.length) {
    throw new ValidationError(
      [
        {
          field: 'file',
          message: `Expected a header row with the columns ${IMPORT_COLUMNS.join(', ')} (name required)`,
        },
      ],
      'The file does not have the expected columns.',
    );
  }
  if (records.length > MAX_ROWS)
    throw new ValidationError([{ field: 'file', message: `At most ${MAX_ROWS} rows per import` }]);
  // A spreadsheet shows each skipped blank line as an empty row, and a record whose quoted field
  // holds line breaks as one row: so neither the record's index nor its line number (info.lines) is
  // its row. Both counts are as of the record; the 1 is the header row.
  return records.map(({ record, info }) => ({
    record: Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, record[column] ?? ''])),
    rowNumber: info.records + info.empty_lines + 1,
  }));
}
