import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';

const TENANT_ID = /^[a-z0-9]{8,40}$/;
const TENANT_SCHEMA = /^t_[a-z0-9]{8,40}$/;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new random tenant id: 16 lower-case alphanumerics (~82 bits), safe inside an identifier. */
export function newTenantId(): string {
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** The schema that holds a tenant's data. The id is validated, so the name always is too. */
export function tenantSchemaName(tenantId: string): string {
  if (!TENANT_ID.test(tenantId)) {
    throw new AppError('invalid_tenant_id', `Not a tenant id: ${JSON.stringify(tenantId.slice(0, 60))}`);
  }
  return `t_${tenantId}`;
}

/**
 * Rejects anything that is not a generated tenant schema name. Called wherever a schema name is
 * put into SQL, so a name that came from anywhere else (a header, a JSON body, a tampered row)
 * can never reach the database as an identifier.
 */
export function assertTenantSchema(schema: string): string {
  if (!TENANT_SCHEMA.test(schema)) {
    throw new AppError(
      'invalid_tenant_schema',
      `Not a tenant schema name: ${JSON.stringify(schema.slice(0, 60))}`,
    );
  }
  return schema;
}
