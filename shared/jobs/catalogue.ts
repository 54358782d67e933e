import { instant, month } from '../timekeeping/calendar-input';
import { z } from '../zod';

/**
 * Every background job type and the schema of its payload. `enqueue` refuses a job that does not
 * match, and the worker checks again on receipt, so a malformed message never reaches a handler.
 */
export const jobPayloads = {
  /** Builds, stores and emails one tenant's report for a month: once per tenant and month. */
  'reports.monthly-report': z.object({ month }),
  /** Enqueues a monthly report for every tenant whose plan includes it (default: last month). */
  'reports.fan-out': z.object({ month: month.optional() }),
  /** Deletes a tenant for good: its schema dropped, its registry row marked deleted, audited. */
  'tenant.delete': z.object({ requestedBy: z.string().min(1).max(200) }),
  /** Emails one employee their published shifts at a location in [from, to). */
  'schedule.notify': z.object({
    employeeId: z.string().uuid(),
    locationId: z.string().uuid(),
    from: instant,
    to: instant,
  }),
  /** Writes all of a tenant's rows as JSON to the exports bucket. */
  'tenant.export': z.object({ exportId: z.string().uuid() }),
  /** Applies one Stripe event to a tenant's billing (re-reading the subscription from Stripe). */
  'billing.stripe-event': z.object({
    eventId: z.string().min(1),
    eventType: z.string().min(1),
    subscriptionId: z.string().min(1).nullable(),
    invoice: z.object({ id: z.string().min(1), attemptCount: z.number().int().min(0) }).nullable(),
  }),
  /** Re-reads every tenant's subscription from Stripe and repairs differences. */
  'billing.reconcile': z.object({}),
  /** Forgets the records of jobs finished long ago (their idempotency keys). */
  'platform.purge-job-runs': z.object({ olderThanDays: z.number().int().min(1).max(365) }),
} as const;

export type JobType = keyof typeof jobPayloads;
export const jobTypes = Object.keys(jobPayloads) as [JobType, ...JobType[]];

/**
 * Jobs that concern the whole platform and carry no tenant id. Every other job belongs to one
 * tenant and is refused without its id.
 */
const PLATFORM_JOBS: ReadonlySet<JobType> = new Set([
  'reports.fan-out',
  'billing.stripe-event',
  'billing.reconcile',
  'platform.purge-job-runs',
]);

/** A job as it travels on the queue. `id` is the idempotency key: the same id runs once. */
export type Job<T extends JobType = JobType> = {
  [K in T]: {
    id: string;
    type: K;
    /** The tenant the work belongs to; null for platform-wide jobs. */
    tenantId: string | null;
    payload: z.infer<(typeof jobPayloads)[K]>;
  };
}[T];

const envelope = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(jobTypes),
  tenantId: z
    .string()
    .regex(/^[a-z0-9]{8,40}$/)
    .nullable(),
  payload: z.unknown(),
});

/** Validates a job (envelope and payload); throws a ZodError naming the bad field. */
export function parseJob(value: unknown): Job {
  const job = envelope
    .refine((j) => PLATFORM_JOBS.has(j.type) || j.tenantId !== null, {
      message: 'Required: this job belongs to a tenant',
      path: ['tenantId'],
    })
    .parse(value);
  const payload = jobPayloads[job.type].parse(job.payload);
  return { ...job, payload } as Job;
}
