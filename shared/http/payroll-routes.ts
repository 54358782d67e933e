import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { managedLocationIds } from '../auth/location-scope';
import { AppError } from '../errors';
import { employeeOfUser, isOwnEmployee } from '../timekeeping/clock';
import { listEmployees, localDate } from '../timekeeping/employees';
import { businessTimeZone } from '../timekeeping/locations';
import { payrollCsv, payrollReport } from '../timekeeping/payroll';
import { addDays, localToday, type Period, periodContaining } from '../timekeeping/periods';
import { getSettings } from '../timekeeping/settings';
import { LONG_ENTRY_HOURS } from '../timekeeping/time-entry-input';
import {
  approveTimesheet,
  listTimesheets,
  locationsWorkedIn,
  reopenTimesheet,
  submitTimesheet,
  timesheetPeriodStartingOn,
} from '../timekeeping/timesheets';
import { authenticate, requireRole, requireTenant } from './authenticate';
import type { AppDeps, AppEnv } from './context';
import { toJson } from './json';
import { ok } from './openapi';
import { cursorKey, decodeCursor, page, pageQuery } from './pagination';
import { RouteApp } from './route-app';

const minutes = {
  regularMinutes: z.number().int(),
  overtimeMinutes: z.number().int(),
  breakMinutes: z.number().int(),
};
const locationLine = z
  .object({ locationId: z.string(), ...minutes, grossMinor: z.number().int() })
  .openapi('PayrollLocationLine');
const employeeLine = z
  .object({
    employeeId: z.string(),
    ...minutes,
    grossMinor: z.number().int(),
    locations: z.array(locationLine),
  })
  .openapi('PayrollEmployee');
const report = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    employees: z.array(employeeLine),
    totals: z.object({ ...minutes, grossMinor: z.number().int() }),
    names: z.object({
      employees: z.record(z.string(), z.string()),
      locations: z.record(z.string(), z.string()),
    }),
    missingRates: z.array(z.string()),
    openEntries: z.number().int(),
  })
  .openapi('Payroll');
const timesheet = z
  .object({
    employeeId: z.string(),
    employeeName: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    status: z.enum(['open', 'submitted', 'approved']),
    ...minutes,
    openEntries: z.number().int(),
    longEntries: z
      .number()
      .int()
      .openapi({
        description: `Entries over ${LONG_ENTRY_HOURS} hours in the period: a clock-out forgotten?`,
      }),
    approvedAt: z.string().nullable(),
    approvedBy: z.string().nullable(),
  })
  .openapi('Timesheet');
// A sheet submitted or approved before the pay period setting changed keeps its own period.
// localDate is plain zod (built before zod was extended, in a browser-safe module): described
// with zod's own describe(), which the OpenAPI document reads as well.
const periodStartParam = localDate.describe(
  'First day of a pay period under the current settings, or of a sheet submitted or approved under an earlier pay period setting (its period then)',
);
const sheetParams = z.object({ employeeId: z.string().uuid(), periodStart: periodStartParam });
const periodQuery = z.object({ periodStart: periodStartParam.optional() });
const periodSchema = z
  .object({
    start: z.string(),
    end: z.string(),
    previousStart: z.string().openapi({ description: 'Start of the period before: its periodStart' }),
  })
  .openapi('PayPeriod');

const routes = {
  payroll: createRoute({
    method: 'get',
    path: '/',
    summary:
      'Payroll for local days [from, to]: regular, overtime and break minutes and gross pay (JSON or CSV)',
    middleware: requireRole('owner', 'admin'),
    request: {
      query: z.object({ from: localDate, to: localDate, format: z.enum(['json', 'csv']).default('json') }),
    },
    responses: {
      200: {
        description: 'The payroll',
        content: { 'application/json': { schema: report }, 'text/csv': { schema: z.string() } },
      },
    },
  }),
  timesheets: createRoute({
    method: 'get',
    path: '/',
    summary: 'Timesheets of a pay period (default: the current one) by employee name, with what is missing',
    request: { query: periodQuery.extend(pageQuery) },
    responses: {
      200: ok(
        'A page of timesheets, and the period',
        z.object({ period: periodSchema, data: z.array(timesheet), nextCursor: z.string().nullable() }),
      ),
    },
  }),
  mine: createRoute({
    method: 'get',
    path: '/mine',
    summary: 'The signed-in person’s own timesheet of a pay period (default: the current one)',
    request: { query: periodQuery },
    responses: {
      200: ok('Your timesheet', z.object({ period: periodSchema, timesheet })),
      403: { description: 'Your account is not linked to an employee of this business' },
    },
  }),
  action: (action: 'submit' | 'approve' | 'reopen', summary: string) =>
    createRoute({
      method: 'post',
      path: `/{employeeId}/{periodStart}/${action}`,
      summary,
      ...(action === 'submit' ? {} : { middleware: requireRole('owner', 'admin', 'manager') }),
      request: { params: sheetParams },
      responses: {
        200: ok('The timesheet', timesheet),
        403: { description: 'A manager’s sheet with hours at a location they do not manage' },
        409: { description: 'Locked, or entries still open' },
      },
    }),
};

