import { type Sql, schemaIdentifier } from '../db/client';
import type { Tenant } from '../tenancy/registry';
import type { z } from '../zod';
import type { PayrollRules } from './payroll-calculator';
import { settingsInput } from './settings-input';

export { settingsInput };

export type Settings = z.infer<typeof settingsInput>;
type SettingsInput = z.input<typeof settingsInput>;

interface SettingsRow {
  currency: string;
  week_starts_on: number;
  pay_period: Settings['payPeriod'];
  pay_period_anchor: string;
  daily_threshold_minutes: number | null;
  weekly_threshold_minutes: number | null;
  overtime_multiplier_percent: number;
  rounding_minutes: 0 | 5 | 10 | 15;
  rounding_mode: Settings['rounding']['mode'];
  breaks_paid: boolean;
  report_recipients: string[];
}

/** The business's settings (every tenant has exactly one row, created with the schema). */
export async function getSettings(sql: Sql, tenant: Tenant): Promise<Settings> {
  const [row] = await sql<SettingsRow[]>`
    select currency, week_starts_on, pay_period, pay_period_anchor::text, daily_threshold_minutes,
           weekly_threshold_minutes, overtime_multiplier_percent, rounding_minutes, rounding_mode, breaks_paid,
           report_recipients
    from ${schemaIdentifier(sql, tenant.schema)}.settings`;
  if (!row) throw new Error(`Tenant ${tenant.id} has no settings row`);
  return {
    currency: row.currency,
    weekStartsOn: row.week_starts_on,
    payPeriod: row.pay_period,
    payPeriodAnchor: row.pay_period_anchor,
    overtime: {
      dailyThresholdMinutes: row.daily_threshold_minutes,
      weeklyThresholdMinutes: row.weekly_threshold_minutes,
      multiplier: row.overtime_multiplier_percent / 100,
    },
    rounding: { minutes: row.rounding_minutes, mode: row.rounding_mode },
    breaksPaid: row.breaks_paid,
    reportRecipients: row.report_recipients,
  };
}

/** Replaces the settings as a whole (PUT semantics). */
export async function updateSettings(sql: Sql, tenant: Tenant, input: SettingsInput): Promise<Settings> {
  const s = settingsInput.parse(input);
  await sql`
    update ${schemaIdentifier(sql, tenant.schema)}.settings set
      currency = ${s.currency}, week_starts_on = ${s.weekStartsOn}, pay_period = ${s.payPeriod},
      pay_period_anchor = ${s.payPeriodAnchor}, daily_threshold_minutes = ${s.overtime.dailyThresholdMinutes},
      weekly_threshold_minutes = ${s.overtime.weeklyThresholdMinutes},
      overtime_multiplier_percent = ${Math.round(s.overtime.multiplier * 100)},
      rounding_minutes = ${s.rounding.minutes}, rounding_mode = ${s.rounding.mode},
      breaks_paid = ${s.breaksPaid}, report_recipients = ${s.reportRecipients}, updated_at = now()`;
  return getSettings(sql, tenant);
}

/** The settings as the payroll calculator takes them. */
export function payrollRules(settings: Settings): PayrollRules {
  return {
    dailyThresholdMinutes: settings.overtime.dailyThresholdMinutes,
    weeklyThresholdMinutes: settings.overtime.weeklyThresholdMinutes,
    overtimeMultiplierPercent: Math.round(settings.overtime.multiplier * 100),
    rounding: { incrementMinutes: settings.rounding.minutes, mode: settings.rounding.mode },
    breaksPaid: settings.breaksPaid,
    weekStartsOn: settings.weekStartsOn,
  };
}
