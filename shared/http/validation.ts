import type { Hook } from '@hono/zod-openapi';
import { fieldErrors, ValidationError } from '../errors';
import type { AppEnv } from './context';

/**
 * The hook @hono/zod-openapi calls when a request fails its schema: throw, so the app's error
 * handler answers with one problem+json format for every route.
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    const where = result.target === 'json' ? 'body' : result.target;
    throw new ValidationError(fieldErrors(result.error), `The request ${where} has invalid fields.`);
  }
};
