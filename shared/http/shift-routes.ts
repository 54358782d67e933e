import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { assertCanManageLocation, managedLocationIds } from '../auth/location-scope';
import { NotFoundError } from '../errors';
import { enqueueBatch } from '../jobs/queue';
import { employeeOfUser, isOwnEmployee } from '../timekeeping/clock';
import { scheduleNoticeJobs } from '../timekeeping/schedule-notice';
import {
  copyWeek,
  copyWeekInput,
  createShift,
  createShiftInput,
  deleteShift,
  getShift,
  listShifts,
  publishInput,
  publishShifts,
  updateShift,
  updateShiftInput,
} from '../timekeeping/shifts';
import { openApiComponent } from '../zod';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { toJson } from './json';
import { idParam, jobsNotSetUp, json, ok, windowListQuery } from './openapi';
import { cursorKey, decodeCursor, page } from './pagination';
import { RouteApp } from './route-app';

const shift = z
  .object({
    id: z.string().uuid(),
    locationId: z.string().uuid(),
    employeeId: z.string().uuid().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
    role: z.string().nullable(),
    notes: z.string().nullable(),
    published: z.boolean(),
  })
  .openapi('Shift');
const conflict = z
  .object({
    shiftId: z.string(),
    kind: z.literal('overlap'),
    startsAt: z.string(),
    endsAt: z.string(),
    locationId: z.string(),
  })
  .openapi('ShiftConflict');
const written = z.object({ shift, conflicts: z.array(conflict) }).openapi('ShiftWithConflicts');
const copiedWeek = z
  .object({
    data: z.array(shift).openapi({ description: 'The new draft shifts' }),
    skipped: z.number().int().openapi({
      description:
        'Shifts of the week the target week already had (same times, employee and role): not copied again',
    }),
    conflicts: z
      .array(
        conflict.extend({
          copiedShiftId: z.string().uuid().openapi({ description: 'The new shift that overlaps' }),
        }),
      )
      .openapi({ description: 'Each new shift’s overlaps with the same employee’s other shifts' }),
  })
  .openapi('CopiedWeek');

/** A location and a window of shift starts: what publishing and emailing the schedule take. */
const scheduleWindowBody = json(openApiComponent(publishInput, 'PublishShifts'));

const routes = {
  list: createRoute({
    method: 'get',
    path: '/',
    summary: 'Shifts starting in [from, to): the schedule (employees see their own published shifts)',
    request: {
      query: windowListQuery(62),
    },
    responses: {
      200: ok('A page of shifts', z.object({ data: z.array(shift), nextCursor: z.string().nullable() })),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/{id}',
    summary: 'One shift (employees: their own published shifts; managers: their locations’)',
    request: { params: idParam },
    responses: { 200: ok('The shift', shift) },
  }),
  create: createRoute({
    method: 'post',
    path: '/',
    summary: 'Add a draft shift; overlapping shifts of the employee are returned as conflicts',
    middleware: requireRole('owner', 'admin', 'manager'),
    request: { body: json(openApiComponent(createShiftInput, 'CreateShift')) },
    responses: { 201: ok('Created', written) },
  }),
  update: createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Change a shift',
    middleware: requireRole('owner', 'admin', 'manager'),
    request: { params: idParam, body: json(openApiComponent(updateShiftInput, 'UpdateShift')) },
    responses: { 200: ok('Updated', written) },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/{id}',
    summary: 'Delete a shift',
    middleware: requireRole('owner', 'admin', 'manager'),
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' } },
  }),
  publish: createRoute({
    method: 'post',
    path: '/publish',
    summary: 'Publish a location’s draft shifts starting in [from, to)',
    middleware: requireRole('owner', 'admin', 'manager'),
    request: { body: scheduleWindowBody },
    responses: { 200: ok('How many were published', z.object({ published: z.number().int() })) },
  }),
  notify: createRoute({
    method: 'post',
    path: '/notify',
    summary: 'Email each employee their published shifts at a location starting in [from, to)',
    middleware: requireRole('owner', 'admin', 'manager'),
    request: { body: scheduleWindowBody },
    responses: {
      202: ok(
        'The emails are queued',
        z.object({
          notified: z.number().int().openapi({ description: 'Employees an email is queued for' }),
          withoutEmail: z
            .array(z.string())
            .openapi({ description: 'Names of those with no email to write to' }),
        }),
      ),
      503: jobsNotSetUp,
    },
  }),
  copyWeek: createRoute({
    method: 'post',
    path: '/copy-week',
    summary: 'Copy a location’s week of shifts to another week as drafts (same local times)',
    description:
      'Both dates must be the business’s first day of the week. A shift the target week already has is not copied again, so repeating a copy adds nothing; a copy that double-books its employee is made and reported in `conflicts`. An employee archived or no longer at the location leaves an open shift.',
    middleware: requireRole('owner', 'admin', 'manager'),
    request: { body: json(openApiComponent(copyWeekInput, 'CopyWeek')) },
    responses: { 201: ok('The new shifts, what was already there, and overlaps', copiedWeek) },
  }),
};

