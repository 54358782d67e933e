import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { managedLocationIds } from '../auth/location-scope';
import { AppError, ValidationError } from '../errors';
import { importEmployees } from '../timekeeping/employee-import';
import {
  createEmployee,
  createEmployeeInput,
  getEmployee,
  listEmployees,
  listPayRates,
  payRateInput,
  pinInput,
  setPayRate,
  setPin,
  updateEmployee,
  updateEmployeeInput,
} from '../timekeeping/employees';
import { openApiComponent } from '../zod';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { toJson } from './json';
import { idParam, json, ok } from './openapi';
import { cursorKey, decodeCursor, page, pageQuery } from './pagination';
import { RouteApp } from './route-app';

const employee = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    email: z.string().nullable(),
    jobRole: z.string().nullable(),
    userId: z.string().nullable(),
    locationIds: z.array(z.string().uuid()),
    hasPin: z.boolean(),
    archived: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Employee');
const payRate = z.object({ effectiveFrom: z.string(), hourlyRateMinor: z.number().int() }).openapi('PayRate');

const routes = {
  list: createRoute({
    method: 'get',
    path: '/',
    summary: 'Employees by name (a manager sees those of their locations, an employee only themself)',
    request: {
      query: z.object({
        ...pageQuery,
        locationId: z.string().uuid().optional(),
        includeArchived: z.enum(['true', 'false']).optional(),
      }),
    },
    responses: {
      200: ok(
        'A page of employees',
        z.object({ data: z.array(employee), nextCursor: z.string().nullable() }),
      ),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/{id}',
    summary: 'One employee',
    request: { params: idParam },
    responses: {
      200: ok('The employee', employee),
      404: { description: 'Not an employee of this business' },
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/',
    summary: 'Add an employee, with locations, a first pay rate and a kiosk PIN (owner, admin)',
    middleware: requireRole('owner', 'admin'),
    request: { body: json(openApiComponent(createEmployeeInput, 'CreateEmployee')) },
    responses: { 201: ok('Created', employee) },
  }),
  update: createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Change an employee; `archived: true` archives (owner, admin)',
    middleware: requireRole('owner', 'admin'),
    request: { params: idParam, body: json(openApiComponent(updateEmployeeInput, 'UpdateEmployee')) },
    responses: { 200: ok('Updated', employee) },
  }),
  rates: createRoute({
    method: 'get',
    path: '/{id}/pay-rates',
    summary: 'Pay rate history (owner, admin)',
    middleware: requireRole('owner', 'admin'),
    request: { params: idParam },
    responses: { 200: ok('Rates, oldest first', z.object({ data: z.array(payRate) })) },
  }),
  addRate: createRoute({
    method: 'post',
    path: '/{id}/pay-rates',
    summary: 'Set the hourly rate from a date on (owner, admin)',
    middleware: requireRole('owner', 'admin'),
    request: { params: idParam, body: json(openApiComponent(payRateInput, 'SetPayRate')) },
    responses: { 200: ok('Rates, oldest first', z.object({ data: z.array(payRate) })) },
  }),
  pin: createRoute({
    method: 'put',
    path: '/{id}/pin',
    summary: 'Set or clear the kiosk PIN, lifting any lockout (owner, admin, the employee’s manager)',
    middleware: requireRole('owner', 'admin', 'manager'),
    request: {
      params: idParam,
      body: json(pinInput),
    },
    responses: { 204: { description: 'Saved' } },
  }),
  import: createRoute({
    method: 'post',
    path: '/import',
    summary: 'Import employees from CSV: all rows or none; problems named by row and column (owner, admin)',
    description:
      'Columns `name,email,jobRole,locations,hourlyRate,rateEffectiveFrom,pin`. `locations` holds ' +
      'location names (any case), several separated by `;`; a cell that is one location’s whole ' +
      'name is that location, even when the name has a `;`.',
    middleware: requireRole('owner', 'admin'),
    request: { body: { content: { 'text/csv': { schema: z.string() } }, required: true } },
    responses: {
      201: ok('Imported', z.object({ data: z.array(employee) })),
      400: { description: 'Problems, nothing imported' },
    },
  }),
};

/** `/api/v1/employees`. */
export function employeeRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());

  /** Employees the caller may see: everyone (owner, admin), their locations' (manager), themself. */
  const scope = async (c: Context<AppEnv>) => {
    const member = { userId: c.get('principal').userId, role: c.get('role') };
    if (c.get('role') === 'employee') return { selfUserId: c.get('principal').userId };
    const locations = await managedLocationIds(sql, c.get('tenant'), member);
    return locations === 'all' ? {} : { locationIds: locations };
  };
  const assertVisible = async (c: Context<AppEnv>, id: string) => {
    const found = await getEmployee(sql, c.get('tenant'), id);
    const visible = await scope(c);
    const allowed =
      ('selfUserId' in visible && found.userId === visible.selfUserId) ||
      ('locationIds' in visible && found.locationIds.some((l) => visible.locationIds?.includes(l))) ||
      Object.keys(visible).length === 0;
    if (!allowed) throw new AppError('not_found', 'Employee was not found.');
    return found;
  };

  return app
    .openapi(routes.list, async (c) => {
      const { limit, cursor, locationId, includeArchived } = c.req.valid('query');
      const visible = await scope(c);
      const after = decodeCursor(cursor, cursorKey.nameAndId);
      let locationIds = 'locationIds' in visible ? visible.locationIds : undefined;
      if (locationId) locationIds = locationIds ? locationIds.filter((l) => l === locationId) : [locationId];
      const rows = await listEmployees(sql, c.get('tenant'), {
        limit,
        after: after && { name: after[0], id: after[1] },
        locationIds,
        userId: 'selfUserId' in visible ? visible.selfUserId : undefined,
        includeArchived: includeArchived === 'true',
      });
      return c.json(toJson(page(rows, limit, (row) => [row.name, row.id])), 200);
    })
    .openapi(routes.get, async (c) => c.json(toJson(await assertVisible(c, c.req.valid('param').id)), 200))
    .openapi(routes.create, async (c) =>
      c.json(toJson(await createEmployee(sql, c.get('tenant'), c.req.valid('json'))), 201),
    )
    .openapi(routes.update, async (c) =>
      c.json(
        toJson(await updateEmployee(sql, c.get('tenant'), c.req.valid('param').id, c.req.valid('json'))),
        200,
      ),
    )
    .openapi(routes.rates, async (c) =>
      c.json({ data: await listPayRates(sql, c.get('tenant'), c.req.valid('param').id) }, 200),
    )
    .openapi(routes.addRate, async (c) =>
      c.json(
        { data: await setPayRate(sql, c.get('tenant'), c.req.valid('param').id, c.req.valid('json')) },
        200,
      ),
    )
    .openapi(routes.pin, async (c) => {
      const { id } = c.req.valid('param');
      await assertVisible(c, id);
      await setPin(sql, c.get('tenant'), id, c.req.valid('json').pin);
      return c.body(null, 204);
    })
    .openapi(routes.import, async (c) => {
      if (!c.req.header('content-type')?.startsWith('text/csv')) {
        throw new ValidationError([{ field: 'file', message: 'Send the file as text/csv' }]);
      }
      return c.json(toJson({ data: await importEmployees(sql, c.get('tenant'), await c.req.text()) }), 201);
    });
}
