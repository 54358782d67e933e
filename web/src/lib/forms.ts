import type { UseFormReturnType } from '@mantine/form';
import { ProblemError } from '../api/client';

/**
 * Puts the server's field errors (problem+json `errors`) on the form's inputs; returns the ones
 * no input shows, so the page can list them.
 */
// biome-ignore lint/suspicious/noExplicitAny: any form's values.
export function showFieldErrors(form: UseFormReturnType<any>, error: unknown): string[] {
  if (!(error instanceof ProblemError)) return [];
  const unshown: string[] = [];
  for (const { field, message } of error.fields) {
    if (field in form.values) form.setFieldError(field, message);
    else unshown.push(`${field}: ${message}`);
  }
  return unshown;
}
