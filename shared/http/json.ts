/** The JSON shape of a value: Dates become ISO strings, as JSON.stringify writes them. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/**
 * Types rows (with Date fields) as what the OpenAPI response schemas promise. Nothing happens at
 * run time: `c.json()` serializes a Date exactly as an ISO string (Date#toJSON), so converting
 * first would only cost a second pass over every response.
 */
export function toJson<T>(value: T): Jsonified<T> {
  return value as unknown as Jsonified<T>;
}
