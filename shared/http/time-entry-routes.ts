import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { assertCanManageLocation, managedLocationIds } from '../auth/location-scope';
import { NotFoundError } from '../errors';
import {
  clockIn,
  clockOut,
  type EntryQuery,
  employeeOfUser,
  endBreak,
  getEntry,
  isOwnEmployee,
  listEntries,
  onTheClock,
  startBreak,
} from '../timekeeping/clock';
import {
  addEntry,
  correctEntry,
  correctEntryInput,
  deleteEntry,
  deleteEntryInput,
  entryChanges,
  entryLocationId,
  listDeletedEntries,
  manualEntryInput,
} from '../timekeeping/entry-corrections';
import { openApiComponent } from '../zod';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { toJson } from './json';
import { idParam, json, ok, windowListQuery } from './openapi';
import { cursorKey, decodeCursor, page } from './pagination';
import { RouteApp } from './route-app';

export const timeEntrySchema = z
  .object({
    id: z.string().uuid(),
    employeeId: z.string().uuid(),
    locationId: z.string().uuid(),
    clockIn: z.string(),
    clockOut: z.string().nullable(),
    source: z.enum(['self', 'kiosk', 'manager']),
    breaks: z.array(z.object({ startsAt: z.string(), endsAt: z.string().nullable() })),
  })
  .openapi('TimeEntry');
const managers = () => requireRole('owner', 'admin', 'manager');

/**
 * An entry a manager deleted, as it was when deleted. Its fields are spread rather than extended:
 * `.extend()` would document it as `allOf` TimeEntry, which a client that closes TimeEntry to
 * other fields could not satisfy.
 */
export const deletedTimeEntrySchema = z
  .object({ ...timeEntrySchema.shape, deletedAt: z.string(), deletedBy: z.string(), reason: z.string() })
  .openapi('DeletedTimeEntry');

/** One person on the clock at a location (shared with the kiosk's view). */
export const onTheClockSchema = z
  .object({ employeeId: z.string(), name: z.string(), clockIn: z.string(), onBreak: z.boolean() })
  .openapi('OnTheClock');

const selfResponses = {
  200: ok('The entry', timeEntrySchema),
  409: { description: 'Already clocked in / not clocked in, or inside an entry a manager entered ahead' },
};
const selfAction = (path: string, summary: string) =>
  createRoute({ method: 'post', path, summary, responses: selfResponses });

const routes = {
  clockIn: createRoute({
    method: 'post',
    path: '/clock-in',
    summary: 'Clock in now at a location (the signed-in employee)',
    request: { body: json(z.object({ locationId: z.string().uuid() })) },
    responses: selfResponses,
  }),
  clockOut: selfAction('/clock-out', 'Clock out now (ends an open break too)'),
  breakStart: selfAction('/breaks/start', 'Start a break now'),
  breakEnd: selfAction('/breaks/end', 'End the break now'),
  list: createRoute({
    method: 'get',
    path: '/',
    summary: 'Time entries starting in [from, to) (employees see their own)',
    request: {
      query: windowListQuery(),
    },
    responses: {
      200: ok(
        'A page of entries',
        z.object({ data: z.array(timeEntrySchema), nextCursor: z.string().nullable() }),
      ),
    },
  }),
  deleted: createRoute({
    method: 'get',
    path: '/deleted',
    summary: 'Entries deleted by a manager that started in [from, to), as they were, with who, when and why',
    middleware: managers(),
    request: { query: windowListQuery() },
    responses: {
      200: ok(
        'A page of deleted entries',
        z.object({ data: z.array(deletedTimeEntrySchema), nextCursor: z.string().nullable() }),
      ),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/{id}',
    summary: 'One entry (employees: their own; managers: their locations’)',
    request: { params: idParam },
    responses: { 200: ok('The entry', timeEntrySchema) },
  }),
  add: createRoute({
    method: 'post',
    path: '/',
    summary: 'Add a missed entry, with a reason (managers of the location)',
    middleware: managers(),
    request: { body: json(openApiComponent(manualEntryInput, 'AddTimeEntry')) },
    responses: {
      201: ok('Created', timeEntrySchema),
      409: { description: 'Overlaps another entry of the employee, or in an approved timesheet' },
    },
  }),
  correct: createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Correct an entry, with a reason kept in its history (managers of the location)',
    middleware: managers(),
    request: { params: idParam, body: json(openApiComponent(correctEntryInput, 'CorrectTimeEntry')) },
    responses: {
      200: ok('Corrected', timeEntrySchema),
      409: { description: 'Overlaps another entry of the employee, or in an approved timesheet' },
    },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/{id}',
    summary: 'Delete an entry made by mistake, with a reason; its history is kept (managers of the location)',
    middleware: managers(),
    request: { params: idParam, body: json(openApiComponent(deleteEntryInput, 'DeleteTimeEntry')) },
    responses: {
      204: { description: 'Deleted' },
      409: { description: 'In an approved timesheet' },
    },
  }),
  changes: createRoute({
    method: 'get',
    path: '/{id}/changes',
    summary: 'Every manual change to an entry, deleted or not: who, when, why, before and after',
    middleware: managers(),
    request: { params: idParam },
    responses: {
      200: ok(
        'Changes, oldest first',
        z.object({
          data: z.array(
            z.object({
              changedBy: z.string(),
              reason: z.string(),
              at: z.string(),
              before: z.unknown(),
              after: z.unknown(),
            }),
          ),
        }),
      ),
    },
  }),
  onTheClock: createRoute({
    method: 'get',
    path: '/on-the-clock',
    summary: 'Who is clocked in at a location now',
    middleware: managers(),
    request: { query: z.object({ locationId: z.string().uuid() }) },
    responses: {
      200: ok('Clocked-in staff', z.object({ data: z.array(onTheClockSchema) })),
    },
  }),
};

