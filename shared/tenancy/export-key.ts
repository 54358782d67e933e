import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../aws';
import { config } from '../config';
import { NotFoundError } from '../errors';

/**
 * Where a tenant export lands in the exports bucket, and how it is handed out. Kept apart from
 * export.ts so the HTTP API, which only hands exports out, does not bundle the multipart-upload
 * code that writes them (and the worker, which imports only {@link exportObjectKey}, does not
 * bundle the presigner: the package is side-effect free, so esbuild drops it).
 */
export function exportObjectKey(tenantId: string, exportId: string): string {
  return `tenants/${tenantId}/exports/${exportId}.json`;
}

/** How long a download link works: long enough to start a download, short enough not to be shared. */
export const EXPORT_LINK_SECONDS = 300;

export interface ExportDownload {
  /** A presigned S3 GET URL; S3 answers it with `Content-Disposition: attachment`. */
  url: string;
  expiresAt: Date;
}

/**
 * A short-lived presigned GET URL for a finished export of `tenantId`, so the file goes from S3 to
 * the client directly (Lambda responses stop at 6 MB). The key is built from the caller's own
 * tenant id, so another tenant's export id is simply not found. NotFoundError while the export is
 * still being written, or when the id is unknown; without s3:ListBucket S3 answers a missing key
 * with 403, which counts as not found too.
 *
 * Locally the URL points at fauxqs (AWS_ENDPOINT_URL), which serves presigned GETs but checks
 * neither signature nor expiry and ignores the Content-Disposition override; LocalStack and S3
 * honour all three.
 */
export async function exportDownload(tenantId: string, exportId: string): Promise<ExportDownload> {
  const Bucket = config().EXPORTS_BUCKET;
  const Key = exportObjectKey(tenantId, exportId);
  const head = await s3Client()
    .send(new HeadObjectCommand({ Bucket, Key }))
    .catch((error: unknown) => {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 403 || status === 404) throw new NotFoundError('Export', { cause: error });
      throw error;
    });
  const day = (head.LastModified ?? new Date()).toISOString().slice(0, 10);
  const expiresAt = new Date(Date.now() + EXPORT_LINK_SECONDS * 1000);
  const url = await getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket,
      Key,
      ResponseContentDisposition: `attachment; filename="rota-export-${day}.json"`,
      ResponseContentType: 'application/json',
    }),
    { expiresIn: EXPORT_LINK_SECONDS },
  );
  return { url, expiresAt };
}
