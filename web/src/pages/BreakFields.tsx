import { Button, CloseButton, Fieldset, Group, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { type LocalBreak, MAX_BREAKS } from './entry-forms';

/**
 * An entry's breaks as local start and end times, to add, change or remove; a break's own error
 * (outside the entry) shows under its row.
 */
export function BreakFields({
  form,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: any entry form with `breaks`.
  form: UseFormReturnType<any>;
}) {
  const breaks: LocalBreak[] = form.values.breaks;
  return (
    <Fieldset legend="Breaks" variant="unstyled">
      <Stack gap={4}>
        {breaks.length === 0 && (
          <Text size="sm" c="dimmed">
            No breaks
          </Text>
        )}
        {breaks.map((_, i) => {
          const n = i + 1;
          const rowError = form.errors[`breaks.${i}`];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows are the form's paths `breaks.<i>`, by index.
            <Stack key={i} gap={2}>
              <Group align="end" wrap="nowrap">
                <TextInput
                  label={`Break ${n} start`}
                  type="time"
                  style={{ flex: 1 }}
                  {...form.getInputProps(`breaks.${i}.startsAt`)}
                />
                <TextInput
                  label={`Break ${n} end`}
                  type="time"
                  style={{ flex: 1 }}
                  {...form.getInputProps(`breaks.${i}.endsAt`)}
                />
                <CloseButton
                  aria-label={`Remove break ${n}`}
                  mb={6}
                  onClick={() => form.removeListItem('breaks', i)}
                />
              </Group>
              {rowError ? (
                <Text size="xs" c="red">
                  {rowError}
                </Text>
              ) : null}
            </Stack>
          );
        })}
        <Group>
          <Button
            size="compact-sm"
            variant="subtle"
            disabled={breaks.length >= MAX_BREAKS}
            onClick={() => form.insertListItem('breaks', { startsAt: '', endsAt: '' } satisfies LocalBreak)}
          >
            Add break
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
