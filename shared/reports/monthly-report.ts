import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { s3Client, sesClient } from '../aws';
import { billingState, effectivePlan } from '../billing/entitlements';
import { PLANS } from '../billing/plans';
import { ownerEmails } from '../billing/subscriptions';
import { config } from '../config';
import type { Sql } from '../db/client';
import { monthlyReportEmail } from '../email/templates';
import type { Tenant } from '../tenancy/registry';
import { monthlyMetrics } from '../timekeeping/metrics';
import { getSettings } from '../timekeeping/settings';
import { type ReportData, renderMonthlyReport } from './render';
import { type ReportStatus, reportObjectKey } from './store';

export type ReportOutcome = 'sent' | 'already-done' | 'skipped';

/** The report's figures for a month, from the core product's data in each location's zone. */
export async function buildReportData(sql: Sql, tenant: Tenant, month: string): Promise<ReportData> {
  const metrics = await monthlyMetrics(sql, tenant, month);
  return {
    tenantName: tenant.name,
    month,
    currency: metrics.currency,
    generatedAt: new Date(),
    totals: metrics.totals,
    locations: metrics.locations.map(({ locationId: _id, ...figures }) => figures),
    employees: metrics.employees.map(({ employeeId: _id, ...figures }) => figures),
  };
}

/**
 * Builds, stores and emails one tenant's report for a month, exactly once:
 * - the (tenant, month) row is claimed first; a report already sending, sent or skipped is left
 *   alone, so a second fan-out or a redelivered job does nothing;
 * - the row is marked 'sending' before the email goes out: a worker that crashes after sending is
 *   never followed by a second email (a crash in the instant between the mark and the send would
 *   lose that one email, which is the side we choose to err on);
 * - an email SES refuses or cannot be sent puts the row back to 'ready' with the error, and the
 *   job's retry sends it (SES throttles, its daily quota, an outage on the 1st);
 * - a crash while generating leaves 'generating' or 'ready', and the retry builds it again;
 * - a business suspended since its job was queued gets none ('skipped'), as one whose plan lacks it.
 */
export async function runMonthlyReport(sql: Sql, tenant: Tenant, month: string): Promise<ReportOutcome> {
  const [claimed] = await sql<{ status: ReportStatus }[]>`
    insert into platform.monthly_reports as r (tenant_id, month, status) values (${tenant.id}, ${month}, 'generating')
    on conflict (tenant_id, month) do update set attempts = r.attempts + 1, status = 'generating'
      where r.status in ('generating', 'ready')
    returning status`;
  if (!claimed) return 'already-done';

  const { plan } = effectivePlan(await billingState(sql, tenant.id));
  if (tenant.status !== 'active' || !PLANS[plan].entitlements.monthlyReport) {
    await setStatus(sql, tenant.id, month, 'skipped');
    return 'skipped';
  }
  try {
    const pdf = await renderMonthlyReport(await buildReportData(sql, tenant, month));
    const key = reportObjectKey(tenant.id, month);
    await s3Client().send(
      new PutObjectCommand({
        Bucket: config().EXPORTS_BUCKET,
        Key: key,
        Body: pdf,
        ContentType: 'application/pdf',
      }),
    );
    const recipients = await reportRecipients(sql, tenant);
    await sql`
      update platform.monthly_reports set status = 'sending', object_key = ${key}, recipients = ${recipients}, last_error = null
      where tenant_id = ${tenant.id} and month = ${month}`;
    await sendReportEmail(tenant, month, recipients, pdf).catch(async (error: unknown) => {
      // SES answered with an error or was not reached: the email did not go, so the retry may
      // send it. (An answer lost after SES took the email would send it twice: better than never.)
      await sql`
        update platform.monthly_reports set status = 'ready', last_error = ${errorMessage(error)}
        where tenant_id = ${tenant.id} and month = ${month} and status = 'sending'`;
      throw error;
    });
    await sql`
      update platform.monthly_reports set status = 'sent', sent_at = now()
      where tenant_id = ${tenant.id} and month = ${month}`;
    return 'sent';
  } catch (error) {
    await sql`
      update platform.monthly_reports set last_error = ${errorMessage(error)}
      where tenant_id = ${tenant.id} and month = ${month} and status in ('generating', 'ready')`;
    throw error;
  }
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function setStatus(sql: Sql, tenantId: string, month: string, status: ReportStatus) {
  await sql`update platform.monthly_reports set status = ${status} where tenant_id = ${tenantId} and month = ${month}`;
}

/** The owners plus the extra recipients in the tenant's settings, each once. */
async function reportRecipients(sql: Sql, tenant: Tenant): Promise<string[]> {
  const [owners, settings] = await Promise.all([ownerEmails(sql, tenant.id), getSettings(sql, tenant)]);
  return [...new Set([...owners, ...settings.reportRecipients].map((email) => email.toLowerCase()))];
}

function monthName(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** One SES SendRawEmail: HTML and text bodies, the PDF attached. */
async function sendReportEmail(tenant: Tenant, month: string, recipients: string[], pdf: Buffer) {
  if (recipients.length === 0) return;
  const body = monthlyReportEmail({
    business: tenant.name,
    month: monthName(month),
    url: `${config().APP_URL}/reports`,
  });
  const raw = await new MailComposer({
    from: config().EMAIL_FROM,
    to: recipients,
    subject: body.subject,
    text: body.text,
    html: body.html,
    attachments: [{ filename: `rota-report-${month}.pdf`, content: pdf, contentType: 'application/pdf' }],
  })
    .compile()
    .build();
  await sesClient().send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
}
