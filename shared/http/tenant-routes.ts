import { randomUUID } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createRoute, z } from '@hono/zod-openapi';
import { renameBusinessInput } from '../auth/signup-input';
import { s3Client } from '../aws';
import { config } from '../config';
import { AppError, ValidationError } from '../errors';
import { enqueue } from '../jobs/queue';
import { writeAudit } from '../tenancy/audit';
import { exportObjectKey } from '../tenancy/export-key';
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
    summary: 'Download a finished export (404 while it is still being written)',
    middleware: requireRole('owner', 'admin'),
    request: { params: z.object({ exportId: z.string().uuid() }) },
    responses: {
      200: { description: 'The export', content: { 'application/json': { schema: z.unknown() } } },
      404: { description: 'Not ready or unknown' },
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
      const key = exportObjectKey(c.get('tenant').id, c.req.valid('param').exportId);
      const object = await s3Client()
        .send(new GetObjectCommand({ Bucket: config().EXPORTS_BUCKET, Key: key }))
        .catch(() => {
          throw new AppError('not_found', 'No finished export with this id.');
        });
      return c.body(
        new Uint8Array(
          await (object.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())),
        ) as Uint8Array<ArrayBuffer>,
        200,
        {
          'content-type': 'application/json',
          'content-disposition': 'attachment; filename="rota-export.json"',
        },
      );
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
