/**
 * What the employee routes take, on its own so the web app's team forms validate with the very
 * schemas the API uses without bundling any server code (plain zod; the routes make OpenAPI components of them with `openApiComponent` from
 * shared/zod.ts, which works whatever the import order).
 */
import { z } from 'zod';
import { localDate } from './calendar-input';

export { localDate };
export const pin = z.string().regex(/^\d{4,6}$/, 'Must be 4 to 6 digits');

export const createEmployeeInput = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  email: z.string().trim().toLowerCase().email().max(254).nullish(),
  jobRole: z.string().trim().max(100).nullish(),
  locationIds: z.array(z.string().uuid()).max(100).default([]),
  hourlyRateMinor: z.number().int().min(0).max(100_000_000).optional(),
  rateEffectiveFrom: localDate.optional(),
  pin: pin.optional(),
});
export type CreateEmployeeInput = z.input<typeof createEmployeeInput>;

export const updateEmployeeInput = z
  .object({
    name: z.string().trim().min(1, 'Enter a name').max(200),
    email: z.string().trim().toLowerCase().email().max(254).nullable(),
    jobRole: z.string().trim().max(100).nullable(),
    locationIds: z.array(z.string().uuid()).max(100),
    archived: z.boolean(),
  })
  .partial();
export type UpdateEmployeeInput = z.infer<typeof updateEmployeeInput>;

export const payRateInput = z.object({
  hourlyRateMinor: z.number().int().min(0).max(100_000_000),
  effectiveFrom: localDate,
});
export type PayRateInput = z.infer<typeof payRateInput>;

/** Sets the kiosk PIN, or clears it with null. */
export const pinInput = z.object({ pin: pin.nullable() });

/**
 * The columns of an employee import file (header row required, in any order; only `name` must
 * have a value). `locations` lists location names separated by `;`; `hourlyRate` is in major
 * units (12.50).
 */
export const IMPORT_COLUMNS = [
  'name',
  'email',
  'jobRole',
  'locations',
  'hourlyRate',
  'rateEffectiveFrom',
  'pin',
] as const;
