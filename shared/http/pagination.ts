import { z } from '@hono/zod-openapi';
import { ValidationError } from '../errors';

const MAX_PAGE_SIZE = 500;
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

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // falls through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', message: 'Invalid cursor' }]);
}

/** `{ data, nextCursor }`: nextCursor is null on the last page. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]) {
  const last = rows.at(-1);
  return { data: rows, nextCursor: rows.length === limit && last ? encodeCursor(keyOf(last)) : null };
}
