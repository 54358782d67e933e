/**
 * What the shift routes take, on its own so the web app's schedule forms validate with the very
 * schemas the API uses without bundling any server code (plain zod; the routes make OpenAPI components of them with `openApiComponent` from
 * shared/zod.ts, which works whatever the import order).
 */
import { z } from 'zod';
import { instant, localDate } from './calendar-input';

const shiftFields = z.object({
  locationId: z.string().uuid(),
  employeeId: z.string().uuid().nullable(),
  startsAt: instant,
  endsAt: instant,
  role: z.string().trim().max(100).nullish(),
  notes: z.string().trim().max(2000).nullish(),
});

const DAY_MS = 24 * 3_600_000;

/** What is wrong with a shift's times, or null: it must end after it starts, within a day. */
export function shiftTimesProblem(startsAt: string | Date, endsAt: string | Date): string | null {
  const length = new Date(endsAt).getTime() - new Date(startsAt).getTime();
  if (!(length > 0)) return 'Must be after the start';
  if (length > DAY_MS) return 'A shift lasts at most 24 hours';
  return null;
}

/** The end's problem, on the end, when both times are given (an update may change only one). */
function checkTimes(shift: { startsAt?: string; endsAt?: string }, context: z.RefinementCtx) {
  const problem = shift.startsAt && shift.endsAt ? shiftTimesProblem(shift.startsAt, shift.endsAt) : null;
  if (problem) context.addIssue({ code: 'custom', message: problem, path: ['endsAt'] });
}

export const createShiftInput = shiftFields.superRefine(checkTimes);
export const updateShiftInput = shiftFields.partial().superRefine(checkTimes);
export type CreateShiftInput = z.input<typeof createShiftInput>;
export type UpdateShiftInput = z.input<typeof updateShiftInput>;

export const publishInput = z.object({ locationId: z.string().uuid(), from: instant, to: instant });
export const copyWeekInput = z
  .object({
    locationId: z.string().uuid(),
    fromWeekStart: localDate,
    toWeekStart: localDate,
  })
  .refine((input) => input.fromWeekStart !== input.toWeekStart, {
    message: 'Must be another week than fromWeekStart',
    path: ['toWeekStart'],
  });