/** Employee ids the caller may act for: undefined = all; a manager's staff; an employee themself. */
async function employeeScope(sql: AppDeps['sql'], c: Context<AppEnv>): Promise<string[] | undefined> {
  if (c.get('role') === 'employee')
    return [(await employeeOfUser(sql, c.get('tenant'), c.get('principal').userId)).id];
  const locations = await callerLocations(sql, c);
  if (locations === 'all') return undefined;
  return (await listEmployees(sql, c.get('tenant'), { limit: 10_000, locationIds: locations })).map(
    (e) => e.id,
  );
}

/** The locations the caller manages ('all' for owners and admins). */
function callerLocations(sql: AppDeps['sql'], c: Context<AppEnv>) {
  return managedLocationIds(sql, c.get('tenant'), { userId: c.get('principal').userId, role: c.get('role') });
}

/**
 * A manager acts on a whole timesheet only when they manage every location it has hours at: a
 * sheet is one employee's period across locations, and a manager of X may not approve (or reopen,
 * or submit) hours worked at Y. Owners and admins act on any; an employee submits their own.
 */
async function assertManagesSheet(
  sql: AppDeps['sql'],
  c: Context<AppEnv>,
  employeeId: string,
  period: Period,
): Promise<void> {
  if (c.get('role') !== 'manager') return;
  const managed = await callerLocations(sql, c);
  if (managed === 'all') return;
  const worked = await locationsWorkedIn(sql, c.get('tenant'), employeeId, period);
  if (worked.some((locationId) => !managed.includes(locationId)))
    throw new AppError(
      'forbidden',
      'This timesheet has hours at a location you do not manage: an owner or admin acts on it.',
    );
}

/** `/api/v1/payroll` (owner, admin). */
export function payrollRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  return app.openapi(routes.payroll, async (c) => {
    const { from, to, format } = c.req.valid('query');
    const result = await payrollReport(sql, c.get('tenant'), { from, to });
    if (format === 'csv') {
      return c.body(payrollCsv(result), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="payroll-${from}-to-${to}.csv"`,
      });
    }
    return c.json(result, 200);
  });
}

/** `/api/v1/timesheets`. */
export function timesheetRoutes({ sql }: AppDeps) {
  const app = new RouteApp<AppEnv>();
  app.use(authenticate(sql), requireTenant());
  const sheetAction =
    (act: typeof submitTimesheet) => async (c: Context<AppEnv>, params: z.infer<typeof sheetParams>) => {
      const ids = await employeeScope(sql, c);
      if (ids && !ids.includes(params.employeeId)) throw new AppError('not_found', 'Employee was not found.');
      const settings = await getSettings(sql, c.get('tenant'));
      // A sheet kept under an older pay period setting is acted on over the period it was kept under.
      const period = await timesheetPeriodStartingOn(
        sql,
        c.get('tenant'),
        params.periodStart,
        settings,
        params.employeeId,
      );
      // Submitting one's own sheet is every employee's, a manager's too, wherever they worked.
      const ownSubmit =
        act === submitTimesheet &&
        (await isOwnEmployee(sql, c.get('tenant'), c.get('principal').userId, params.employeeId));
      if (!ownSubmit) await assertManagesSheet(sql, c, params.employeeId, period);
      return toJson(
        await act(sql, c.get('tenant'), params.employeeId, period, `user:${c.get('principal').userId}`),
      );
    };

  /**
   * The period asked for (default: the one containing today, in the zone most of the business's
   * locations are in), and where the one before starts.
   */
  const periodOf = async (c: Context<AppEnv>, start: string | undefined) => {
    const settings = await getSettings(sql, c.get('tenant'));
    // An old sheet's start (the pay period setting changed since) lists its period, so it can be found.
    const period = start
      ? await timesheetPeriodStartingOn(sql, c.get('tenant'), start, settings)
      : periodContaining(localToday(await businessTimeZone(sql, c.get('tenant'))), settings);
    // The period after starts the day after this one ends; the one before is found by its last day.
    return { ...period, previousStart: periodContaining(addDays(period.start, -1), settings).start };
  };

  return app
    .openapi(routes.timesheets, async (c) => {
      const { periodStart, limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, cursorKey.nameAndId);
      const period = await periodOf(c, periodStart);
      const rows = await listTimesheets(sql, c.get('tenant'), period, await employeeScope(sql, c), {
        limit,
        after: after && { name: after[0], id: after[1] },
      });
      const sheets = page(rows, limit, (row) => [row.employeeName, row.employeeId]);
      return c.json(toJson({ period, ...sheets }), 200);
    })
    .openapi(routes.mine, async (c) => {
      const self = await employeeOfUser(sql, c.get('tenant'), c.get('principal').userId);
      const period = await periodOf(c, c.req.valid('query').periodStart);
      const [sheet] = await listTimesheets(sql, c.get('tenant'), period, [self.id]);
      if (!sheet) throw new AppError('not_found', 'Your timesheet was not found.');
      return c.json(toJson({ period, timesheet: sheet }), 200);
    })
    .openapi(routes.action('submit', 'Submit a timesheet as complete'), async (c) =>
      c.json(await sheetAction(submitTimesheet)(c, c.req.valid('param')), 200),
    )
    .openapi(routes.action('approve', 'Approve a timesheet: its entries are locked'), async (c) =>
      c.json(await sheetAction(approveTimesheet)(c, c.req.valid('param')), 200),
    )
    .openapi(routes.action('reopen', 'Reopen a timesheet for corrections'), async (c) =>
      c.json(await sheetAction(reopenTimesheet)(c, c.req.valid('param')), 200),
    );
}
