import { Badge, Card, Group, Text } from '@mantine/core';
import type { Shift } from '../api/queries';
import { localTime } from '../lib/zoned';

/** One shift in the grid; opens it for editing. Open shifts (nobody yet) have a dashed border. */
export function ShiftCard({
  shift,
  zone,
  who,
  overlaps,
  onClick,
}: {
  shift: Shift;
  zone: string;
  who: string | null;
  overlaps: boolean;
  onClick: () => void;
}) {
  return (
    <Card
      component="button"
      type="button"
      onClick={onClick}
      withBorder
      p="xs"
      data-testid="shift"
      ta="left"
      bg={who ? undefined : 'yellow.0'}
      style={{
        cursor: 'pointer',
        borderStyle: who ? undefined : 'dashed',
        borderColor: overlaps ? 'var(--mantine-color-red-6)' : undefined,
      }}
    >
      <Text size="sm" fw={600} fs={who ? undefined : 'italic'}>
        {who ?? 'Open shift'}
      </Text>
      <Text size="xs">
        {localTime(shift.startsAt, zone)}–{localTime(shift.endsAt, zone)}
        {shift.role ? ` · ${shift.role}` : ''}
      </Text>
      <Group gap={4} mt={4}>
        <Badge size="xs" color={shift.published ? 'teal' : 'gray'}>
          {shift.published ? 'Published' : 'Draft'}
        </Badge>
        {!who && (
          <Badge size="xs" color="yellow">
            Open
          </Badge>
        )}
        {overlaps && (
          <Badge size="xs" color="red">
            Overlaps
          </Badge>
        )}
      </Group>
    </Card>
  );
}
