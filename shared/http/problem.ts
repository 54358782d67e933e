import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError, type FieldError, fieldErrors, ValidationError } from '../errors';

/** Maps each error code to its HTTP status. Codes not listed here are treated as server errors. */
const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_signature: 400,
  unauthenticated: 401,
  plan_limit: 402,
  payment_required: 402,
  forbidden: 403,
  csrf_rejected: 403,
  no_active_tenant: 403,
  tenant_suspended: 403,
  two_factor_required: 403,
  not_found: 404,
  invalid_tenant_id: 404,
  method_not_allowed: 405,
  invalid_pin: 403,
  conflict: 409,
  timesheet_locked: 409,
  entry_overlap: 409,
  pin_locked: 423,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  service_unavailable: 503,
};

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  423: 'Locked',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export function problemType(code: string): string {
  return `urn:rota:problem:${code}`;
}

/** Builds the problem for any thrown value; unknown errors become a 500 that reveals nothing. */
export function toProblem(error: unknown): Problem {
  // Domain functions re-check their input with zod; a failure there is still the caller's bad input.
  if (error instanceof ZodError) return toProblem(new ValidationError(fieldErrors(error)));
  if (error instanceof AppError) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    if (status === 500) return internalProblem();
    return {
      type: problemType(error.code),
      title: TITLE_BY_STATUS[status] ?? 'Error',
      status,
      code: error.code,
      detail: error.message,
      ...(error.fields.length > 0 ? { errors: error.fields } : {}),
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = codeForStatus(error.status);
    return {
      type: problemType(code),
      title: TITLE_BY_STATUS[error.status] ?? 'Error',
      status: error.status,
      code,
      detail: error.message || TITLE_BY_STATUS[error.status],
    };
  }
  return internalProblem();
}

function internalProblem(): Problem {
  return {
    type: problemType('internal_error'),
    title: TITLE_BY_STATUS[500] as string,
    status: 500,
    code: 'internal_error',
    detail: 'Something went wrong on our side. Quote the request id if you contact support.',
  };
}

/** Codes for errors raised by Hono itself (malformed JSON, body too large, …). */
const CODE_BY_STATUS: Record<number, string> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? 'bad_request';
}

/** Sends a problem as `application/problem+json`, stamped with the request path and id. */
export function problemResponse(c: Context, problem: Problem): Response {
  const body: Problem = { ...problem, instance: c.req.path, requestId: c.get('requestId') };
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}
