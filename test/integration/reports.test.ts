import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetAwsClients, s3Client, sqsClient } from '../../shared/aws';
import { resetConfig } from '../../shared/config';
import { parseJob } from '../../shared/jobs/catalogue';
import { listDeadLetters, redriveDeadLetters } from '../../shared/jobs/dead-letters';
import { runJob } from '../../shared/jobs/dispatcher';
import { enqueue } from '../../shared/jobs/queue';
import { ensureBucket, type JobQueues } from '../../shared/local/aws-resources';
import { logger } from '../../shared/logger';
import { monthlyReportJobs, previousMonth } from '../../shared/reports/fan-out';
import { EXPORT_LINK_SECONDS, exportObjectKey } from '../../shared/tenancy/export-key';
import { setTenantStatus } from '../../shared/tenancy/operator';
import { addMember, call, ownerSession, seedBusiness } from '../helpers/business';
import type { TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { type AppWithJobs, startAppWithJobs } from '../helpers/jobs-app';
import type { Mailbox, StoredEmail } from '../helpers/mail';

const BUCKET = 'rota-reports-test';
const MONTH = '2026-10';

let db: TestDatabase;
let mail: Mailbox;
let queues: JobQueues;
let app: AppWithJobs['app'];
let running: AppWithJobs;

beforeAll(async () => {
  running = await startAppWithJobs('report-jobs', { EXPORTS_BUCKET: BUCKET });
  ({ db, mail, app } = running);
  queues = running.jobs.queues;
  await ensureBucket(s3Client(), BUCKET);
});
afterAll(async () => {
  await running.stop();
});

/** A business with one site and three 8-hour days worked in October 2026 (24.0 h). */
async function businessWithOctober(name: string, timeZone = 'Europe/Madrid') {
  const business = await seedBusiness(db.sql, name);
  const token = business.owner.token;
  const site = (await call(app, token, '/api/v1/locations', { json: { name: `${name} HQ`, timeZone } })).body
    .id;
  const person = (
    await call(app, token, '/api/v1/employees', {
      json: { name: 'Rosa Díaz', locationIds: [site], hourlyRateMinor: 1500 },
    })
  ).body.id;
  for (const day of ['05', '06', '07']) {
    await call(app, token, '/api/v1/time-entries', {
      json: {
        employeeId: person,
        locationId: site,
        clockIn: `2026-10-${day}T07:00:00Z`,
        clockOut: `2026-10-${day}T15:00:00Z`,
        reason: 'seed',
      },
    });
  }
  return { ...business, site, person };
}

/** The report job for a business and month, as the fan-out queues it. */
const reportJob = (tenantId: string) => ({
  id: `monthly-report:${tenantId}:${MONTH}`,
  type: 'reports.monthly-report',
  tenantId,
  payload: { month: MONTH },
});

/** The text of a stored report PDF, as the owner downloads it. */
async function downloadedReportText(token: string): Promise<string> {
  const pdf = await app.request(`/api/v1/reports/${MONTH}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const file = join(mkdtempSync(join(tmpdir(), 'rota-report-')), 'report.pdf');
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

const reportEmails = async (to: string): Promise<StoredEmail[]> =>
  (await mail.emailsTo(to)).filter((email) => email.subject.includes(`report for October 2026`));

describe('monthly reports', () => {
  it('sends exactly one report per paying tenant, even when the fan-out runs twice', async () => {
    const pro = await businessWithOctober('Pro Roasters');
    const trial = await businessWithOctober('Trial Teas');
    const free = await businessWithOctober('Free Fika');
    await db.sql`update platform.subscriptions set plan = 'pro', status = 'active' where tenant_id = ${pro.tenant.id}`;
    await db.sql`update platform.subscriptions set plan = 'free', trial_ends_at = null where tenant_id = ${free.tenant.id}`;

    await enqueue({ id: 'fan-out-1', type: 'reports.fan-out', tenantId: null, payload: { month: MONTH } });
    const proEmail = await eventually(async () => (await reportEmails(pro.owner.email))[0]);
    await eventually(async () => (await reportEmails(trial.owner.email))[0]);
    await enqueue({ id: 'fan-out-2', type: 'reports.fan-out', tenantId: null, payload: { month: MONTH } });
    await eventually(async () => {
      const [row] = await db.sql`select status from platform.job_runs where job_id = 'fan-out-2'`;
      return row?.status === 'done' ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(await reportEmails(pro.owner.email)).toHaveLength(1);
    expect(await reportEmails(trial.owner.email)).toHaveLength(1);
    expect(await reportEmails(free.owner.email)).toHaveLength(0);
    const attachment = (
      proEmail as StoredEmail & { attachments: { filename: string; contentType: string; content: string }[] }
    ).attachments[0];
    expect(attachment).toMatchObject({
      filename: `rota-report-${MONTH}.pdf`,
      contentType: 'application/pdf',
    });

    const file = join(mkdtempSync(join(tmpdir(), 'rota-report-')), 'report.pdf');
    writeFileSync(file, Buffer.from(attachment?.content ?? '', 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Pro Roasters');
    expect(text).toContain('October 2026');
    expect(text).toMatch(/24\.0 h/);
  });

  it('lists reports and downloads the PDF, only for the tenant’s own months', async () => {
    const mine = await businessWithOctober('Listing Ltd');
    const other = await seedBusiness(db.sql, 'Other Ltd');
    await enqueue({
      id: `monthly-report:${mine.tenant.id}:${MONTH}`,
      type: 'reports.monthly-report',
      tenantId: mine.tenant.id,
      payload: { month: MONTH },
    });
    await eventually(async () =>
      (await call(app, mine.owner.token, '/api/v1/reports')).body.data[0]?.status === 'sent'
        ? true
        : undefined,
    );

    const list = await call(app, mine.owner.token, '/api/v1/reports');
    const pdf = await app.request(`/api/v1/reports/${MONTH}`, {
      headers: { authorization: `Bearer ${mine.owner.token}` },
    });
    const foreign = await call(app, other.owner.token, `/api/v1/reports/${MONTH}`);
    const badMonth = await call(app, mine.owner.token, '/api/v1/reports/2026-13');

    expect(list.body.data).toEqual([
      expect.objectContaining({ month: MONTH, status: 'sent', recipients: [mine.owner.email] }),
    ]);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(foreign.status).toBe(404);
    expect(badMonth.status).toBe(400);
  });
});

describe('exactly once', () => {
  it('never sends again after a crash after sending, and retries after a crash before it', async () => {
    const { runMonthlyReport } = await import('../../shared/reports/monthly-report');
    const crashedAfter = await businessWithOctober('Crashed After');
    const crashedBefore = await businessWithOctober('Crashed Before');
    // What a worker that died mid-way leaves behind.
    await db.sql`insert into platform.monthly_reports (tenant_id, month, status) values (${crashedAfter.tenant.id}, ${MONTH}, 'sending')`;
    await db.sql`insert into platform.monthly_reports (tenant_id, month, status) values (${crashedBefore.tenant.id}, ${MONTH}, 'generating')`;

    const after = await runMonthlyReport(db.sql, crashedAfter.tenant, MONTH);
    const before = await runMonthlyReport(db.sql, crashedBefore.tenant, MONTH);

    expect(after).toBe('already-done');
    expect(await reportEmails(crashedAfter.owner.email)).toHaveLength(0);
    expect(before).toBe('sent');
    expect(await eventually(async () => (await reportEmails(crashedBefore.owner.email))[0])).toBeTruthy();
  });
});

describe('when the report goes out', () => {
  it('waits for 06:00 on the 1st at a business’s westernmost location, so its last evening counts', async () => {
    const madrid = await businessWithOctober('Churros Centro');
    const losAngeles = await businessWithOctober('Sunset Diner', 'America/Los_Angeles');
    const both = await businessWithOctober('Two Coasts');
    await call(app, both.owner.token, '/api/v1/locations', {
      json: { name: 'Two Coasts West', timeZone: 'America/Los_Angeles' },
    });
    const queuedAt = async (instant: string) =>
      (await monthlyReportJobs(db.sql, MONTH, new Date(instant))).map((job) => job.tenantId);

    // 06:00 in Madrid on 1 November is 05:00Z, 22:00 on 31 October in Los Angeles; 06:00 there
    // (PST from 02:00 that night) is 14:00Z.
    const atMadridSix = await queuedAt('2026-11-01T05:00:00Z');
    const justBefore = await queuedAt('2026-11-01T13:59:59Z');
    // Rosa's evening in Los Angeles, 20:00–23:30 on 31 October, clocked out after Madrid's report.
    const evening = await call(app, losAngeles.owner.token, '/api/v1/time-entries', {
      json: {
        employeeId: losAngeles.person,
        locationId: losAngeles.site,
        clockIn: '2026-11-01T03:00:00Z',
        clockOut: '2026-11-01T06:30:00Z',
        reason: 'evening shift, 31 October',
      },
    });
    const atLosAngelesSix = await queuedAt('2026-11-01T14:00:00Z');
    await runJob(db.sql, JSON.stringify(reportJob(losAngeles.tenant.id)), { log: logger, leaseMs: 30_000 });
    const metrics = await call(app, losAngeles.owner.token, `/api/v1/metrics/monthly?month=${MONTH}`);

    expect(atMadridSix).toContain(madrid.tenant.id);
    expect(atMadridSix).not.toContain(losAngeles.tenant.id);
    expect(justBefore).not.toContain(both.tenant.id);
    expect(evening.status).toBe(201);
    expect(atLosAngelesSix).toEqual(expect.arrayContaining([losAngeles.tenant.id, both.tenant.id]));
    expect(metrics.body.totals.workedMinutes).toBe(27.5 * 60);
    expect(await downloadedReportText(losAngeles.owner.token)).toMatch(/27\.5 h/);
    expect(await queuedAt('2026-11-01T18:00:00Z')).not.toContain(losAngeles.tenant.id);
  });

  it('takes last month in UTC, which the hourly firings on the 1st are all in', () => {
    expect(previousMonth(new Date('2026-11-01T00:00:00Z'))).toBe('2026-10');
    expect(previousMonth(new Date('2026-11-01T23:00:00Z'))).toBe('2026-10');
    expect(previousMonth(new Date('2027-01-01T05:00:00Z'))).toBe('2026-12');
    expect(previousMonth(new Date('2026-10-31T23:30:00Z'))).toBe('2026-09'); // 00:30 on 1 November in Madrid
  });

  it('sends the report on the retry after SES refused it or could not be reached', async () => {
    const business = await businessWithOctober('Throttled Tapas');
    const job = JSON.stringify(reportJob(business.tenant.id));
    const options = { log: logger, leaseMs: 30_000 };

    const sesEndpoint = process.env.SES_ENDPOINT_URL;
    process.env.SES_ENDPOINT_URL = 'http://127.0.0.1:9'; // nothing listens: the email does not go
    resetConfig();
    resetAwsClients();
    const first = await runJob(db.sql, job, options).catch((error: Error) => error);
    process.env.SES_ENDPOINT_URL = sesEndpoint;
    resetConfig();
    resetAwsClients();
    const [afterFailure] =
      await db.sql`select status, last_error from platform.monthly_reports where tenant_id = ${business.tenant.id}`;
    const retry = await runJob(db.sql, job, options);

    expect(first).toBeInstanceOf(Error);
    expect(afterFailure).toEqual({ status: 'ready', last_error: expect.any(String) });
    expect(retry).toBe('done');
    expect(await eventually(async () => (await reportEmails(business.owner.email))[0])).toBeTruthy();
    expect((await call(app, business.owner.token, '/api/v1/reports')).body.data[0]).toMatchObject({
      month: MONTH,
      status: 'sent',
    });
  });

  it('sends none to a business suspended after its report job was queued', async () => {
    const business = await businessWithOctober('Suspended Sushi');
    await setTenantStatus(db.sql, business.tenant.id, 'suspended', { operatorId: 'operator:test' });

    const outcome = await runJob(db.sql, JSON.stringify(reportJob(business.tenant.id)), {
      log: logger,
      leaseMs: 30_000,
    });
    const [report] =
      await db.sql`select status from platform.monthly_reports where tenant_id = ${business.tenant.id}`;
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(outcome).toBe('done');
    expect(report?.status).toBe('skipped');
    expect(await reportEmails(business.owner.email)).toHaveLength(0);
  });
});

describe('export and deletion through the queue', () => {
  it('exports the business as JSON, then deletes it for good once its name is confirmed', async () => {
    const business = await businessWithOctober('Closing Café');
    const session = await ownerSession(app, business.owner.email);

    const requested = await call(app, business.owner.token, '/api/v1/tenant/exports', { json: {} });
    const link = await eventually(async () => {
      const response = await call(
        app,
        business.owner.token,
        `/api/v1/tenant/exports/${requested.body.exportId}`,
      );
      return response.status === 303 ? response.body : undefined;
    });
    const exported = (await (await fetch(link.url)).json()) as {
      tenant: { name: string };
      tables: Record<string, unknown[]>;
    };
    const wrongName = await call(app, session, '/api/v1/tenant', {
      method: 'DELETE',
      json: { confirmName: 'closing cafe' },
    });
    const byAdminKey = await call(app, business.owner.token, '/api/v1/tenant', {
      method: 'DELETE',
      json: { confirmName: 'Closing Café' },
    });
    const deleting = await call(app, session, '/api/v1/tenant', {
      method: 'DELETE',
      json: { confirmName: 'Closing Café' },
    });
    const [gone] = await eventually(async () => {
      const rows =
        await db.sql`select status from platform.tenants where id = ${business.tenant.id} and status = 'deleted'`;
      return rows.length ? rows : undefined;
    });
    const [schema] =
      await db.sql`select 1 from information_schema.schemata where schema_name = ${business.tenant.schema}`;
    // The job's last step: the export stored for it goes from the bucket too.
    const bucketAfter = await eventually(async () => {
      const listed = await s3Client().send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `tenants/${business.tenant.id}/` }),
      );
      return (listed.KeyCount ?? 0) === 0 ? 'empty' : undefined;
    });

    expect(requested.status).toBe(202);
    expect(exported.tenant.name).toBe('Closing Café');
    expect(exported.tables.time_entries).toHaveLength(3);
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.errors[0].field).toBe('confirmName');
    expect(byAdminKey.status).toBe(403);
    expect(deleting.status).toBe(202);
    expect(gone).toEqual({ status: 'deleted' });
    expect(schema).toBeUndefined();
    expect(bucketAfter).toBe('empty');
  });

  it('hands a finished export out as a short-lived S3 link, only to the business’s owner and admins', async () => {
    const business = await businessWithOctober('Exporting Café');
    const other = await seedBusiness(db.sql, 'Nosy Neighbour');
    const manager = await addMember(db.sql, business.tenant, 'manager');
    const requested = await call(app, business.owner.token, '/api/v1/tenant/exports', { json: {} });
    const path = `/api/v1/tenant/exports/${requested.body.exportId}`;
    const download = await eventually(async () => {
      const response = await call(app, business.owner.token, path);
      return response.status === 303 ? response : undefined;
    });

    const location = download.headers.get('location') ?? '';
    const followed = await fetch(location);
    const bytes = Buffer.from(await followed.arrayBuffer());
    const stored = await s3Client().send(
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: exportObjectKey(business.tenant.id, requested.body.exportId),
      }),
    );
    const link = new URL(location);
    const fromOtherTenant = await call(app, other.owner.token, path);
    const byManager = await call(app, manager.token, path);
    const unknown = await call(app, business.owner.token, `/api/v1/tenant/exports/${randomUUID()}`);
    const malformed = await call(app, business.owner.token, '/api/v1/tenant/exports/not-a-uuid');

    expect(download.body.url).toBe(location);
    expect(download.headers.get('cache-control')).toBe('no-store');
    expect(followed.status).toBe(200);
    expect(bytes.equals(Buffer.from((await stored.Body?.transformToByteArray()) ?? []))).toBe(true);
    expect(JSON.parse(bytes.toString('utf8')).tenant.name).toBe('Exporting Café');
    // Signed for minutes (S3 refuses the link after that; ask the API again for a fresh one).
    expect(link.searchParams.get('X-Amz-Expires')).toBe(String(EXPORT_LINK_SECONDS));
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(link.searchParams.get('response-content-disposition')).toMatch(
      /^attachment; filename="rota-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const lifetime = Date.parse(download.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(EXPORT_LINK_SECONDS * 1000);
    expect(fromOtherTenant.status).toBe(404);
    expect(fromOtherTenant.body.code).toBe('not_found');
    expect(byManager.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    expect(malformed.status).toBe(400);
  });
});

describe('the job queue', () => {
  it('rejects a tenant job without a tenant id', () => {
    expect(() =>
      parseJob({ id: 'x', type: 'reports.monthly-report', tenantId: null, payload: { month: MONTH } }),
    ).toThrow(/tenantId/);
    expect(() => parseJob({ id: 'y', type: 'reports.fan-out', tenantId: null, payload: {} })).not.toThrow();
  });

  it('parks a job that always fails in the DLQ after 5 receives, and redrive brings it back', async () => {
    // A report for a tenant that does not exist fails every time.
    const body = JSON.stringify({
      id: 'doomed-report',
      type: 'reports.monthly-report',
      tenantId: 'nosuchtenant01',
      payload: { month: MONTH },
    });
    await sqsClient().send(new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: body }));

    const parked = await eventually(async () => {
      const letters = await listDeadLetters(queues.deadLetterQueueUrl);
      return letters.find((l) => l.jobId === 'doomed-report');
    }, 30_000);
    const [run] = await db.sql`select status, attempts from platform.job_runs where job_id = 'doomed-report'`;
    const moved = await redriveDeadLetters(queues.deadLetterQueueUrl, queues.queueUrl);
    const [again] = await eventually(async () => {
      const rows =
        await db.sql`select attempts from platform.job_runs where job_id = 'doomed-report' and attempts > 5`;
      return rows.length ? rows : undefined;
    });

    expect(parked).toMatchObject({ type: 'reports.monthly-report', tenantId: 'nosuchtenant01' });
    expect(run).toEqual({ status: 'failed', attempts: 5 });
    expect(moved).toBeGreaterThanOrEqual(1);
    expect(again?.attempts).toBeGreaterThan(5);
  });
});
