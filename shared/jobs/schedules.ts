import { z } from '../zod';
import { type Job, jobPayloads, jobTypes } from './catalogue';
import scheduleData from './schedules.json' with { type: 'json' };

/**
 * A recurring job. The list is data (schedules.json) so that infra/ can turn each entry into an
 * EventBridge Scheduler schedule without importing runtime code; locally the in-process scheduler
 * fires the same entries. Cron is the 5-field form (minute hour day-of-month month day-of-week)
 * evaluated in `timeZone`.
 */
export interface Schedule {
  name: string;
  description: string;
  cron: string;
  timeZone: string;
  type: Job['type'];
  payload: Job['payload'];
}

const scheduleSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]{1,64}$/),
    description: z.string(),
    cron: z.string().regex(/^\S+( \S+){4,5}$/, 'Must be a 5-field cron expression'),
    timeZone: z.string().min(1),
    type: z.enum(jobTypes),
    payload: z.unknown(),
  })
  .transform((entry) => ({ ...entry, payload: jobPayloads[entry.type].parse(entry.payload) }) as Schedule);

/** Every schedule, validated against the job catalogue when the module loads. */
export const schedules: Schedule[] = z.array(scheduleSchema).parse(scheduleData);

/**
 * The job a schedule sends for one firing. The id is the schedule name plus the scheduled time
 * (EventBridge's `<aws.scheduler.scheduled-time>`), so a duplicate firing does the work once.
 */
export function jobForFiring(schedule: Schedule, scheduledTime: Date): Job {
  return {
    id: `${schedule.name}:${scheduledTime.toISOString()}`,
    type: schedule.type,
    tenantId: null,
    payload: schedule.payload,
  } as Job;
}
