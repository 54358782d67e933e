import { Alert, List } from '@mantine/core';
import { type ShiftConflict, useLocations } from '../api/queries';
import { dayLabel, localDate, localTime } from '../lib/zoned';

/**
 * The double bookings the API reported with a write: the shift is saved, and these other shifts
 * of the same person overlap it (each in its own location's time zone).
 */
export function ShiftConflicts({ conflicts }: { conflicts: ShiftConflict[] }) {
  const locations = useLocations();
  if (conflicts.length === 0) return null;
  const byId = new Map(locations.data?.map((l) => [l.id, l]));
  return (
    <Alert color="orange" title="Saved, with a conflict">
      This shift overlaps {conflicts.length} other shift{conflicts.length === 1 ? '' : 's'} of the same
      person:
      <List size="sm" mt={4}>
        {conflicts.map((conflict) => {
          const location = byId.get(conflict.locationId);
          const zone = location?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
          return (
            <List.Item key={conflict.shiftId}>
              {dayLabel(localDate(conflict.startsAt, zone))} {localTime(conflict.startsAt, zone)}–
              {localTime(conflict.endsAt, zone)}
              {location ? ` at ${location.name}` : ''}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}
