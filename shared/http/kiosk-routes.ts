import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import {
  createKiosk,
  createKioskInput,
  getKiosk,
  KIOSK_TOKEN_PREFIX,
  type KioskDevice,
  kioskFromToken,
  listKiosks,
  revokeKiosk,
} from '../auth/kiosks';
import { assertCanManageLocation, managedLocationIds } from '../auth/location-scope';
import type { Sql } from '../db/client';
import { AppError, ValidationError } from '../errors';
import {
  archivedOnTheClock,
  clockIn,
  clockOut,
  endBreak,
  onTheClock,
  startBreak,
} from '../timekeeping/clock';
import { listEmployees, verifyEmployeePin } from '../timekeeping/employees';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { toJson } from './json';
import { json, ok } from './openapi';
import { cursorKey, decodeCursor, page, pageQuery } from './pagination';
import { RouteApp } from './route-app';
import { onTheClockSchema, timeEntrySchema } from './time-entry-routes';

type KioskEnv = { Variables: AppEnv['Variables'] & { kiosk: KioskDevice } };

const kiosk = z
  .object({
    id: z.string(),
    locationId: z.string().uuid(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('Kiosk');
const pinInput = z
  .object({ employeeId: z.string().uuid(), pin: z.string().regex(/^\d{4,6}$/, 'Must be 4 to 6 digits') })
  .openapi('KioskPin');

const manage = {
  create: createRoute({
    method: 'post',
    path: '/',
    summary: 'Register a kiosk device for a location; its token is shown only here',
    request: { body: json(createKioskInput.openapi('CreateKiosk')) },
    responses: { 201: ok('Created', z.object({ kiosk, token: z.string() })) },
  }),
  list: createRoute({
    method: 'get',
    path: '/',
    summary: 'Kiosk devices of the business, newest first',
    request: { query: z.object(pageQuery) },
    responses: {
      200: ok('A page of kiosks', z.object({ data: z.array(kiosk), nextCursor: z.string().nullable() })),
    },
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/{id}',
    summary: 'Revoke a kiosk device',
    request: { params: z.object({ id: z.string().min(1).max(64) }) },
    responses: { 204: { description: 'Revoked' } },
  }),
};

/** `/api/v1/kiosks`: managers register and revoke the kiosk devices of their locations. */
export function kioskManagementRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant(), requireRole('owner', 'admin', 'manager'));
  const canManage = (c: Context<AppEnv>, locationId: string) =>
    assertCanManageLocation(
      sql,
      c.get('tenant'),
      { userId: c.get('principal').userId, role: c.get('role') },
      locationId,
    );
  return app
    .openapi(manage.create, async (c) => {
      const input = c.req.valid('json');
      await canManage(c, input.locationId);
      return c.json(toJson(await createKiosk(sql, c.get('tenant'), c.get('principal').userId, input)), 201);
    })
    .openapi(manage.list, async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, cursorKey.instantAndTextId);
      // A manager sees the kiosks of the locations they manage, as they see those locations.
      const scope = await managedLocationIds(sql, c.get('tenant'), {
        userId: c.get('principal').userId,
        role: c.get('role'),
      });
      const rows = await listKiosks(
        sql,
        c.get('tenant'),
        { limit, after: after && { createdAt: new Date(after[0]), id: after[1] } },
        scope === 'all' ? undefined : scope,
      );
      return c.json(toJson(page(rows, limit, (row) => [row.createdAt.toISOString(), row.id])), 200);
    })
    .openapi(manage.revoke, async (c) => {
      const { id } = c.req.valid('param');
      await canManage(c, (await getKiosk(sql, c.get('tenant'), id)).locationId);
      await revokeKiosk(sql, c.get('tenant'), id, c.get('principal').userId);
      return c.body(null, 204);
    });
}

/** Authenticates a kiosk device by its `Authorization: Bearer rotak_…` token. */
function authenticateKiosk(sql: Sql): MiddlewareHandler<KioskEnv> {
  return async (c, next) => {
    const token = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const device = token?.startsWith(KIOSK_TOKEN_PREFIX) ? await kioskFromToken(sql, token) : null;
    if (!device) throw new AppError('unauthenticated', 'This device is not a registered kiosk.');
    if (device.tenant.status !== 'active')
      throw new AppError('tenant_suspended', 'This business is suspended.');
    c.set('kiosk', device);
    c.get('log').appendKeys({ tenantId: device.tenant.id, kioskId: device.id });
    await next();
  };
}

