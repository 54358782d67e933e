import { Alert, List } from '@mantine/core';
import { ProblemError } from '../api/client';

/** An API or network error, with the invalid fields when the server named them. */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const title = error instanceof ProblemError ? error.title : 'Something went wrong';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title={title} role="alert">
      {message}
      {error instanceof ProblemError && error.fields.length > 0 && (
        <List size="sm" mt="xs">
          {error.fields.map((field) => (
            <List.Item key={field.field}>
              {field.field}: {field.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
