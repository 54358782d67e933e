import { Button, Group, Stack, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { ProblemAlert } from './ProblemAlert';

/**
 * A drawer form's submit button, enabled once something changed, and a "Saved" status (read out
 * by screen readers) after a save until the next change.
 */
export function SaveButton({
  label,
  pending,
  dirty,
  saved,
}: {
  label: string;
  pending: boolean;
  dirty: boolean;
  saved: boolean;
}) {
  return (
    <Group>
      <Button type="submit" loading={pending} disabled={!dirty}>
        {label}
      </Button>
      {saved && !dirty && (
        <Text size="sm" c="teal" role="status">
          Saved
        </Text>
      )}
    </Group>
  );
}

/**
 * A destructive action that asks once more: the first button shows `question` with a confirming
 * and a cancelling button; errors of the action show under the question.
 */
export function ConfirmAction({
  label,
  confirmLabel,
  groupLabel,
  question,
  pending,
  error,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  /** Names the confirmation for screen readers ("Confirm deletion"). */
  groupLabel: string;
  question: ReactNode;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <Group>
        <Button color="red" variant="light" onClick={() => setConfirming(true)}>
          {label}
        </Button>
      </Group>
    );
  return (
    <Stack gap="xs" role="group" aria-label={groupLabel}>
      <Text size="sm">{question}</Text>
      <ProblemAlert error={error} />
      <Group>
        <Button color="red" loading={pending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button variant="default" onClick={() => setConfirming(false)}>
          Keep it
        </Button>
      </Group>
    </Stack>
  );
}
