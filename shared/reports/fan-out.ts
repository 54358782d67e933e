import { effectivePlan } from '../billing/entitlements';
import { PLANS, type PlanId } from '../billing/plans';
import type { Sql } from '../db/client';
import type { Job } from '../jobs/catalogue';

/** The schedule's time zone: "last month" is the month before the one it is in there. */
export const REPORT_TIME_ZONE = 'Europe/Madrid';

/** The month before `now` in REPORT_TIME_ZONE, as YYYY-MM. */
export function previousMonth(now = new Date()): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', {
    timeZone: REPORT_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
  })
    .format(now)
    .split('-')
    .map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * The report jobs for a month: one per active tenant whose plan includes the report. Each job's
 * id is (tenant, month), so sending them twice runs each once.
 */
export async function monthlyReportJobs(sql: Sql, month: string): Promise<Job<'reports.monthly-report'>[]> {
  const tenants = await sql<
    {
      id: string;
      plan: PlanId | null;
      status: string | null;
      trial_ends_at: Date | null;
      past_due_since: Date | null;
    }[]
  >`
    select t.id, s.plan, s.status, s.trial_ends_at, s.past_due_since
    from platform.tenants t left join platform.subscriptions s on s.tenant_id = t.id
    where t.status = 'active' order by t.id`;
  return tenants
    .filter((t) => {
      const { plan } = effectivePlan({
        plan: t.plan ?? 'free',
        status: t.status ?? 'none',
        trialEndsAt: t.trial_ends_at,
        pastDueSince: t.past_due_since,
      });
      return PLANS[plan].entitlements.monthlyReport;
    })
    .map((t) => ({
      id: `monthly-report:${t.id}:${month}`,
      type: 'reports.monthly-report',
      tenantId: t.id,
      payload: { month },
    }));
}
