import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { renameBusinessInput } from '../auth/signup-input';
import { ValidationError } from '../errors';
import { enqueue } from '../jobs/queue';
import { writeAudit } from '../tenancy/audit';
import { EXPORT_LINK_SECONDS, exportDownload } from '../tenancy/export-key';
import { renameTenant } from '../tenancy/rename';
import { openApiComponent } from '../zod';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { jobsNotSetUp } from './openapi';
import { RouteApp } from './route-app';

const accepted = (schema: z.ZodType) => ({
  description: 'Accepted: a job does it',
  content: { 'application/json': { schema } },
});

const routes = {
  requestExport: createRoute({
    method: 'post',
    path: '/exports',
    summary: 'Export all of the business’s data as JSON (a background job; download it when ready)',
    middleware: requireRole('owner', 'admin'),
    responses: { 202: accepted(z.object({ exportId: z.string().uuid() })), 503: jobsNotSetUp },
  }),
  downloadExport: createRoute({
    method: 'get',
    path: '/exports/{exportId}',
    summary:
      'Download a finished export: a 303 to a short-lived S3 link (404 while it is still being written)',
    description: [
      'The file is not sent through the API (responses stop at 6 MB): the answer is a `303 See Other`',
      `whose \`Location\` is a presigned S3 GET URL valid for ${EXPORT_LINK_SECONDS / 60} minutes. S3 serves it`,
      'with `Content-Disposition: attachment`. Clients that follow redirects (a browser navigating to a',
      'link, `curl -L`, server-side `fetch`) get the file; others read the same URL from the JSON body.',
      'Send no `Authorization` header to S3: the link carries its own signature. In the browser, link to',
      'this path rather than `fetch` it: following it from a script needs CORS on the bucket, which has none.',
      'Ask again for a fresh link once one has expired.',
    ].join(' '),
    middleware: requireRole('owner', 'admin'),
    request: { params: z.object({ exportId: z.string().uuid() }) },
    responses: {
      303: {
        description: 'The export is ready: follow `Location` to download it',
        headers: z.object({
          location: z.string().url().openapi({ description: 'Presigned S3 GET URL of the export' }),
        }),
        content: {
          'application/json': {
            schema: z
              .object({
                url: z.string().url().openapi({ description: 'The same URL as `Location`' }),
                expiresAt: z.string().datetime().openapi({ description: 'When the URL stops working' }),
              })
              .openapi('ExportDownload'),
          },
        },
      },
      404: { description: 'Not ready, or no export with this id in this business' },
    },
  }),
  rename: createRoute({
    method: 'patch',
    path: '/',
    summary: 'Rename the business (owner, admin)',
    middleware: requireRole('owner', 'admin'),
    request: {
      body: {
        content: { 'application/json': { schema: openApiComponent(renameBusinessInput, 'RenameBusiness') } },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'Renamed',
        content: { 'application/json': { schema: z.object({ id: z.string(), name: z.string() }) } },
      },
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/',
    summary: 'Delete the business and all its data for good (owner; type its name to confirm)',
    middleware: requireRole('owner'),
    request: {
      body: {
        content: { 'application/json': { schema: z.object({ confirmName: z.string() }) } },
        required: true,
      },
    },
    responses: { 202: accepted(z.object({ status: z.literal('deleting') })), 503: jobsNotSetUp },
  }),
};

/** `/api/v1/tenant`: the business as a whole — its name, and export and deletion (both done by jobs). */
export function tenantRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant({ allowReadOnly: true }));
  return app
    .openapi(routes.requestExport, async (c) => {
      const exportId = randomUUID();
      await enqueue({
        id: `tenant.export:${exportId}`,
        type: 'tenant.export',
        tenantId: c.get('tenant').id,
        payload: { exportId },
      });
      return c.json({ exportId }, 202);
    })
    .openapi(routes.downloadExport, async (c) => {
      const { url, expiresAt } = await exportDownload(c.get('tenant').id, c.req.valid('param').exportId);
      return c.json({ url, expiresAt: expiresAt.toISOString() }, 303, { location: url });
    })
    .openapi(routes.rename, async (c) => {
      const { name } = c.req.valid('json');
      const tenantId = c.get('tenant').id;
      await renameTenant(sql, tenantId, name, `user:${c.get('principal').userId}`);
      return c.json({ id: tenantId, name }, 200);
    })
    .openapi(routes.remove, async (c) => {
      if (c.req.valid('json').confirmName !== c.get('tenant').name) {
        throw new ValidationError([
          { field: 'confirmName', message: 'Type the business’s name exactly to confirm' },
        ]);
      }
      const actor = `user:${c.get('principal').userId}`;
      await writeAudit(sql, { actor, action: 'tenant.deletion_requested', tenantId: c.get('tenant').id });
      await enqueue({
        id: `tenant.delete:${c.get('tenant').id}`,
        type: 'tenant.delete',
        tenantId: c.get('tenant').id,
        payload: { requestedBy: actor },
      });
      return c.json({ status: 'deleting' as const }, 202);
    });
}
