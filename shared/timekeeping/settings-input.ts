/**
 * What the business settings take, on its own so the web app's settings form validates with the
 * very schema the API uses without bundling any server code (plain zod; the routes make OpenAPI components of them with `openApiComponent` from
 * shared/zod.ts, which works whatever the import order).
 */
import { z } from 'zod';
import { localDate } from './calendar-input';

/** The currencies this runtime knows (ISO 4217, from Intl): their symbols and decimals are known. */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const CURRENCY_MESSAGE = 'Must be an ISO 4217 currency code such as EUR';

export const settingsInput = z
  .object({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, CURRENCY_MESSAGE)
      .refine((code) => KNOWN_CURRENCIES.has(code), CURRENCY_MESSAGE),
    weekStartsOn: z.number().int().min(1).max(7),
    payPeriod: z.enum(['weekly', 'biweekly', 'semimonthly', 'monthly']),
    payPeriodAnchor: localDate.describe(
      'Weekly and biweekly periods repeat from this day; monthly periods start on its day of the month (a shorter month’s last day when it has none); semimonthly periods are the 1st–15th and the 16th–end of month whatever it is',
    ),
    overtime: z.object({
      dailyThresholdMinutes: z.number().int().min(1).max(1440).nullable(),
      weeklyThresholdMinutes: z.number().int().min(1).max(10080).nullable(),
      multiplier: z.number().min(1).max(4).multipleOf(0.01),
    }),
    rounding: z.object({
      minutes: z.union([z.literal(0), z.literal(5), z.literal(10), z.literal(15)]),
      mode: z.enum(['nearest', 'up', 'down']),
    }),
    breaksPaid: z.boolean(),
    /** Who receives the monthly report besides the owners (at most 10). */
    reportRecipients: z.array(z.string().trim().toLowerCase().email()).max(10).default([]),
  })
  .strict();
