import type { Job, JobType } from './catalogue';

/**
 * Recurring jobs. In AWS each becomes an EventBridge Scheduler schedule that sends the job to the
 * jobs queue; locally the in-process scheduler does the same. Cron is the 5-field form
 * (minute hour day-of-month month day-of-week) evaluated in `timeZone`.
 */
export interface Schedule<T extends JobType = JobType> {
  name: string;
  cron: string;
  timeZone: string;
  type: T;
  payload: Extract<Job, { type: T }>['payload'];
}

export const schedules: Schedule[] = [
  {
    name: 'purge-job-runs',
    cron: '17 3 * * *',
    timeZone: 'UTC',
    type: 'platform.purge-job-runs',
    payload: { olderThanDays: 14 },
  },
  // 06:00 in Madrid on the 1st: last month's report for every business whose plan includes it.
  {
    name: 'monthly-reports',
    cron: '0 6 1 * *',
    timeZone: 'Europe/Madrid',
    type: 'reports.fan-out',
    payload: {},
  },
  // Hourly: repairs any tenant whose Stripe webhooks were lost or delayed.
  {
    name: 'reconcile-billing',
    cron: '41 * * * *',
    timeZone: 'UTC',
    type: 'billing.reconcile',
    payload: {},
  },
];

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
