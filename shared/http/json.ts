/** The JSON shape of a value: Dates become ISO strings, as JSON.stringify writes them. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** Converts rows (with Date fields) to what the OpenAPI response schemas promise. */
export function toJson<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value));
}
