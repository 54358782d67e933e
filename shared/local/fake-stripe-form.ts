/**
 * Stripe's request encoding for the fake Stripe server: form bodies and query strings in bracket
 * notation (`metadata[tenantId]=t1`, `line_items[0][price]=p`, `expand[]=x`), the shape the
 * `stripe` SDK writes and the `qs` package reads. Written here so the fake needs no extra package.
 */

/** A value decoded from bracket notation: a string, or objects and arrays of them. */
export type FormValue = string | FormValue[] | FormObject;

/** A decoded form: field name → value. */
export interface FormObject {
  [key: string]: FormValue;
}

// Keys that would reach Object.prototype through plain-object assignment.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Decodes bracket notation into nested objects and arrays. `a[]=x&a[]=y` and `a[0]=x&a[1]=y`
 * both become `{ a: ['x', 'y'] }`; any object whose keys are all indices becomes an array.
 */
export function parseForm(input: string | URLSearchParams): FormObject {
  const params = typeof input === 'string' ? new URLSearchParams(input) : input;
  const root: FormObject = {};
  for (const [key, value] of params) {
    const path = splitKey(key);
    if (path.some((segment) => UNSAFE_KEYS.has(segment))) continue;
    let node = root;
    path.forEach((segment, index) => {
      // `[]` appends: the next index is the number of entries so far.
      const name = segment === '' ? String(Object.keys(node).length) : segment;
      if (index === path.length - 1) {
        node[name] = value;
        return;
      }
      const child = node[name];
      if (isFormObject(child)) {
        node = child;
      } else {
        const created: FormObject = {};
        node[name] = created;
        node = created;
      }
    });
  }
  const decoded: FormObject = {};
  for (const [key, value] of Object.entries(root)) decoded[key] = indexedToArrays(value);
  return decoded;
}

/** The string at `path` (e.g. `field(form, 'subscription_data', 'trial_period_days')`), if any. */
export function field(form: FormObject, ...path: string[]): string | undefined {
  const value = valueAt(form, path);
  return typeof value === 'string' ? value : undefined;
}

/** The value at `path`, whatever its shape. */
export function valueAt(form: FormObject, path: string[]): FormValue | undefined {
  let value: FormValue | undefined = form;
  for (const segment of path) {
    if (Array.isArray(value)) value = value[Number(segment)];
    else if (isFormObject(value)) value = Object.hasOwn(value, segment) ? value[segment] : undefined;
    else return undefined;
  }
  return value;
}

/** The strings in a list field such as `expand[]`; a single value counts as a list of one. */
export function fieldList(form: FormObject, name: string): string[] {
  const value = valueAt(form, [name]);
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Whether a decoded value is an object (not a string or an array). */
export function isFormObject(value: FormValue | undefined): value is FormObject {
  return typeof value === 'object' && !Array.isArray(value);
}

/** `a[b][0]` → `['a', 'b', '0']`; a key that is not bracket notation is one segment. */
function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return [key];
  const brackets = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1] ?? '');
  return [match[1] ?? key, ...brackets];
}

function indexedToArrays(value: FormValue): FormValue {
  if (!isFormObject(value)) return value;
  const keys = Object.keys(value);
  const converted: FormObject = {};
  for (const key of keys) converted[key] = indexedToArrays(value[key] as FormValue);
  if (keys.length === 0 || !keys.every((key) => /^\d+$/.test(key))) return converted;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => converted[String(index)] as FormValue);
}
