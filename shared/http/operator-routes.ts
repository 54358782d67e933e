import { createRoute, z } from '@hono/zod-openapi';
import { listAudit } from '../tenancy/audit';
import { listTenantsForOperators, setTenantStatus } from '../tenancy/operator';
import { authenticate, requireOperator } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { ok } from './openapi';
import { cursorKey, decodeCursor, page } from './pagination';
import { RouteApp } from './route-app';

const tenantSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended', 'deleted']),
    plan: z.enum(['free', 'pro', 'business']).openapi({ description: 'The plan in force now' }),
    billingStatus: z.string().openapi({ description: 'Stripe subscription status, `trial` or `none`' }),
    trialEndsAt: z.string().nullable(),
    readOnly: z.boolean(),
    memberCount: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('TenantSummary');

const list = createRoute({
  method: 'get',
  path: '/tenants',
  summary: 'All tenants, newest first (operators)',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(200).optional(),
      status: z.enum(['active', 'suspended', 'deleted']).optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of tenants',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(tenantSummary), nextCursor: z.string().nullable() }),
        },
      },
    },
  },
});

const statusChange = (action: 'suspend' | 'reactivate') =>
  createRoute({
    method: 'post',
    path: `/tenants/{id}/${action}`,
    summary: `${action === 'suspend' ? 'Suspend' : 'Reactivate'} a tenant (operators; audited)`,
    request: {
      params: z.object({ id: z.string().min(1).max(64) }),
      body: {
        content: { 'application/json': { schema: z.object({ reason: z.string().max(500).optional() }) } },
      },
    },
    responses: {
      204: { description: 'Done' },
      404: { description: 'No such tenant' },
      409: { description: 'Already so' },
    },
  });

const auditRecord = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    tenantId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditRecord');

const audit = createRoute({
  method: 'get',
  path: '/audit',
  summary: 'The platform audit log, newest first, optionally for one tenant (operators)',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(200).optional(),
      tenantId: z.string().min(1).max(64).optional(),
    }),
  },
  responses: {
    200: ok(
      'A page of audit records',
      z.object({ data: z.array(auditRecord), nextCursor: z.string().nullable() }),
    ),
  },
});

/** Tenants are listed newest first: the cursor is the last one's `[createdAt, id]`. */
const tenantCursor = z.tuple([z.string().datetime({ offset: true }), z.string()]);

/** `/api/v1/operator/*`: the operator console's API. Every action lands in the audit log. */
export function operatorRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireOperator());
  return app
    .openapi(list, async (c) => {
      const { limit, cursor, status } = c.req.valid('query');
      const after = decodeCursor(cursor, tenantCursor);
      const rows = await listTenantsForOperators(sql, {
        limit,
        cursor: after && { createdAt: new Date(after[0]), id: after[1] },
        status,
      });
      const records = rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
      return c.json(
        page(records, limit, (row) => [row.createdAt, row.id]),
        200,
      );
    })
    .openapi(audit, async (c) => {
      const { limit, cursor, tenantId } = c.req.valid('query');
      const [beforeId] = decodeCursor(cursor, cursorKey.serialId) ?? [];
      const rows = await listAudit(sql, { limit, tenantId, beforeId });
      const records = rows.map((row) => ({ ...row, at: row.at.toISOString() }));
      return c.json(
        page(records, limit, (row) => [row.id]),
        200,
      );
    })
    .openapi(statusChange('suspend'), async (c) => {
      const reason = c.req.valid('json')?.reason;
      await setTenantStatus(sql, c.req.valid('param').id, 'suspended', {
        operatorId: c.get('principal').userId,
        reason,
      });
      return c.body(null, 204);
    })
    .openapi(statusChange('reactivate'), async (c) => {
      const reason = c.req.valid('json')?.reason;
      await setTenantStatus(sql, c.req.valid('param').id, 'active', {
        operatorId: c.get('principal').userId,
        reason,
      });
      return c.body(null, 204);
    });
}
