import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { copyWeekInput } from '../../../shared/timekeeping/shift-input';
import { api, unwrap } from '../api/client';
import { type Location, type Shift, useLocationShifts } from '../api/queries';
import { ProblemAlert } from '../components/ProblemAlert';
import { showBodyErrors, validateBody } from '../lib/schema-forms';
import { addDays, dayLabel, zonedToIso } from '../lib/zoned';

/** How far ahead a week can be copied from here. */
const WEEKS_AHEAD = 8;

interface CopyWeekProps {
  location: Location;
  weekStart: string;
  /** Called with the target week, the new draft shifts, and how many it had already. */
  onCopied: (toWeekStart: string, shifts: Shift[], skipped: number) => void;
}

/** "Copy week": this week's shifts, as drafts at the same local times, into a later week. */
export function CopyWeek(props: CopyWeekProps) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        Copy week
      </Button>
      {opened && <CopyWeekModal {...props} onClose={() => setOpened(false)} />}
    </>
  );
}

function CopyWeekModal({ location, weekStart, onCopied, onClose }: CopyWeekProps & { onClose: () => void }) {
  const queryClient = useQueryClient();
  const toBody = (values: { toWeekStart: string }) => ({
    locationId: location.id,
    fromWeekStart: weekStart,
    toWeekStart: values.toWeekStart,
  });
  const form = useForm({
    initialValues: { toWeekStart: addDays(weekStart, 7) },
    validate: validateBody(copyWeekInput, toBody),
  });
  const weeks = Array.from({ length: WEEKS_AHEAD }, (_, i) => addDays(weekStart, 7 * (i + 1)));
  const target = form.values.toWeekStart;
  const already = useLocationShifts(
    location.id,
    zonedToIso(target, '00:00', location.timeZone),
    zonedToIso(addDays(target, 7), '00:00', location.timeZone),
  );
  const copy = useMutation({
    mutationFn: (values: { toWeekStart: string }) =>
      unwrap(api.POST('/api/v1/shifts/copy-week', { body: toBody(values) })),
    onSuccess: async ({ data, skipped }, values) => {
      await queryClient.invalidateQueries({ queryKey: ['shifts', location.id] });
      onCopied(values.toWeekStart, data, skipped);
      onClose();
    },
    onError: (error) => showBodyErrors(form, error),
  });
  return (
    <Modal opened onClose={onClose} title="Copy this week">
      <form onSubmit={form.onSubmit((values) => copy.mutate(values))} aria-label="Copy week" noValidate>
        <Stack>
          <Text size="sm">
            Every shift of the week of {dayLabel(weekStart)} at {location.name} is copied as a draft, at the
            same local times, to the week you pick.
          </Text>
          <Select
            label="Copy to"
            data={weeks.map((week) => ({ value: week, label: `Week of ${dayLabel(week)}` }))}
            allowDeselect={false}
            {...form.getInputProps('toWeekStart')}
          />
          {(already.data?.length ?? 0) > 0 && (
            <Text size="sm" c="red.9">
              That week already has {already.data?.length} shift{already.data?.length === 1 ? '' : 's'}: the
              copies are added next to them.
            </Text>
          )}
          <ProblemAlert error={copy.error} shownFields={['toWeekStart']} />
          <Group>
            <Button type="submit" loading={copy.isPending}>
              Copy
            </Button>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
