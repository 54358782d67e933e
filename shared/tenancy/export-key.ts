/**
 * Where a tenant export lands in the exports bucket. Kept apart from export.ts so the HTTP API,
 * which only hands exports out, does not bundle the multipart-upload code that writes them.
 */
export function exportObjectKey(tenantId: string, exportId: string): string {
  return `tenants/${tenantId}/exports/${exportId}.json`;
}
