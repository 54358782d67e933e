import type { Logger } from '@aws-lambda-powertools/logger';
import { processStripeEvent, reconcileBilling } from '../billing/events';
import { cancelTenantBilling } from '../billing/subscriptions';
import type { Sql } from '../db/client';
import { monthlyReportJobs, previousMonth } from '../reports/fan-out';
import { deleteTenant } from '../tenancy/delete';
import { exportTenantToBucket } from '../tenancy/export';
import { getLiveTenant, getTenant } from '../tenancy/registry';
import { deleteTenantObjects } from '../tenancy/stored-objects';
import { sendScheduleNotice } from '../timekeeping/schedule-notice-email';
import type { Job, JobType } from './catalogue';
import { enqueueBatch } from './queue';

export interface JobContext {
  sql: Sql;
  log: Logger;
}

type JobHandler<T extends JobType> = (job: Job<T>, context: JobContext) => Promise<void>;

/** The code that runs each job type. A handler fails its job by throwing; the queue retries it. */
export const jobHandlers: { [K in JobType]: JobHandler<K> } = {
  'tenant.export': async (job, { sql, log }) => {
    if (!job.tenantId) throw new Error('tenant.export needs a tenantId');
    const tenant = await getLiveTenant(sql, job.tenantId);
    const key = await exportTenantToBucket(sql, tenant, job.payload.exportId);
    log.info('tenant exported', { key });
  },

  'schedule.notify': async (job, { sql, log }) => {
    if (!job.tenantId) throw new Error('schedule.notify needs a tenantId');
    const outcome = await sendScheduleNotice(sql, await getLiveTenant(sql, job.tenantId), job.payload);
    log.info('schedule notice', { outcome });
  },

  'reports.fan-out': async (job, { sql, log }) => {
    const month = job.payload.month ?? previousMonth();
    const jobs = await monthlyReportJobs(sql, month);
    await enqueueBatch(jobs);
    log.info('monthly reports queued', { month, count: jobs.length });
  },

  'reports.monthly-report': async (job, { sql, log }) => {
    if (!job.tenantId) throw new Error('reports.monthly-report needs a tenantId');
    // Imported on first use: PDF and chart rendering would otherwise weigh on every job's cold start.
    const { runMonthlyReport } = await import('../reports/monthly-report');
    const outcome = await runMonthlyReport(sql, await getLiveTenant(sql, job.tenantId), job.payload.month);
    log.info('monthly report', { month: job.payload.month, outcome });
  },

  'billing.stripe-event': async (job, { sql, log }) => {
    const { tenantId, outcome } = await processStripeEvent(sql, job.payload);
    const details = {
      eventType: job.payload.eventType,
      subscriptionId: job.payload.subscriptionId,
      billingTenantId: tenantId,
      outcome,
    };
    // The customer paid twice: support may want to refund the card rather than leave a credit.
    if (outcome === 'duplicate_canceled')
      log.error('duplicate subscription canceled, unused time credited', details);
    else log.info('stripe event applied', details);
  },

  'billing.reconcile': async (_job, { sql, log }) => {
    const repaired = await reconcileBilling(sql);
    log.info('billing reconciled', { repaired });
  },

  'tenant.delete': async (job, { sql, log }) => {
    if (!job.tenantId) throw new Error('tenant.delete needs a tenantId');
    const tenant = await getTenant(sql, job.tenantId);
    // A redelivery after the deletion skips the drop but still stops the billing, so a retry
    // after a failed Stripe call finishes the job; cancelling is idempotent.
    if (tenant.status !== 'deleted')
      await deleteTenant(sql, tenant.id, { actor: job.payload.requestedBy, reason: 'owner request' });
    const canceledSubscriptions = await cancelTenantBilling(sql, tenant.id);
    // Its exports and report PDFs go too: the business's data must not outlive it in the bucket.
    const deletedObjects = await deleteTenantObjects(tenant.id);
    log.info('tenant deleted', { canceledSubscriptions, deletedObjects });
  },

  'platform.purge-job-runs': async (job, { sql, log }) => {
    const purged = await sql`
      delete from platform.job_runs
      where status = 'done' and finished_at < now() - make_interval(days => ${job.payload.olderThanDays})`;
    log.info('purged finished job records', { count: purged.count });
  },
};
