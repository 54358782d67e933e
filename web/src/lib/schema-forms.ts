/**
 * Forms whose inputs are not the API body one to one (a local date and time where the API takes
 * an instant): validate the body the form will send with the API's own zod schema and show each
 * problem, the browser's or the server's, under the input that holds the field.
 */
import { type FormErrors, schemaResolver, type UseFormReturnType } from '@mantine/form';
import { ProblemError } from '../api/client';
import { showFieldErrors } from './forms';

type Schema = Parameters<typeof schemaResolver>[0];

/** Body field → the input that holds it (`endsAt` → `endTime`); nested paths keep their tail. */
export type FieldMap = Record<string, string>;

const renamed = (field: string, rename: FieldMap) => {
  const [head = '', ...rest] = field.split('.');
  return [rename[head] ?? head, ...rest].join('.');
};

/** A Mantine form validator: `toBody(values)` checked with `schema`, issues on the inputs. */
export function validateBody<Values>(
  schema: Schema,
  toBody: (values: Values) => unknown,
  rename: FieldMap = {},
): (values: Values) => FormErrors {
  const resolve = schemaResolver(schema, { sync: true });
  return (values) =>
    Object.fromEntries(
      Object.entries(resolve(toBody(values))).map(([field, message]) => [renamed(field, rename), message]),
    );
}

/** {@link showFieldErrors} for a form whose inputs hold some body fields under other names. */
export function showBodyErrors(
  // biome-ignore lint/suspicious/noExplicitAny: any form's values.
  form: UseFormReturnType<any>,
  error: unknown,
  rename: FieldMap = {},
): string[] {
  if (!(error instanceof ProblemError)) return [];
  const fields = error.fields.map((f) => ({ ...f, field: renamed(f.field, rename) }));
  return showFieldErrors(form, new ProblemError(error.status, error.title, error.message, fields));
}

/** The body fields a form shows under its inputs (for ProblemAlert's `shownFields`). */
export const shownBodyFields = (values: object, rename: FieldMap = {}) => [
  ...Object.keys(values),
  ...Object.keys(rename),
];
