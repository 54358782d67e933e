import type { z } from 'zod';

/** One field that failed validation, named by its path in the input (`address.postcode`). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Every error Rota raises on purpose. `code` is stable and machine-readable; the HTTP edge maps it
 * to a status (shared/http/problem.ts). Anything that is not an AppError is a bug and becomes a
 * generic 500.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: string;
  readonly fields: FieldError[];

  constructor(code: string, message: string, options: { fields?: FieldError[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.fields = options.fields ?? [];
  }
}

/** Input that failed validation; `fields` names each offending field. */
export class ValidationError extends AppError {
  override name = 'ValidationError';
  constructor(fields: FieldError[], message = 'The request has invalid fields.') {
    super('validation_failed', message, { fields });
  }
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  constructor(what: string, options: { cause?: unknown } = {}) {
    super('not_found', `${what} was not found.`, options);
  }
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('conflict', message, options);
  }
}

/** Turns zod issues into field errors: `[{ field: 'address.postcode', message: '…' }]`. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.message,
  }));
}
