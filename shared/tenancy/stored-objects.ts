import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3Client } from '../aws';
import { config } from '../config';

/** Where everything Rota stores for a tenant lives in the exports bucket: exports and report PDFs. */
export function tenantObjectPrefix(tenantId: string): string {
  return `tenants/${tenantId}/`;
}

/**
 * Deletes every object stored for a tenant (its data exports and monthly report PDFs), a page of
 * up to 1,000 keys at a time; returns how many. Run when the business is deleted: its data must
 * not outlive it in the bucket. Safe to run again: a second run finds nothing.
 */
export async function deleteTenantObjects(tenantId: string): Promise<number> {
  const Bucket = config().EXPORTS_BUCKET;
  const Prefix = tenantObjectPrefix(tenantId);
  let deleted = 0;
  for (;;) {
    // Always the first page: the keys listed are gone by the next round.
    const page = await s3Client()
      .send(new ListObjectsV2Command({ Bucket, Prefix, MaxKeys: 1000 }))
      .catch((error: unknown) => {
        // No bucket yet (a local setup that never stored a file): nothing was kept for anyone.
        if ((error as { name?: string }).name === 'NoSuchBucket') return { Contents: [] };
        throw error;
      });
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
    if (keys.length === 0) return deleted;
    const answer = await s3Client().send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }),
    );
    if (answer.Errors?.length)
      throw new Error(
        `S3 kept ${answer.Errors.length} of the tenant's objects: ${answer.Errors[0]?.Message}`,
      );
    deleted += keys.length;
  }
}