const device = {
  staff: createRoute({
    method: 'get',
    path: '/staff',
    summary:
      'The staff of the kiosk’s location, to pick from before entering a PIN (with anyone archived while clocked in there)',
    responses: {
      200: ok('Staff', z.object({ data: z.array(z.object({ id: z.string(), name: z.string() })) })),
    },
  }),
  onTheClock: createRoute({
    method: 'get',
    path: '/on-the-clock',
    summary: 'Who is clocked in at the kiosk’s location now',
    responses: {
      200: ok('Clocked-in staff', z.object({ data: z.array(onTheClockSchema) })),
    },
  }),
  action: (path: string, summary: string) =>
    createRoute({
      method: 'post',
      path,
      summary,
      request: { body: json(pinInput) },
      responses: {
        200: ok('The entry', timeEntrySchema),
        403: { description: 'Wrong PIN' },
        409: { description: 'Already / not clocked in, or inside an entry a manager entered ahead' },
        423: { description: 'Locked after repeated wrong PINs' },
      },
    }),
};

/** `/api/v1/kiosk/*`: what a kiosk device may do at its location, staff identified by PIN. */
export function kioskDeviceRoutes({ sql }: AppDeps) {
  const app = new RouteApp<KioskEnv>();
  app.use(authenticateKiosk(sql));
  /**
   * Checks the PIN and that the employee works at the kiosk's location; returns the employee id.
   * `ending` (clock-out, break end) also accepts an employee archived while clocked in here, so
   * the entry they are in can still be ended; nothing is started for them.
   */
  const identify = async (c: Context<KioskEnv>, input: z.infer<typeof pinInput>, ending = false) => {
    const { tenant, locationId } = c.get('kiosk');
    const [atLocation] = await listEmployees(sql, tenant, {
      limit: 1,
      locationIds: [locationId],
      idIn: [input.employeeId],
    });
    const archivedOnShift =
      !atLocation &&
      ending &&
      (await archivedOnTheClock(sql, tenant, locationId)).some(({ id }) => id === input.employeeId);
    if (!atLocation && !archivedOnShift)
      throw new ValidationError([{ field: 'employeeId', message: 'Not a member of staff at this location' }]);
    await verifyEmployeePin(sql, tenant, input.employeeId, input.pin, { archived: archivedOnShift });
    return input.employeeId;
  };
  return app
    .openapi(device.staff, async (c) => {
      const { tenant, locationId } = c.get('kiosk');
      const [staff, archived] = await Promise.all([
        listEmployees(sql, tenant, { limit: 500, locationIds: [locationId] }),
        // Listed too, or the kiosk would offer no way to end the entry they are still in.
        archivedOnTheClock(sql, tenant, locationId),
      ]);
      const data = [...staff.map(({ id, name }) => ({ id, name })), ...archived].sort(
        (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
      );
      return c.json({ data }, 200);
    })
    .openapi(device.onTheClock, async (c) =>
      c.json(toJson({ data: await onTheClock(sql, c.get('kiosk').tenant, c.get('kiosk').locationId) }), 200),
    )
    .openapi(device.action('/clock-in', 'Clock in with a PIN'), async (c) => {
      const employeeId = await identify(c, c.req.valid('json'));
      const { tenant, locationId } = c.get('kiosk');
      return c.json(toJson(await clockIn(sql, tenant, { employeeId, locationId, source: 'kiosk' })), 200);
    })
    .openapi(device.action('/clock-out', 'Clock out with a PIN'), async (c) =>
      c.json(
        toJson(
          await clockOut(sql, c.get('kiosk').tenant, {
            employeeId: await identify(c, c.req.valid('json'), true),
          }),
        ),
        200,
      ),
    )
    .openapi(device.action('/breaks/start', 'Start a break with a PIN'), async (c) =>
      c.json(
        toJson(await startBreak(sql, c.get('kiosk').tenant, await identify(c, c.req.valid('json')))),
        200,
      ),
    )
    .openapi(device.action('/breaks/end', 'End a break with a PIN'), async (c) =>
      c.json(
        toJson(await endBreak(sql, c.get('kiosk').tenant, await identify(c, c.req.valid('json'), true))),
        200,
      ),
    );
}
