/**
 * fast-check arbitraries for the values an OpenAPI document's schemas describe: mostly values the
 * schema admits, chosen near its edges (the longest strings, the first and last days the API
 * takes, the bounds of a number, ids that exist), now and then one it refuses. A property test
 * can then send every operation inputs nobody thought to write down.
 */
import fc from 'fast-check';
import type { Schema } from './api-document';

/** The schema keywords read here, beyond those `api-document.ts` reads. */
export interface ValueSchema extends Schema {
  anyOf?: ValueSchema[];
  items?: ValueSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export interface ValueOptions {
  /** Follows a `$ref` to the schema it names. */
  resolve(schema: Schema): Schema;
  /** Ids of records that exist, offered wherever a UUID is asked for. */
  ids: readonly string[];
  /** How often, out of 100, a value is one of the wrong type instead. */
  wrongPercent?: number;
  /** Values for properties and parameters of these names, whatever their schema says (time zones, say). */
  named?: Record<string, fc.Arbitrary<unknown>>;
}

/** Names of a range's two ends, whose values are often made close to each other. */
const RANGE_ENDS: [string, string][] = [
  ['startsAt', 'endsAt'],
  ['clockIn', 'clockOut'],
  ['from', 'to'],
];
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Days on which calendars and the API's own limits turn (leap days, summer time in Europe and the US, the years it takes). */
const EDGE_DAYS = [
  '2000-01-01',
  '2024-02-29',
  '2026-03-08',
  '2026-03-29',
  '2026-10-25',
  '2026-11-01',
  '2026-12-31',
  '2099-12-31',
];
const FIRST_DAY = new Date('2000-01-01T00:00:00Z');
const LAST_DAY = new Date('2099-12-31T23:59:59Z');

/** Any JSON value of another kind than the schema asks for. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constant(''),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constant({}),
  fc.constant([]),
  fc.constant(1e308),
  fc.constant(-1),
);

/** Text: any Unicode, with whitespace, quotes and lines; up to `max` code points. */
function text(min: number, max: number): fc.Arbitrary<string> {
  const reachable = Math.min(max, min + 40);
  return fc.oneof(
    fc.string({ unit: 'binary', minLength: min, maxLength: reachable }),
    fc.string({ unit: 'grapheme', minLength: min, maxLength: reachable }),
    fc.constantFrom(' ', '   padded   ', '"quoted", with a comma', 'two\nlines', '=1+2', '😀'.repeat(3)),
    // At the limit, in one or two UTF-16 units per character.
    fc.constantFrom('x'.repeat(max), 'é'.repeat(max), '😀'.repeat(max), 'x'.repeat(max + 1)),
  );
}

function instant(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.date({ min: FIRST_DAY, max: LAST_DAY, noInvalidDate: true }).map((date) => date.toISOString()),
    // Around now, where the clock and "today" matter.
    fc
      .integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })
      .map((ms) => new Date(Date.now() + ms).toISOString()),
    fc
      .constantFrom(...EDGE_DAYS)
      .chain((day) =>
        fc.constantFrom(`${day}T00:00:00Z`, `${day}T23:59:59.999+14:00`, `${day}T01:30:00-09:30`),
      ),
  );
}

/** Calendar days in the years the API takes, the days calendars turn on most often. */
export function calendarDay(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...EDGE_DAYS),
    fc
      .date({ min: FIRST_DAY, max: LAST_DAY, noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10)),
  );
}

function stringValue(schema: ValueSchema, options: ValueOptions): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...options.ids), fc.uuid());
  if (schema.format === 'date') return calendarDay();
  if (schema.format === 'date-time') return instant();
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.pattern) {
    // Random matches of `\d{4}-\d{2}` are seldom in the years the API takes: offer real ones too.
    const pattern = new RegExp(schema.pattern);
    const real = [...EDGE_DAYS, ...EDGE_DAYS.map((d) => d.slice(0, 7))].filter((v) => pattern.test(v));
    const matching = fc.stringMatching(pattern);
    return real.length > 0 ? fc.oneof(matching, fc.constantFrom(...real)) : matching;
  }
  return text(schema.minLength ?? 0, schema.maxLength ?? 200);
}

function numberValue(schema: ValueSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1e9;
  const max = schema.maximum ?? 1e9;
  const inside = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof(inside, fc.constantFrom(min, max), integer ? fc.constant(min + 0.5) : fc.constant(max));
}

function objectValue(schema: ValueSchema, options: ValueOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [
      name,
      options.named?.[name] ?? valueFor(property, options),
    ]),
  );
  return withCloseRangeEnds(fc.record(properties, { requiredKeys: schema.required ?? [] }));
}

/**
 * Records whose range ends (`startsAt` and `endsAt`, say) are mostly made close, so the records
 * get past the checks of order and length to what lies behind them: between instants, the end
 * from an hour before the start to 36 hours after it; between calendar days (payroll's `from`
 * and `to`), from the day before to 36 days after.
 */
export function withCloseRangeEnds<T extends Record<string, unknown>>(
  records: fc.Arbitrary<T>,
): fc.Arbitrary<T> {
  const minutes = fc.integer({ min: -60, max: 36 * 60 });
  // Four records in five: the others keep their ends as made, far apart or the wrong way round.
  const pairs = fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, fc.constant(false));
  return fc.tuple(records, minutes, pairs, fc.boolean()).map(([record, offset, pair, whole]) => {
    for (const [start, end] of RANGE_ENDS) {
      const startsAt = record[start];
      if (!pair || typeof startsAt !== 'string' || typeof record[end] !== 'string') continue;
      const startMs = Date.parse(startsAt);
      if (Number.isNaN(startMs)) continue;
      if (CALENDAR_DAY.test(startsAt)) {
        const endDay = new Date(startMs + Math.floor(offset / 60) * DAY_MS);
        return { ...record, [end]: endDay.toISOString().slice(0, 10) };
      }
      if (!startsAt.includes('T')) continue;
      // Whole hours now and then, as schedules mostly are.
      const endMs = startMs + (whole ? Math.round(offset / 60) * 60 : offset) * 60_000;
      return { ...record, [end]: new Date(endMs).toISOString() };
    }
    return record;
  });
}

/** Values of one JSON type the schema allows. */
function typedValue(type: string, schema: ValueSchema, options: ValueOptions): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringValue(schema, options);
    case 'integer':
    case 'number':
      return numberValue(schema, type === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? valueFor(schema.items, options) : wrongValue, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object':
      return objectValue(schema, options);
    default:
      throw new Error(`No values for the type ${type}`);
  }
}

/** Values for `schema`: mostly ones it admits, `wrongPercent` in 100 of another kind. */
export function valueFor(schema: Schema, options: ValueOptions): fc.Arbitrary<unknown> {
  const resolved = options.resolve(schema) as ValueSchema;
  let admitted: fc.Arbitrary<unknown>;
  if (resolved.enum) admitted = fc.constantFrom(...resolved.enum);
  else if (resolved.anyOf) admitted = fc.oneof(...resolved.anyOf.map((option) => valueFor(option, options)));
  else {
    const types = [resolved.type ?? 'object'].flat();
    admitted = fc.oneof(...types.map((type) => typedValue(type, resolved, options)));
  }
  const wrong = options.wrongPercent ?? 3;
  return fc.oneof({ arbitrary: admitted, weight: 100 - wrong }, { arbitrary: wrongValue, weight: wrong });
}