/** `/api/v1/shifts`: the schedule. */
export function shiftRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  const member = (c: Context<AppEnv>) => ({ userId: c.get('principal').userId, role: c.get('role') });
  const canManage = (c: Context<AppEnv>, locationId: string) =>
    assertCanManageLocation(sql, c.get('tenant'), member(c), locationId);

  return app
    .openapi(routes.list, async (c) => {
      const { from, to, locationId, employeeId, limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, cursorKey.instantAndId);
      const query = {
        from: new Date(from),
        to: new Date(to),
        locationId,
        employeeId,
        limit,
        after: after && { startsAt: new Date(after[0]), id: after[1] },
      };
      if (c.get('role') === 'employee') {
        const self = await employeeOfUser(sql, c.get('tenant'), c.get('principal').userId);
        Object.assign(query, { employeeId: self.id, publishedOnly: true });
      } else {
        const scope = await managedLocationIds(sql, c.get('tenant'), member(c));
        if (scope !== 'all') {
          // A manager's own shifts, at any location, as any employee sees theirs (published),
          // and their drafts at the locations they manage, which they see anyway.
          const own = await isOwnEmployee(sql, c.get('tenant'), c.get('principal').userId, employeeId);
          Object.assign(query, own ? { publishedOnly: true, draftsAt: scope } : { locationIds: scope });
        }
      }
      const rows = await listShifts(sql, c.get('tenant'), query);
      return c.json(toJson(page(rows, limit, (row) => [row.startsAt.toISOString(), row.id])), 200);
    })
    .openapi(routes.get, async (c) => {
      const found = await getShift(sql, c.get('tenant'), c.req.valid('param').id);
      if (c.get('role') === 'employee') {
        // Another's shift, or a draft, is not theirs to know of: the same answer as none at all.
        const self = await employeeOfUser(sql, c.get('tenant'), c.get('principal').userId);
        if (found.employeeId !== self.id || !found.published) throw new NotFoundError('Shift');
      } else await canManage(c, found.locationId);
      return c.json(toJson(found), 200);
    })
    .openapi(routes.create, async (c) => {
      const input = c.req.valid('json');
      await canManage(c, input.locationId);
      return c.json(toJson(await createShift(sql, c.get('tenant'), input)), 201);
    })
    .openapi(routes.update, async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      if (input.locationId) await canManage(c, input.locationId);
      const changed = await updateShift(sql, c.get('tenant'), id, input, (current) =>
        canManage(c, current.locationId),
      );
      return c.json(toJson(changed), 200);
    })
    .openapi(routes.remove, async (c) => {
      const { id } = c.req.valid('param');
      await canManage(c, (await getShift(sql, c.get('tenant'), id)).locationId);
      await deleteShift(sql, c.get('tenant'), id);
      return c.body(null, 204);
    })
    .openapi(routes.publish, async (c) => {
      const input = c.req.valid('json');
      await canManage(c, input.locationId);
      return c.json({ published: await publishShifts(sql, c.get('tenant'), input) }, 200);
    })
    .openapi(routes.notify, async (c) => {
      const input = c.req.valid('json');
      await canManage(c, input.locationId);
      const { jobs, withoutEmail } = await scheduleNoticeJobs(sql, c.get('tenant'), input);
      if (jobs.length > 0) await enqueueBatch(jobs);
      return c.json({ notified: jobs.length, withoutEmail }, 202);
    })
    .openapi(routes.copyWeek, async (c) => {
      const input = c.req.valid('json');
      await canManage(c, input.locationId);
      return c.json(toJson(await copyWeek(sql, c.get('tenant'), input)), 201);
    });
}
