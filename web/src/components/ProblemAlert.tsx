import { Alert, List } from '@mantine/core';
import { ProblemError } from '../api/client';

/**
 * An API or network error, with the invalid fields the server named, except `shownFields`: those
 * a form already shows under its inputs.
 */
export function ProblemAlert({ error, shownFields = [] }: { error: unknown; shownFields?: string[] }) {
  if (!error) return null;
  const fields =
    error instanceof ProblemError ? error.fields.filter((f) => !shownFields.includes(f.field)) : [];
  const title = error instanceof ProblemError ? error.title : 'Something went wrong';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title={title} role="alert">
      {message}
      {fields.length > 0 && (
        <List size="sm" mt="xs">
          {fields.map((field) => (
            <List.Item key={field.field}>
              {field.field}: {field.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
