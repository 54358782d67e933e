/**
 * Reading the fake Stripe's requests the way Stripe does: API keys, form-encoded parameters with
 * bracket notation, list filters and pagination, and `expand[]`.
 */
import type { Context } from 'hono';
import { type FormObject, field, isFormObject, parseForm, valueAt } from './fake-stripe-form';
import { FakeStripeError, type StripeObjectLike } from './fake-stripe-store';

/** The key from `Bearer sk_…` or from Basic auth with the key as user name (`curl -u sk_…:`). */
export function apiKey(header: string | undefined): string | undefined {
  const [scheme = '', credential = ''] = (header ?? '').split(' ', 2);
  if (scheme.toLowerCase() === 'bearer') return credential || undefined;
  if (scheme.toLowerCase() === 'basic') {
    return Buffer.from(credential, 'base64').toString('utf8').split(':')[0] || undefined;
  }
  return undefined;
}

export async function readBody(c: Context): Promise<FormObject> {
  return parseForm(await c.req.text());
}

export function readQuery(c: Context): FormObject {
  return parseForm(new URL(c.req.url).searchParams);
}

export function required(form: FormObject, param: string, path: string[]): string {
  const value = field(form, ...path);
  if (!value) throw new FakeStripeError(400, `Missing required param: ${param}.`, 'parameter_missing', param);
  return value;
}

export function positiveInteger(form: FormObject, param: string, path: string[]): number | null {
  const value = field(form, ...path);
  if (value === undefined) return null;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new FakeStripeError(400, `Invalid integer: ${value}`, 'parameter_invalid_integer', param);
  }
  return number;
}

/**
 * `metadata[k]=v` as a record; `null` when sent empty (`metadata=`, which clears it in Stripe);
 * undefined when absent.
 */
export function metadataParam(
  form: FormObject,
  ...path: string[]
): Record<string, string> | null | undefined {
  const value = valueAt(form, path.length > 0 ? path : ['metadata']);
  if (value === undefined) return undefined;
  if (value === '') return null;
  if (!isFormObject(value))
    throw new FakeStripeError(400, 'Invalid metadata.', 'parameter_invalid', 'metadata');
  const metadata: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new FakeStripeError(400, 'Metadata values must be strings.', 'parameter_invalid', 'metadata');
    }
    metadata[key] = item;
  }
  return metadata;
}

export function newestFirst<T>(values: Iterable<T>): T[] {
  return [...values].reverse();
}

/** `created=t` or `created[gt|gte|lt|lte]=t`, as on every Stripe list endpoint. */
export function createdMatches(created: number, query: FormObject): boolean {
  const filter = valueAt(query, ['created']);
  if (filter === undefined) return true;
  if (typeof filter === 'string') return created === Number(filter);
  if (!isFormObject(filter)) return true;
  const bound = (name: string) => (typeof filter[name] === 'string' ? Number(filter[name]) : undefined);
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  return (
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte)
  );
}

/** Event type filters allow a trailing wildcard, e.g. `customer.subscription.*`. */
export function typeMatches(type: string, filter: string): boolean {
  return filter.endsWith('*') ? type.startsWith(filter.slice(0, -1)) : type === filter;
}

/** Stripe's cursor pagination over a newest-first list: `limit` (1–100), `starting_after`, `ending_before`. */
export function paginate<T extends { id: string }>(items: T[], query: FormObject, url: string) {
  const limitText = field(query, 'limit') ?? '10';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new FakeStripeError(400, `Invalid limit: ${limitText}`, 'parameter_invalid_integer', 'limit');
  }
  const cursor = (param: 'starting_after' | 'ending_before') => {
    const id = field(query, param);
    if (id === undefined) return undefined;
    const index = items.findIndex((item) => item.id === id);
    if (index < 0) throw new FakeStripeError(400, `No such object: '${id}'`, 'resource_missing', param);
    return index;
  };
  const after = cursor('starting_after');
  const before = cursor('ending_before');
  const start = after !== undefined ? after + 1 : before !== undefined ? Math.max(0, before - limit) : 0;
  const end = before !== undefined && after === undefined ? before : start + limit;
  const data = items.slice(start, Math.min(end, start + limit));
  const hasMore = before !== undefined && after === undefined ? start > 0 : start + limit < items.length;
  return { object: 'list' as const, url, has_more: hasMore, data };
}

/** Replaces the id at `path` (e.g. `subscription`, `data.customer`, `subscription.latest_invoice`). */
export function expandPath(
  node: unknown,
  path: string[],
  find: (id: string) => StripeObjectLike | undefined,
) {
  const [head, ...rest] = path;
  if (head === undefined || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node) expandPath(item, path, find);
    return;
  }
  const record = node as Record<string, unknown>;
  const value = record[head];
  if (typeof value === 'string') {
    const found = find(value);
    if (found) record[head] = structuredClone(found);
  }
  if (rest.length > 0) expandPath(record[head], rest, find);
}
