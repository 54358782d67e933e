import { Readable } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { s3Client } from '../aws';
import { config } from '../config';
import { type Sql, schemaIdentifier } from '../db/client';
import { exportObjectKey } from './export-key';
import type { Tenant } from './registry';

/** Rows fetched per round trip while streaming a table. */
const CURSOR_BATCH = 500;

/**
 * Columns an export leaves out, by table: credentials, not business data. A kiosk PIN has at most
 * a million values, so its hash gives the PIN away to anyone with the file.
 */
const CREDENTIAL_COLUMNS: Record<string, string[]> = { employees: ['pin_hash'] };

/**
 * Streams every row of a tenant, credentials aside, as one JSON document:
 * `{"format":"rota.tenant-export","version":1,"tenant":{…},"tables":{"locations":[…],…}}`.
 *
 * Rows are read with cursors inside one repeatable-read, read-only transaction, so the export is
 * a consistent snapshot and memory stays flat however large the tenant is.
 */
export async function* exportTenant(sql: Sql, tenant: Tenant): AsyncGenerator<string> {
  const connection = await sql.reserve();
  let committed = false;
  try {
    await connection`begin isolation level repeatable read read only`;
    const tables = await connection<{ table_name: string }[]>`
      select table_name from information_schema.tables
      where table_schema = ${tenant.schema} and table_type = 'BASE TABLE'
      order by table_name`;
    const header = {
      format: 'rota.tenant-export',
      version: 1,
      exportedAt: new Date().toISOString(),
      tenant: { id: tenant.id, name: tenant.name, schemaVersion: tenant.schemaVersion },
    };
    yield `${JSON.stringify(header).slice(0, -1)},"tables":{`;
    for (const [index, { table_name }] of tables.entries()) {
      yield `${index === 0 ? '' : ','}${JSON.stringify(table_name)}:[`;
      let first = true;
      const cursor =
        connection`select * from ${schemaIdentifier(sql, tenant.schema)}.${sql(table_name)}`.cursor(
          CURSOR_BATCH,
        );
      const leftOut = CREDENTIAL_COLUMNS[table_name] ?? [];
      for await (const rows of cursor) {
        for (const row of rows) for (const column of leftOut) delete row[column];
        const chunk = rows.map((row) => JSON.stringify(row)).join(',');
        yield first ? chunk : `,${chunk}`;
        first = false;
      }
      yield ']';
    }
    yield '}}';
    await connection`commit`;
    committed = true;
  } finally {
    // Failed, or abandoned by its reader (a destroyed stream returns the generator, which skips
    // any catch): the connection must not go back to the pool inside the read-only transaction.
    if (!committed) await connection`rollback`.catch(() => {});
    connection.release();
  }
}

/**
 * Streams a tenant export into S3 as a multipart upload (no temp file, flat memory) and returns the
 * object key. Writing the same export id again overwrites the same object, so a retry is harmless.
 */
export async function exportTenantToBucket(sql: Sql, tenant: Tenant, exportId: string): Promise<string> {
  const key = exportObjectKey(tenant.id, exportId);
  const upload = new Upload({
    client: s3Client(),
    params: {
      Bucket: config().EXPORTS_BUCKET,
      Key: key,
      Body: Readable.from(exportTenant(sql, tenant)),
      ContentType: 'application/json',
    },
  });
  await upload.done();
  return key;
}
