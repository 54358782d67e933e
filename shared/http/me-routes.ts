import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../auth/principal';
import { TENANT_ROLES } from '../auth/roles';
import { startBusiness } from '../auth/signup';
import { startBusinessInput } from '../auth/signup-input';
import type { Sql } from '../db/client';
import { AppError } from '../errors';
import { listEmployees } from '../timekeeping/employees';
import { listLocations } from '../timekeeping/locations';
import { openApiComponent } from '../zod';
import { authenticate } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { json, ok } from './openapi';
import { rateLimit } from './rate-limit';
import { RouteApp } from './route-app';

const me = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string().nullable(),
      platformRole: z.enum(['operator']).nullable(),
      twoFactorEnabled: z.boolean(),
    }),
    via: z.enum(['session', 'api_key']),
    tenant: z
      .object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        role: z.enum(TENANT_ROLES),
      })
      .nullable(),
    employee: z
      .object({
        id: z.string().uuid(),
        name: z.string(),
        locations: z
          .array(z.object({ id: z.string().uuid(), name: z.string(), timeZone: z.string() }))
          .openapi({ description: 'The current (not archived) locations they work at, by name' }),
      })
      .nullable()
      .openapi({
        description:
          'The employee record of the active business linked to the caller: whose time clock, shifts and hours are theirs. Null when the caller is not linked to one (an owner or manager who does not work shifts) or has no active business.',
      }),
  })
  .openapi('Me');

const read = createRoute({
  method: 'get',
  path: '/',
  summary: 'Who the caller is and which business they are working in',
  responses: { 200: ok('The caller', me) },
});

/**
 * The caller's own employee record in their active business, with the locations they may clock
 * in at; null when they have none. Location names come with it: a manager may work at a location
 * they do not manage, which `/api/v1/locations` does not show them.
 */
async function linkedEmployee(sql: Sql, principal: Principal) {
  const { membership, userId } = principal;
  if (!membership || membership.tenant.status === 'deleted') return null;
  const [self] = await listEmployees(sql, membership.tenant, { limit: 1, userId });
  if (!self) return null;
  const locations = await listLocations(sql, membership.tenant, self.locationIds);
  return {
    id: self.id,
    name: self.name,
    locations: locations.map(({ id, name, timeZone }) => ({ id, name, timeZone })),
  };
}

/** 403 for an API key: a key belongs to one business, a new business to a person. */
const sessionOnly: MiddlewareHandler<AppEnv> = (c, next) => {
  if (c.get('principal').kind !== 'session')
    throw new AppError('forbidden', 'Start a business signed in as yourself, not with an API key.');
  return next();
};

const start = createRoute({
  method: 'post',
  path: '/businesses',
  summary: 'Start a new business, owned by the signed-in person',
  description:
    'For someone signed in whose email already has an account (sign-up cannot take it): after their business was deleted, or to run another. They become its owner; switch to it with better-auth’s `organization/set-active`. A session only, not an API key (a key belongs to one business). At most 5 owned businesses at a time (409).',
  middleware: sessionOnly,
  request: { body: json(openApiComponent(startBusinessInput, 'StartBusiness')) },
  responses: {
    201: ok('The new business', z.object({ id: z.string(), name: z.string() }).openapi('StartedBusiness')),
    403: { description: 'Called with an API key' },
    409: { description: 'The person owns the most businesses allowed' },
    429: { description: 'Too many businesses started from this address in the last hour' },
    503: { description: 'Rota is being updated: try again in a minute' },
  },
});

/**
 * `/api/v1/me`: who the caller is and which business they are working in, and starting a new
 * business of their own.
 */
export function meRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql));
  app.use('/businesses', rateLimit(sql, { name: 'start-business', max: 10, windowSeconds: 3600 }));
  app.openapi(start, async (c) => {
    const { companyName } = c.req.valid('json');
    return c.json(await startBusiness(sql, c.get('principal').userId, companyName), 201);
  });
  return app.openapi(read, async (c) => {
    const principal = c.get('principal');
    const { userId, email, kind, platformRole, twoFactorEnabled, membership } = principal;
    return c.json(
      {
        user: { id: userId, email, platformRole, twoFactorEnabled },
        via: kind,
        tenant: membership
          ? {
              id: membership.tenant.id,
              name: membership.tenant.name,
              status: membership.tenant.status,
              role: membership.role,
            }
          : null,
        employee: await linkedEmployee(sql, principal),
      },
      200,
    );
  });
}
