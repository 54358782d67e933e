import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '../aws';
import { config } from '../config';
import type { Sql } from '../db/client';
import { NotFoundError } from '../errors';
import type { Tenant } from '../tenancy/registry';

/**
 * Reading stored reports, kept apart from generating them so the API bundle does not carry the
 * PDF and chart libraries.
 */
export type ReportStatus = 'generating' | 'ready' | 'sending' | 'sent' | 'skipped';

/** Where a tenant's report for a month is stored in the exports bucket. */
export function reportObjectKey(tenantId: string, month: string): string {
  return `tenants/${tenantId}/reports/${month}.pdf`;
}

export interface ReportListItem {
  month: string;
  status: ReportStatus;
  sentAt: Date | null;
  recipients: string[];
}

/** The tenant's reports, newest month first. */
export function listReports(sql: Sql, tenant: Tenant): Promise<ReportListItem[]> {
  return sql<ReportListItem[]>`
    select month, status, sent_at as "sentAt", recipients from platform.monthly_reports
    where tenant_id = ${tenant.id} order by month desc`;
}

/** The stored PDF of a month; NotFoundError when this tenant has none. */
export async function reportPdf(sql: Sql, tenant: Tenant, month: string): Promise<Uint8Array> {
  const [row] = await sql<{ object_key: string | null }[]>`
    select object_key from platform.monthly_reports where tenant_id = ${tenant.id} and month = ${month}`;
  if (!row?.object_key) throw new NotFoundError('Report');
  const object = await s3Client().send(
    new GetObjectCommand({ Bucket: config().EXPORTS_BUCKET, Key: row.object_key }),
  );
  if (!object.Body) throw new NotFoundError('Report');
  return object.Body.transformToByteArray();
}
