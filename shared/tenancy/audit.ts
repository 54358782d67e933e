import type { Sql, TransactionSql } from '../db/client';

export interface AuditEntry {
  /** Who did it: `user:<id>`, `operator:<id>`, or `system:<component>`. */
  actor: string;
  action: string;
  tenantId?: string;
  details?: Record<string, unknown>;
}

/** Appends to the platform audit log; pass the transaction that made the change it records. */
export async function writeAudit(sql: Sql | TransactionSql, entry: AuditEntry): Promise<void> {
  await sql`
    insert into platform.audit_log (actor, action, tenant_id, details)
    values (${entry.actor}, ${entry.action}, ${entry.tenantId ?? null}, ${sql.json((entry.details ?? {}) as never)})`;
}

/** One audit log row as the operator console shows it. */
export interface AuditRecord {
  id: number;
  at: Date;
  actor: string;
  action: string;
  tenantId: string | null;
  details: Record<string, unknown>;
}

/** The audit log, newest first, optionally for one tenant; `beforeId` pages backwards. */
export async function listAudit(
  sql: Sql,
  options: { limit: number; tenantId?: string; beforeId?: number },
): Promise<AuditRecord[]> {
  const rows = await sql<(Omit<AuditRecord, 'id'> & { id: string })[]>`
    select id, at, actor, action, tenant_id as "tenantId", details
    from platform.audit_log
    where (${options.tenantId ?? null}::text is null or tenant_id = ${options.tenantId ?? null})
      and (${options.beforeId ?? null}::bigint is null or id < ${options.beforeId ?? null})
    order by id desc
    limit ${options.limit}`;
  // bigint arrives as a string; audit ids stay far below 2^53.
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
