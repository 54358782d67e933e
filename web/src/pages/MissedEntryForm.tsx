import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { manualEntryInput } from '../../../shared/timekeeping/time-entry-input';
import { api, unwrap } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { TimeRangeInputs } from '../components/TimeRangeInputs';
import { validateBody } from '../lib/schema-forms';
import { instantAt, localDate } from '../lib/zoned';
import { BreakFields } from './BreakFields';
import {
  blankTimes,
  breaksBody,
  clockOutAt,
  type LocalBreak,
  showEntryErrors,
  shownEntryFields,
} from './entry-forms';
import { PageState } from './PageState';
import type { EntryPlace, PeriodOf } from './period-entries';

interface MissedValues {
  locationId: string | null;
  day: string;
  clockIn: string;
  clockOut: string;
  breaks: LocalBreak[];
  reason: string;
}

/** The POST body: local times on the day, in the location's zone. */
function toBody(employeeId: string, values: MissedValues, zoneOf: Map<string, EntryPlace>) {
  const zone = zoneOf.get(values.locationId ?? '')?.timeZone ?? 'UTC';
  return {
    employeeId,
    locationId: values.locationId ?? '',
    clockIn: instantAt(values.day, values.clockIn, zone),
    clockOut: clockOutAt(values.day, values.clockIn, values.clockOut, zone),
    breaks: breaksBody(values.breaks, values.day, values.clockIn, zone),
    reason: values.reason,
  };
}

/** Today, where the browser is, while it is in the period; else the period's first day. */
function defaultDay({ periodStart, periodEnd }: PeriodOf): string {
  const today = localDate(new Date().toISOString(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  return today >= periodStart && today <= periodEnd ? today : periodStart;
}

/**
 * A shift someone forgot to clock, entered by a manager with a reason: at one of the employee's
 * locations, on a day of the period, in that location's local time.
 */
export function MissedEntryForm({
  period,
  zoneOf,
  onDone,
}: {
  period: PeriodOf;
  zoneOf: Map<string, EntryPlace>;
  onDone: () => void;
}) {
  const employee = useQuery({
    queryKey: ['employees', 'one', period.employeeId],
    queryFn: () => unwrap(api.GET('/api/v1/employees/{id}', { params: { path: { id: period.employeeId } } })),
  });
  // Where they work and the caller manages: the API refuses the others.
  const locations = (employee.data?.locationIds ?? []).flatMap((id) => {
    const location = zoneOf.get(id);
    return location ? [location] : [];
  });
  return (
    <PageState
      pending={employee.isPending}
      error={employee.error}
      empty={locations.length === 0}
      emptyText="They work at none of your locations: add one to them on the Team page first."
    >
      <MissedEntryFields period={period} locations={locations} zoneOf={zoneOf} onDone={onDone} />
    </PageState>
  );
}

function MissedEntryFields({
  period,
  locations,
  zoneOf,
  onDone,
}: {
  period: PeriodOf;
  locations: EntryPlace[];
  zoneOf: Map<string, EntryPlace>;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<MissedValues>({
    initialValues: {
      locationId: locations.length === 1 ? (locations[0]?.id ?? null) : null,
      day: defaultDay(period),
      clockIn: '',
      clockOut: '',
      breaks: [],
      reason: '',
    },
    validate: (values) => {
      const inPeriod = values.day >= period.periodStart && values.day <= period.periodEnd;
      return {
        ...validateBody(manualEntryInput, (v: MissedValues) => toBody(period.employeeId, v, zoneOf))(values),
        ...(values.locationId ? {} : { locationId: 'Pick the location' }),
        ...(inPeriod ? {} : { day: `Pick a day from ${period.periodStart} to ${period.periodEnd}` }),
        ...blankTimes(values, true),
      };
    },
  });
  const add = useMutation({
    mutationFn: (values: MissedValues) =>
      unwrap(api.POST('/api/v1/time-entries', { body: toBody(period.employeeId, values, zoneOf) })),
    onSuccess: () => {
      onDone();
      return queryClient
        .invalidateQueries({ queryKey: ['time-entries'] })
        .then(() => queryClient.invalidateQueries({ queryKey: ['timesheets'] }));
    },
    onError: (error) => showEntryErrors(form, error),
  });
  const zone = zoneOf.get(form.values.locationId ?? '')?.timeZone;
  return (
    <form onSubmit={form.onSubmit((values) => add.mutate(values))} aria-label="Add a missed entry" noValidate>
      <Stack gap="xs">
        <Select
          label="Location"
          data={locations.map((l) => ({ value: l.id, label: l.name }))}
          allowDeselect={false}
          required
          description={zone ? `Times in ${zone}` : undefined}
          {...form.getInputProps('locationId')}
        />
        <TextInput
          label="Date"
          type="date"
          min={period.periodStart}
          max={period.periodEnd}
          required
          {...form.getInputProps('day')}
        />
        <TimeRangeInputs
          form={form}
          start={{ field: 'clockIn', label: 'Clock in' }}
          end={{ field: 'clockOut', label: 'Clock out' }}
        />
        <BreakFields form={form} />
        <TextInput
          label="Reason"
          description="Kept in the entry's history"
          required
          {...form.getInputProps('reason')}
        />
        <ProblemAlert error={add.error} shownFields={shownEntryFields(form.values, add.error)} />
        <Group>
          <Button type="submit" size="xs" loading={add.isPending}>
            Add entry
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
