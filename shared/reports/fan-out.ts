import { effectivePlan } from '../billing/entitlements';
import { PLANS, type PlanId } from '../billing/plans';
import { type Sql, schemaIdentifier } from '../db/client';
import type { Job } from '../jobs/catalogue';

/**
 * The local time on the 1st when last month's report is due at a location: its last evening's
 * shifts are over by then. The fan-out fires hourly on the 1st (UTC) and queues each business once
 * this time has passed at every one of its locations (everywhere by 18:00 UTC).
 */
export const REPORT_LOCAL_TIME = '06:00';

/** How many businesses' locations the fan-out looks up at once. */
const DUE_LOOKUPS_AT_ONCE = 20;

/** The month before the one `now` is in, in UTC, as YYYY-MM. */
export function previousMonth(now = new Date()): string {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth(); // 0-based: the previous month's 1-based number
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

/** The first day of the month after `month` (YYYY-MM), as YYYY-MM-DD. */
function firstDayAfter(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01-01` : `${year}-${String(number + 1).padStart(2, '0')}-01`;
}

/**
 * When a business's report for `month` is due: REPORT_LOCAL_TIME on the next month's 1st at its
 * westernmost location (in UTC for a business without locations). Before then, the month is not
 * over everywhere it works, and a late shift of the month's last evening would be left out.
 */
async function reportDueAt(sql: Sql, schema: string, month: string): Promise<Date> {
  const localDue = sql`${firstDayAfter(month)}::date + ${REPORT_LOCAL_TIME}::time`;
  const [row] = await sql<{ due: Date }[]>`
    select coalesce(max((${localDue}) at time zone time_zone), (${localDue}) at time zone 'UTC') as due
    from ${schemaIdentifier(sql, schema)}.locations`;
  return row!.due;
}

/**
 * The report jobs for a month that are due by `now`: one per active tenant whose plan includes the
 * report, whose report is due ({@link reportDueAt}) and not yet begun. Each job's id is (tenant,
 * month), so sending them twice runs each once.
 */
export async function monthlyReportJobs(
  sql: Sql,
  month: string,
  now = new Date(),
): Promise<Job<'reports.monthly-report'>[]> {
  const tenants = await sql<
    {
      id: string;
      schema_name: string;
      plan: PlanId | null;
      status: string | null;
      trial_ends_at: Date | null;
      past_due_since: Date | null;
    }[]
  >`
    select t.id, t.schema_name, s.plan, s.status, s.trial_ends_at, s.past_due_since
    from platform.tenants t left join platform.subscriptions s on s.tenant_id = t.id
    where t.status = 'active'
      and not exists (select 1 from platform.monthly_reports r where r.tenant_id = t.id and r.month = ${month})
    order by t.id`;
  const entitled = tenants.filter((t) => {
    const { plan } = effectivePlan({
      plan: t.plan ?? 'free',
      status: t.status ?? 'none',
      trialEndsAt: t.trial_ends_at,
      pastDueSince: t.past_due_since,
    });
    return PLANS[plan].entitlements.monthlyReport;
  });
  const due: typeof entitled = [];
  for (let i = 0; i < entitled.length; i += DUE_LOOKUPS_AT_ONCE) {
    const batch = entitled.slice(i, i + DUE_LOOKUPS_AT_ONCE);
    const dueAt = await Promise.all(batch.map((t) => reportDueAt(sql, t.schema_name, month)));
    due.push(...batch.filter((_, j) => dueAt[j]! <= now));
  }
  return due.map((t) => ({
    id: `monthly-report:${t.id}:${month}`,
    type: 'reports.monthly-report',
    tenantId: t.id,
    payload: { month },
  }));
}
