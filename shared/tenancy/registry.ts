import type { Sql } from '../db/client';
import { assertTenantSchema } from '../db/identifiers';
import { NotFoundError } from '../errors';

export type TenantStatus = 'active' | 'suspended' | 'deleted';

/**
 * A tenant as the rest of the code sees it. `schema` has been validated, so tenant-scoped SQL
 * can write `${schemaIdentifier(sql, tenant.schema)}.locations` safely.
 */
export interface Tenant {
  id: string;
  schema: string;
  name: string;
  status: TenantStatus;
  schemaVersion: number;
  createdAt: Date;
}

interface TenantRow {
  id: string;
  schema_name: string;
  name: string;
  status: TenantStatus;
  schema_version: number;
  created_at: Date;
}

export function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    schema: assertTenantSchema(row.schema_name),
    name: row.name,
    status: row.status,
    schemaVersion: row.schema_version,
    createdAt: row.created_at,
  };
}

/** The tenant with this id, deleted ones included; throws NotFoundError when there is none. */
export async function getTenant(sql: Sql, tenantId: string): Promise<Tenant> {
  const [row] = await sql<TenantRow[]>`
    select id, schema_name, name, status, schema_version, created_at
    from platform.tenants where id = ${tenantId}`;
  if (!row) throw new NotFoundError('Tenant');
  return toTenant(row);
}

/** A tenant that may be used for work: exists and is not deleted. */
export async function getLiveTenant(sql: Sql, tenantId: string): Promise<Tenant> {
  const tenant = await getTenant(sql, tenantId);
  if (tenant.status === 'deleted') throw new NotFoundError('Tenant');
  return tenant;
}
