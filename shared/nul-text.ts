/**
 * PostgreSQL's text cannot hold the NUL character (U+0000): a query given one fails. Input that
 * carries one is therefore refused, naming the field, before any query sees it.
 */
export const NUL_MESSAGE = 'Must not contain the NUL character (U+0000)';

/**
 * The path (`breaks.0.reason`, as validation errors name fields) of the first string in `value`
 * that holds a NUL character, or undefined when none does.
 */
export function pathOfNul(value: unknown): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? '' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  // for…in rather than Object.entries: this runs on every request's query, without allocating.
  for (const key in value) {
    const inner = pathOfNul((value as Record<string, unknown>)[key]);
    if (inner !== undefined) return inner ? `${key}.${inner}` : key;
  }
  return undefined;
}
