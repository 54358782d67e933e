import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Tabs,
  TagsInput,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormErrors, schemaResolver, type UseFormReturnType, useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { settingsInput } from '../../../shared/timekeeping/settings-input';
import { api, ProblemError, unwrap } from '../api/client';
import { useMe } from '../api/me';
import { useSettings } from '../api/queries';
import type { components } from '../api/schema';
import { ProblemAlert } from '../components/ProblemAlert';
import { PageState } from './PageState';
import { BusinessNameForm } from './SettingsBusiness';
import { DeleteBusinessSection, ExportSection } from './SettingsData';
import { ChangePasswordForm } from './SettingsPassword';
import { ApiKeysSection, SecuritySection } from './SettingsSecurity';

type Settings = components['schemas']['Settings'];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** How many people besides the owners may get the monthly report (settings-input.ts). */
const MAX_REPORT_RECIPIENTS = 10;
/** What the anchor date means for each kind of pay period. */
const ANCHOR_HELP: Record<Settings['payPeriod'], string> = {
  weekly: 'Each period is a week from this day',
  biweekly: 'Each period is two weeks from this day',
  semimonthly: 'Periods are the 1st–15th and the 16th–end of each month; this date plays no part',
  monthly: 'Each period starts on this day of the month (a shorter month’s last day if it has none)',
};

