import { Cron } from 'croner';
import type { Job } from '../jobs/catalogue';
import { jobForFiring, type Schedule } from '../jobs/schedules';

export interface LocalScheduler {
  stop(): void;
}

/**
 * The local stand-in for EventBridge Scheduler: fires each schedule in its time zone and sends the
 * same job the deployed schedule would send.
 */
export function startScheduler(
  list: Schedule[],
  send: (job: Job) => Promise<void>,
  onError: (error: unknown, schedule: Schedule) => void,
): LocalScheduler {
  const crons = list.map(
    (schedule) =>
      new Cron(schedule.cron, { timezone: schedule.timeZone, name: schedule.name }, async (self: Cron) => {
        const scheduledTime = self.currentRun() ?? new Date();
        await send(jobForFiring(schedule, scheduledTime)).catch((error: unknown) => onError(error, schedule));
      }),
  );
  return {
    stop() {
      for (const cron of crons) cron.stop();
    },
  };
}
