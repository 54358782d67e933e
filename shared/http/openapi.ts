import { z } from '@hono/zod-openapi';
import { instant } from '../timekeeping/calendar-input';
import { pageQuery } from './pagination';

/** A required JSON request body with this schema (route definitions). */
export const json = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

/** A JSON response with this schema (route definitions). */
export const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The answer of a route that queues a job, where this server has no jobs queue (JOBS_QUEUE_URL). */
export const jobsNotSetUp = { description: 'Background jobs are not set up on this server' };

/** `{id}` path parameter of resources with uuid ids. */
export const idParam = z.object({ id: z.string().uuid() });

const DAY_MS = 86_400_000;

/**
 * A query's `[from, to)` check, for `.superRefine()`: `to` must come after `from`, and, with
 * `maxDays`, at most that many days later. Each instant is parsed once (this runs on every
 * schedule view); an instant that does not parse is already reported by its own field.
 */
export function instantRange(maxDays?: number) {
  return (query: { from: string; to: string }, ctx: z.RefinementCtx) => {
    const span = Date.parse(query.to) - Date.parse(query.from);
    if (Number.isNaN(span)) return;
    if (span <= 0) ctx.addIssue({ code: 'custom', message: 'Must be after from', path: ['to'] });
    else if (maxDays !== undefined && span > maxDays * DAY_MS)
      ctx.addIssue({ code: 'custom', message: `At most ${maxDays} days`, path: ['to'] });
  };
}

/**
 * The query of a list of what starts in `[from, to)` (shifts, time entries): the window, optional
 * location and employee filters, and a page; `maxDays` bounds the window.
 */
export const windowListQuery = (maxDays?: number) =>
  z
    .object({
      from: instant,
      to: instant,
      locationId: z.string().uuid().optional(),
      employeeId: z.string().uuid().optional(),
      ...pageQuery,
    })
    .superRefine(instantRange(maxDays));
