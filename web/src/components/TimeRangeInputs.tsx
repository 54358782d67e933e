import { Group, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';

/**
 * A start and an end time of one day's work, side by side: an end at or before the start is the
 * next day (a night shift), as the forms turn them into instants.
 */
export function TimeRangeInputs<Values>({
  form,
  start,
  end,
}: {
  form: UseFormReturnType<Values>;
  start: { field: keyof Values & string; label: string };
  end: { field: keyof Values & string; label: string };
}) {
  return (
    <Group grow align="start">
      <TextInput label={start.label} type="time" required {...form.getInputProps(start.field)} />
      <TextInput
        label={end.label}
        type="time"
        description={`At or before the ${start.label.toLowerCase()}: the next day`}
        required
        {...form.getInputProps(end.field)}
      />
    </Group>
  );
}