/** `/api/v1/time-entries`: the time clock. */
export function timeEntryRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  const member = (c: Context<AppEnv>) => ({ userId: c.get('principal').userId, role: c.get('role') });
  const self = (c: Context<AppEnv>) => employeeOfUser(sql, c.get('tenant'), c.get('principal').userId);
  const canManage = (c: Context<AppEnv>, locationId: string) =>
    assertCanManageLocation(sql, c.get('tenant'), member(c), locationId);
  /**
   * A list's window and page, narrowed to the employee's own entries or the manager's locations;
   * with `ownAnywhere`, a manager asking for their own entries gets them at any location, as an
   * employee does (not for deleted entries, which only managers of the location see).
   */
  const entryQuery = async (
    c: Context<AppEnv>,
    q: z.output<ReturnType<typeof windowListQuery>>,
    ownAnywhere = false,
  ) => {
    const after = decodeCursor(q.cursor, cursorKey.instantAndId);
    const query: EntryQuery = {
      from: new Date(q.from),
      to: new Date(q.to),
      employeeId: q.employeeId,
      locationIds: q.locationId ? [q.locationId] : undefined,
      limit: q.limit,
      after: after && { clockIn: new Date(after[0]), id: after[1] },
    };
    if (c.get('role') === 'employee') return { ...query, employeeId: (await self(c)).id };
    const scope = await managedLocationIds(sql, c.get('tenant'), member(c));
    if (scope === 'all') return query;
    // A manager's own entries, at any location, as any employee sees theirs.
    if (ownAnywhere && (await isOwnEmployee(sql, c.get('tenant'), member(c).userId, query.employeeId)))
      return query;
    const { locationIds } = query;
    return { ...query, locationIds: locationIds ? locationIds.filter((l) => scope.includes(l)) : scope };
  };

  return (
    app
      .openapi(routes.clockIn, (c) => {
        // Not `c.json(await clockIn(…))`: with the handler suspended on the query, each
        // young-generation collection kept 1.1–2.4 MB alive instead of ~0.1 MB, so a mark-compact
        // came every few seconds under load and showed in p99 (bench/README.md). Handing on the
        // promise avoids it. (Named before it is returned so that TypeScript types it from
        // c.json, not from the handler's expected union.)
        const { locationId } = c.req.valid('json');
        const userId = c.get('principal').userId;
        const answered = clockIn(sql, c.get('tenant'), { userId, locationId, source: 'self' }).then((entry) =>
          c.json(toJson(entry), 200),
        );
        return answered;
      })
      .openapi(routes.clockOut, (c) => {
        const userId = c.get('principal').userId;
        const answered = clockOut(sql, c.get('tenant'), { userId }).then((entry) =>
          c.json(toJson(entry), 200),
        );
        return answered;
      })
      .openapi(routes.breakStart, async (c) =>
        c.json(toJson(await startBreak(sql, c.get('tenant'), (await self(c)).id)), 200),
      )
      .openapi(routes.breakEnd, async (c) =>
        c.json(toJson(await endBreak(sql, c.get('tenant'), (await self(c)).id)), 200),
      )
      .openapi(routes.onTheClock, async (c) => {
        const { locationId } = c.req.valid('query');
        await canManage(c, locationId);
        return c.json(toJson({ data: await onTheClock(sql, c.get('tenant'), locationId) }), 200);
      })
      .openapi(routes.list, async (c) => {
        const query = await entryQuery(c, c.req.valid('query'), true);
        const rows = await listEntries(sql, c.get('tenant'), query);
        return c.json(toJson(page(rows, query.limit, (row) => [row.clockIn.toISOString(), row.id])), 200);
      })
      .openapi(routes.deleted, async (c) => {
        const query = await entryQuery(c, c.req.valid('query'));
        const rows = await listDeletedEntries(sql, c.get('tenant'), query);
        return c.json(toJson(page(rows, query.limit, (row) => [row.clockIn.toISOString(), row.id])), 200);
      })
      .openapi(routes.add, async (c) => {
        const input = c.req.valid('json');
        await canManage(c, input.locationId);
        return c.json(
          toJson(await addEntry(sql, c.get('tenant'), input, `user:${c.get('principal').userId}`)),
          201,
        );
      })
      .openapi(routes.correct, async (c) => {
        const { id } = c.req.valid('param');
        await canManage(c, (await getEntry(sql, c.get('tenant'), id)).locationId);
        return c.json(
          toJson(
            await correctEntry(
              sql,
              c.get('tenant'),
              id,
              c.req.valid('json'),
              `user:${c.get('principal').userId}`,
            ),
          ),
          200,
        );
      })
      .openapi(routes.remove, async (c) => {
        const { id } = c.req.valid('param');
        await canManage(c, (await getEntry(sql, c.get('tenant'), id)).locationId);
        await deleteEntry(sql, c.get('tenant'), id, c.req.valid('json'), `user:${c.get('principal').userId}`);
        return c.body(null, 204);
      })
      .openapi(routes.changes, async (c) => {
        const { id } = c.req.valid('param');
        await canManage(c, await entryLocationId(sql, c.get('tenant'), id));
        return c.json(toJson({ data: await entryChanges(sql, c.get('tenant'), id) }), 200);
      })
      // Last: a path parameter must not take `/deleted` or `/on-the-clock` from their own routes.
      .openapi(routes.get, async (c) => {
        const entry = await getEntry(sql, c.get('tenant'), c.req.valid('param').id);
        if (c.get('role') === 'employee') {
          if (entry.employeeId !== (await self(c)).id) throw new NotFoundError('Time entry');
        } else await canManage(c, entry.locationId);
        return c.json(toJson(entry), 200);
      })
  );
}
