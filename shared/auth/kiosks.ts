import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/client';
import { NotFoundError } from '../errors';
import { writeAudit } from '../tenancy/audit';
import { type Tenant, type TenantStatus, toTenant } from '../tenancy/registry';
import { referencedLocation } from '../timekeeping/locations';
import { z } from '../zod';
import { hashApiKeyToken, recordUse } from './principal';

/** Kiosk device tokens start with this, API keys with `rota_`. */
export const KIOSK_TOKEN_PREFIX = 'rotak_';

export const createKioskInput = z.object({
  locationId: z.string().uuid(),
  name: z.string().trim().min(1).max(100),
});

export interface Kiosk {
  id: string;
  locationId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A kiosk as a request sees it: the device, its tenant and the one location it serves. */
export interface KioskDevice {
  id: string;
  locationId: string;
  tenant: Tenant;
}

/** Registers a kiosk device for a location; the token is returned once and stored hashed. */
export async function createKiosk(
  sql: Sql,
  tenant: Tenant,
  createdBy: string,
  input: z.input<typeof createKioskInput>,
) {
  const { locationId, name } = createKioskInput.parse(input);
  await referencedLocation(sql, tenant, locationId);
  const token = `${KIOSK_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = randomBytes(12).toString('base64url');
  const kiosk = await sql.begin(async (tx) => {
    const [row] = await tx<Kiosk[]>`
      insert into platform.kiosks (id, tenant_id, location_id, name, token_hash, created_by)
      values (${id}, ${tenant.id}, ${locationId}, ${name}, ${hashApiKeyToken(token)}, ${createdBy})
      returning id, location_id as "locationId", name, created_at as "createdAt", last_used_at as "lastUsedAt"`;
    await writeAudit(tx, {
      actor: `user:${createdBy}`,
      action: 'kiosk.created',
      tenantId: tenant.id,
      details: { id, locationId },
    });
    return row as Kiosk;
  });
  return { kiosk, token };
}

const kioskColumns = (sql: Sql) =>
  sql`id, location_id as "locationId", name, created_at as "createdAt", last_used_at as "lastUsedAt"`;

/**
 * The business's kiosk devices not revoked, newest first; with `page`, at most `limit` of them
 * after the `(createdAt, id)` of `after`.
 */
export function listKiosks(
  sql: Sql,
  tenant: Tenant,
  page?: { limit: number; after?: { createdAt: Date; id: string } },
  /** Only kiosks at these locations (a manager's); undefined = all. */
  locationIds?: string[],
): Promise<Kiosk[]> {
  const after = page?.after;
  // Sorted on the millisecond the cursor carries (a JS Date), not the column's microseconds: two
  // kiosks made in one millisecond are told apart by id, and none is skipped or seen twice.
  const createdMs = sql`date_trunc('milliseconds', created_at)`;
  return sql<Kiosk[]>`
    select ${kioskColumns(sql)}
    from platform.kiosks where tenant_id = ${tenant.id} and revoked_at is null
      ${locationIds ? sql`and location_id = any(${locationIds}::uuid[])` : sql``}
      ${after ? sql`and (${createdMs}, id) < (${after.createdAt}, ${after.id})` : sql``}
    order by ${createdMs} desc, id desc
    ${page ? sql`limit ${page.limit}` : sql``}`;
}

export async function getKiosk(sql: Sql, tenant: Tenant, id: string): Promise<Kiosk> {
  const [row] = await sql<Kiosk[]>`
    select ${kioskColumns(sql)}
    from platform.kiosks where id = ${id} and tenant_id = ${tenant.id} and revoked_at is null`;
  if (!row) throw new NotFoundError('Kiosk');
  return row;
}

export async function revokeKiosk(sql: Sql, tenant: Tenant, id: string, by: string): Promise<void> {
  await sql.begin(async (tx) => {
    const revoked = await tx`
      update platform.kiosks set revoked_at = now() where id = ${id} and tenant_id = ${tenant.id} and revoked_at is null`;
    if (revoked.count === 0) throw new NotFoundError('Kiosk');
    await writeAudit(tx, {
      actor: `user:${by}`,
      action: 'kiosk.revoked',
      tenantId: tenant.id,
      details: { id },
    });
  });
}

/** The kiosk behind a device token, with its tenant, in one query; null when unknown or revoked. */
export async function kioskFromToken(sql: Sql, token: string): Promise<KioskDevice | null> {
  const [row] = await sql<
    {
      id: string;
      location_id: string;
      tenant_id: string;
      schema_name: string;
      name: string;
      status: TenantStatus;
      schema_version: number;
      created_at: Date;
    }[]
  >`
    select k.id, k.location_id, t.id as tenant_id, t.schema_name, t.name, t.status, t.schema_version, t.created_at
    from platform.kiosks k join platform.tenants t on t.id = k.tenant_id
    where k.token_hash = ${hashApiKeyToken(token)} and k.revoked_at is null`;
  if (!row) return null;
  recordUse(sql, 'kiosks', row.id);
  return {
    id: row.id,
    locationId: row.location_id,
    tenant: toTenant({ ...row, id: row.tenant_id }),
  };
}
