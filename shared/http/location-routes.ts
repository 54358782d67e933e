import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { managedLocationIds } from '../auth/location-scope';
import { NotFoundError } from '../errors';
import {
  createLocation,
  createLocationInput,
  getLocation,
  listLocations,
  locationManagers,
  locationManagersInput,
  setLocationManagers,
  updateLocation,
  updateLocationInput,
} from '../timekeeping/locations';
import { openApiComponent } from '../zod';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { idParam, ok } from './openapi';
import { cursorKey, decodeCursor, page, pageQuery } from './pagination';
import { RouteApp } from './route-app';

const location = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    timeZone: z.string(),
    address: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Location');
const managers = openApiComponent(locationManagersInput, 'LocationManagers');

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  summary: 'Change a location; `archived: true` archives it (owner, admin)',
  middleware: requireRole('owner', 'admin'),
  request: {
    params: idParam,
    body: {
      content: { 'application/json': { schema: openApiComponent(updateLocationInput, 'UpdateLocation') } },
      required: true,
    },
  },
  responses: {
    200: { description: 'Updated', content: { 'application/json': { schema: location } } },
    409: { description: 'A new time zone while approved timesheets have hours here: reopen them first' },
  },
});

const getManagers = createRoute({
  method: 'get',
  path: '/{id}/managers',
  summary: 'Who manages a location',
  request: { params: idParam },
  responses: {
    200: { description: 'Manager user ids', content: { 'application/json': { schema: managers } } },
  },
});

const putManagers = createRoute({
  method: 'put',
  path: '/{id}/managers',
  summary: 'Set who manages a location (members with the manager role; owner, admin)',
  middleware: requireRole('owner', 'admin'),
  request: {
    params: idParam,
    body: { content: { 'application/json': { schema: managers } }, required: true },
  },
  responses: {
    200: { description: 'Manager user ids', content: { 'application/json': { schema: managers } } },
  },
});

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Locations of the active business by name (a manager sees the ones they manage)',
  request: {
    query: z.object({
      ...pageQuery,
      archived: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: '`true`: the archived locations instead, to restore one' }),
    }),
  },
  responses: {
    200: ok('A page of locations', z.object({ data: z.array(location), nextCursor: z.string().nullable() })),
  },
});

const get = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One location',
  request: { params: z.object({ id: z.string().uuid() }) },
  responses: {
    200: { description: 'The location', content: { 'application/json': { schema: location } } },
    404: { description: 'Not a location of this business' },
  },
});

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Add a location (owner, admin)',
  middleware: requireRole('owner', 'admin'),
  request: {
    body: {
      content: { 'application/json': { schema: openApiComponent(createLocationInput, 'CreateLocation') } },
      required: true,
    },
  },
  responses: { 201: { description: 'Created', content: { 'application/json': { schema: location } } } },
});

const serialize = (l: Awaited<ReturnType<typeof getLocation>>) => ({
  ...l,
  createdAt: l.createdAt.toISOString(),
});

/** `/api/v1/locations`. */
export function locationRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  /** Locations the caller sees: a manager only those they manage; everyone else all of them. */
  const visibleLocations = (c: Context<AppEnv>) => {
    const member = { userId: c.get('principal').userId, role: c.get('role') };
    return c.get('role') === 'employee' ? ('all' as const) : managedLocationIds(sql, c.get('tenant'), member);
  };
  /** The location's id, once the caller may see it; others are not found, as in the list. */
  const visibleId = async (c: Context<AppEnv>, id: string) => {
    const scope = await visibleLocations(c);
    if (scope !== 'all' && !scope.includes(id)) throw new NotFoundError('Location');
    return id;
  };
  return app
    .openapi(list, async (c) => {
      const { limit, cursor, archived } = c.req.valid('query');
      const after = decodeCursor(cursor, cursorKey.nameAndId);
      const scope = await visibleLocations(c);
      const rows = await listLocations(
        sql,
        c.get('tenant'),
        scope,
        { limit, after: after && { name: after[0], id: after[1] } },
        archived === 'true',
      );
      const { data, nextCursor } = page(rows, limit, (row) => [row.name, row.id]);
      return c.json({ data: data.map(serialize), nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const id = await visibleId(c, c.req.valid('param').id);
      return c.json(serialize(await getLocation(sql, c.get('tenant'), id)), 200);
    })
    .openapi(create, async (c) =>
      c.json(serialize(await createLocation(sql, c.get('tenant'), c.req.valid('json'))), 201),
    )
    .openapi(update, async (c) => {
      const actor = `user:${c.get('principal').userId}`;
      const { id } = c.req.valid('param');
      return c.json(
        serialize(await updateLocation(sql, c.get('tenant'), id, c.req.valid('json'), actor)),
        200,
      );
    })
    .openapi(getManagers, async (c) => {
      const id = await visibleId(c, c.req.valid('param').id);
      return c.json({ userIds: await locationManagers(sql, c.get('tenant'), id) }, 200);
    })
    .openapi(putManagers, async (c) =>
      c.json(
        {
          userIds: await setLocationManagers(
            sql,
            c.get('tenant'),
            c.req.valid('param').id,
            c.req.valid('json').userIds,
          ),
        },
        200,
      ),
    );
}