/** Whether `values` has the field at `path` (`overtime.multiplier`, `reportRecipients.2`). */
function holdsField(values: unknown, path: string): boolean {
  let at = values;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || !(key in at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}

/** The server's invalid fields that the form has, nested ones too, to put under their inputs. */
const fieldErrorsIn = (values: Settings, error: unknown): FormErrors =>
  error instanceof ProblemError
    ? Object.fromEntries(
        error.fields.filter((f) => holdsField(values, f.field)).map((f) => [f.field, f.message]),
      )
    : {};

/** The business's name and rules and API keys (owners and admins), and the person's own security. */
export function SettingsPage() {
  const role = useMe().data?.tenant?.role;
  const canEditBusiness = role === 'owner' || role === 'admin';
  const isOwner = role === 'owner';
  return (
    <Stack>
      <Title order={2}>Settings</Title>
      <Tabs defaultValue={canEditBusiness ? 'company' : 'security'} keepMounted={false}>
        <Tabs.List>
          {canEditBusiness && <Tabs.Tab value="company">Business</Tabs.Tab>}
          {canEditBusiness && <Tabs.Tab value="business">Pay rules</Tabs.Tab>}
          {canEditBusiness && <Tabs.Tab value="api-keys">API keys</Tabs.Tab>}
          <Tabs.Tab value="security">Sign-in and security</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="company" pt="md">
          <Stack gap="xl">
            <BusinessNameForm />
            <ExportSection />
            {isOwner && <DeleteBusinessSection />}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="business" pt="md">
          <BusinessSettings />
        </Tabs.Panel>
        <Tabs.Panel value="api-keys" pt="md">
          <ApiKeysSection />
        </Tabs.Panel>
        <Tabs.Panel value="security" pt="md">
          <Stack gap="xl">
            <ChangePasswordForm />
            <SecuritySection />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function BusinessSettings() {
  const settings = useSettings();
  return (
    <PageState pending={settings.isPending} error={settings.error}>
      {settings.data && <SettingsForm saved={settings.data} />}
    </PageState>
  );
}

function SettingsForm({ saved }: { saved: Settings }) {
  const queryClient = useQueryClient();
  const form = useForm<Settings>({
    initialValues: saved,
    validate: schemaResolver(settingsInput, { sync: true }),
  });
  const save = useMutation({
    mutationFn: (values: Settings) => unwrap(api.PUT('/api/v1/settings', { body: values })),
    onSuccess: (next) => {
      queryClient.setQueryData(['settings'], next);
      form.resetDirty(next);
    },
    // Under their inputs, nested fields too (`overtime.dailyThresholdMinutes`), not only top-level ones.
    onError: (error, values) => form.setErrors(fieldErrorsIn(values, error)),
  });
  const shownFields =
    save.error instanceof ProblemError && save.variables
      ? Object.keys(fieldErrorsIn(save.variables, save.error))
      : [];
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} aria-label="Pay rules" noValidate>
      <Stack maw={560}>
        <Group grow>
          <TextInput label="Currency" description="ISO code, e.g. EUR" {...form.getInputProps('currency')} />
          <Select
            label="Week starts on"
            data={WEEKDAYS.map((day, i) => ({ value: String(i + 1), label: day }))}
            allowDeselect={false}
            value={String(form.values.weekStartsOn)}
            onChange={(value) => form.setFieldValue('weekStartsOn', Number(value))}
            error={form.errors.weekStartsOn}
          />
        </Group>
        <Group grow>
          <Select
            label="Pay period"
            data={['weekly', 'biweekly', 'semimonthly', 'monthly']}
            allowDeselect={false}
            {...form.getInputProps('payPeriod')}
          />
          <TextInput
            label="Pay periods start from"
            description={ANCHOR_HELP[form.values.payPeriod]}
            type="date"
            {...form.getInputProps('payPeriodAnchor')}
          />
        </Group>
        <Title order={4}>Overtime</Title>
        <Group grow>
          <NumberInput
            label="Daily threshold (minutes)"
            description="Empty: no daily overtime"
            min={1}
            {...form.getInputProps('overtime.dailyThresholdMinutes')}
            onChange={(value) =>
              form.setFieldValue('overtime.dailyThresholdMinutes', value === '' ? null : Number(value))
            }
          />
          <NumberInput
            label="Weekly threshold (minutes)"
            description="Empty: no weekly overtime"
            min={1}
            {...form.getInputProps('overtime.weeklyThresholdMinutes')}
            onChange={(value) =>
              form.setFieldValue('overtime.weeklyThresholdMinutes', value === '' ? null : Number(value))
            }
          />
          <NumberInput
            label="Multiplier"
            decimalScale={2}
            step={0.25}
            min={1}
            {...form.getInputProps('overtime.multiplier')}
          />
        </Group>
        <Title order={4}>Clock rounding and breaks</Title>
        <Group grow>
          <Select
            label="Round clock times to"
            data={[0, 5, 10, 15].map((m) => ({
              value: String(m),
              label: m === 0 ? 'No rounding' : `${m} minutes`,
            }))}
            allowDeselect={false}
            value={String(form.values.rounding.minutes)}
            onChange={(value) =>
              form.setFieldValue('rounding.minutes', Number(value) as Settings['rounding']['minutes'])
            }
            error={form.errors['rounding.minutes']}
          />
          <Select
            label="Rounding"
            data={['nearest', 'up', 'down']}
            allowDeselect={false}
            {...form.getInputProps('rounding.mode')}
          />
        </Group>
        <Checkbox label="Breaks are paid" {...form.getInputProps('breaksPaid', { type: 'checkbox' })} />
        <Title order={4}>Monthly report</Title>
        <ReportRecipientsInput form={form} />
        <ProblemAlert error={save.error} shownFields={shownFields} />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Who else gets the monthly report (the accountant, say): one error line per address at fault,
 * naming it, as an input of tags has one place for errors.
 */
function ReportRecipientsInput({ form }: { form: UseFormReturnType<Settings> }) {
  const recipients = form.values.reportRecipients;
  const errors = Object.entries(form.errors)
    .filter(([field]) => field === 'reportRecipients' || field.startsWith('reportRecipients.'))
    .map(([field, message]) => {
      const index = field.split('.')[1];
      return index === undefined ? String(message) : `${recipients[Number(index)] ?? ''}: ${message}`;
    });
  return (
    <TagsInput
      label="Also send it to"
      description={`Owners always get it. Up to ${MAX_REPORT_RECIPIENTS} more email addresses, e.g. your accountant’s; press Enter after each.`}
      placeholder={recipients.length < MAX_REPORT_RECIPIENTS ? 'name@example.com' : undefined}
      maxTags={MAX_REPORT_RECIPIENTS}
      splitChars={[',', ' ', ';']}
      clearable
      value={recipients}
      onChange={(next) => {
        // The errors name addresses by position: any change makes them stale.
        form.setErrors(
          Object.fromEntries(
            Object.entries(form.errors).filter(([field]) => !field.startsWith('reportRecipients')),
          ),
        );
        form.setFieldValue('reportRecipients', next);
      }}
      error={
        errors.length > 0 ? (
          <Stack gap={2} component="span">
            {errors.map((line) => (
              <span key={line}>{line}</span>
            ))}
          </Stack>
        ) : undefined
      }
    />
  );
}
