/**
 * The typed API client: every path, parameter and body is checked against schema.d.ts, which is
 * generated from the API's OpenAPI document. Same origin, so the session cookie goes along.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

/** An error as the API sends it (problem+json), from the OpenAPI document. */
type Problem = components['schemas']['Problem'];

/** One invalid field, as problem+json `errors` names it. */
export type FieldError = NonNullable<Problem['errors']>[number];

/** An API error (problem+json): what went wrong, and which fields when the input was invalid. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly fields: FieldError[] = [],
  ) {
    super(detail || title);
  }
}

/** Turns an error body (problem+json, or anything else) into a {@link ProblemError}. */
export function toProblemError(response: Response, body: unknown): ProblemError {
  // Not every error body is a problem: a proxy in between may answer with its own.
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<Problem>;
  return new ProblemError(
    response.status,
    problem.title ?? response.statusText,
    problem.detail ?? `The server answered ${response.status}.`,
    problem.errors ?? [],
  );
}

/** The data of a client call, or a thrown {@link ProblemError}: what TanStack Query expects. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toProblemError(response, error);
  return data as T;
}
