/**
 * What the time-entry routes take from managers (a missed entry, a correction, a deletion), on
 * its own so the web app's correction form validates with the very schemas the API uses without
 * bundling any server code (plain zod; the routes make OpenAPI components of them with
 * `openApiComponent`).
 */
import { z } from 'zod';
import { instant } from './calendar-input';

const breakInput = z.object({ startsAt: instant, endsAt: instant });
/** An entry longer than this is flagged on its timesheet: most likely a clock-out forgotten. */
export const LONG_ENTRY_HOURS = 16;
/** Every manual change is kept with the manager's reason. */
const reason = z.string().trim().min(1, 'Say why the entry changes').max(500);

export const manualEntryInput = z.object({
  employeeId: z.string().uuid(),
  locationId: z.string().uuid(),
  clockIn: instant,
  clockOut: instant,
  breaks: z.array(breakInput).max(20).default([]),
  reason,
});
export const correctEntryInput = z.object({
  clockIn: instant.optional(),
  clockOut: instant.optional(),
  breaks: z.array(breakInput).max(20).optional(),
  reason,
});
export const deleteEntryInput = z.object({ reason });
