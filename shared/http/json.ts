/** The JSON shape of a value: Dates become ISO strings, as JSON.stringify writes them. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/**
 * Converts rows (with Date fields) to what the OpenAPI response schemas promise. A direct walk:
 * a JSON round trip would serialize every response twice.
 */
export function toJson<T>(value: T): Jsonified<T> {
  return convert(value) as Jsonified<T>;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = convert(field);
    return out;
  }
  return value;
}
