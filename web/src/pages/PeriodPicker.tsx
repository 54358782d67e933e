import { Button, Group, Text } from '@mantine/core';
import type { components } from '../api/schema';
import { addDays } from '../lib/zoned';

type PayPeriod = components['schemas']['PayPeriod'];

/** Badge colours of a timesheet's status, the same wherever a sheet is shown. */
export const STATUS_COLOR = { open: 'gray', submitted: 'blue', approved: 'teal' } as const;

/**
 * A pay period and the buttons to the one before and after: the API names the previous period's
 * start (pay periods differ in length), and the next one starts the day after this one ends.
 */
export function PeriodPicker({
  period,
  onPick,
  compact = false,
}: {
  period: PayPeriod;
  onPick: (periodStart: string) => void;
  compact?: boolean;
}) {
  const size = compact ? 'compact-sm' : 'sm';
  return (
    <Group gap={compact ? 'xs' : 'md'}>
      <Button
        variant="default"
        size={size}
        aria-label="Previous period"
        onClick={() => onPick(period.previousStart)}
      >
        ‹
      </Button>
      <Text size={compact ? 'sm' : undefined} fw={compact ? undefined : 600}>
        {period.start} to {period.end}
      </Text>
      <Button
        variant="default"
        size={size}
        aria-label="Next period"
        onClick={() => onPick(addDays(period.end, 1))}
      >
        ›
      </Button>
    </Group>
  );
}
