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
