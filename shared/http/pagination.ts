import { z } from '@hono/zod-openapi';
import { ValidationError } from '../errors';
import { MAX_PAGE_SIZE } from '../page-size';

/** One message for every way a limit can be wrong (zod's own says "received NaN" for `limit=x`). */
const limitError = { error: `Must be a whole number from 1 to ${MAX_PAGE_SIZE}` };

/** `limit` and `cursor` query parameters shared by every list endpoint. */
export const pageQuery = {
  limit: z.coerce
    .number(limitError)
    .int(limitError)
    .min(1, limitError)
    .max(MAX_PAGE_SIZE, limitError)
    .default(100),
  cursor: z.string().max(500).optional(),
};

/** Opaque cursors: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort keys the lists' cursors carry, checked on the way back in: a cursor is the client's
 * to keep, so a tampered one must be a 400 naming it, never a failed query.
 */
/** An instant PostgreSQL can compare with: ISO 8601, year 1 or later (it has no year 0). */
const cursorInstant = z
  .string()
  .datetime({ offset: true })
  .refine((value) => !value.startsWith('0000'));
/** A name as stored: PostgreSQL text holds no NUL. */
const cursorName = z.string().refine((value) => !value.includes('\u0000'));

export const cursorKey = {
  /** `[start instant, id]`: shifts and time entries, in time order. */
  instantAndId: z.tuple([cursorInstant, z.string().uuid()]),
  /** `[name, id]`: employees, locations and timesheets (by employee name), by name. */
  nameAndId: z.tuple([cursorName, z.string().uuid()]),
  /** `[created instant, id]` of a random-text id (not a UUID), newest first: kiosks. */
  instantAndTextId: z.tuple([cursorInstant, z.string().regex(/^[\w-]{1,64}$/)]),
  /** `[id]` of a serial id, newest first: the audit log. */
  serialId: z.tuple([z.number().int().positive()]),
};

export function decodeCursor<Key extends z.ZodType>(
  cursor: string | undefined,
  key: Key,
): z.output<Key> | undefined {
  if (!cursor) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    // not JSON: refused below like any other key that does not parse
  }
  const parsed = key.safeParse(decoded);
  if (parsed.success) return parsed.data;
  throw new ValidationError([{ field: 'cursor', message: 'Invalid cursor' }]);
}

/** `{ data, nextCursor }`: nextCursor is null on the last page. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]) {
  const last = rows.at(-1);
  return { data: rows, nextCursor: rows.length === limit && last ? encodeCursor(keyOf(last)) : null };
}
