import { signUp } from '../auth/signup';
import { type Sql, schemaIdentifier } from '../db/client';
import { getTenant, type Tenant } from '../tenancy/registry';
import { createEmployee } from '../timekeeping/employees';
import { createLocation } from '../timekeeping/locations';
import { addDays, localToday } from '../timekeeping/periods';

const DEMO_NAME = 'Demo Café Group';
/** The demo owner's sign-in, printed by `npm start --demo`. Local use only. */
export const DEMO_OWNER = { email: 'owner@demo.rota.local', password: 'rota-demo-password' } as const;

const SITES = [
  { name: 'Shoreditch', timeZone: 'Europe/London', address: '12 Rivington St, London' },
  { name: 'Camden', timeZone: 'Europe/London', address: '3 Parkway, London' },
  { name: 'Brooklyn', timeZone: 'America/New_York', address: '145 Bedford Ave, New York' },
] as const;

const STAFF = [
  { name: 'Amara Okafor', jobRole: 'Barista', rate: 1350, site: 0 },
  { name: 'Ben Carter', jobRole: 'Barista', rate: 1300, site: 0 },
  { name: 'Chloé Martin', jobRole: 'Shift lead', rate: 1600, site: 1 },
  { name: 'Dev Patel', jobRole: 'Barista', rate: 1300, site: 1 },
  { name: 'Elena Rossi', jobRole: 'Baker', rate: 1800, site: 2 },
  { name: 'Frank Li', jobRole: 'Barista', rate: 1700, site: 2 },
] as const;

/**
 * Creates the demo business and its owner (DEMO_OWNER) once (later runs return it): three sites in
 * two time zones, six staff with pay rates and kiosk PIN 1234, this week's schedule, and the hours
 * worked last week and so far this week, so every screen has something to show.
 */
export async function seedDemoTenant(sql: Sql): Promise<Tenant> {
  const [existing] = await sql<{ id: string }[]>`
    select id from platform.tenants where name = ${DEMO_NAME} and status <> 'deleted' limit 1`;
  if (existing) return getTenant(sql, existing.id);
  const owner = await signUp(sql, { companyName: DEMO_NAME, name: 'Demo Owner', ...DEMO_OWNER });
  if (owner.kind !== 'created')
    throw new Error(`${DEMO_OWNER.email} exists already without the demo business`);
  await sql`update platform."user" set "emailVerified" = true where id = ${owner.userId}`;
  const tenant = await getTenant(sql, owner.tenantId);
  const sites = [];
  for (const site of SITES) sites.push(await createLocation(sql, tenant, site));
  const monday = lastMonday();
  for (const person of STAFF) {
    const site = sites[person.site] as (typeof sites)[number];
    const employee = await createEmployee(sql, tenant, {
      name: person.name,
      jobRole: person.jobRole,
      locationIds: [site.id],
      hourlyRateMinor: person.rate,
      rateEffectiveFrom: addDays(monday, -28),
      pin: '1234',
    });
    await seedWeek(sql, tenant, {
      employeeId: employee.id,
      locationId: site.id,
      timeZone: site.timeZone,
      monday,
    });
  }
  return tenant;
}

/** Monday of the current week (UTC). */
function lastMonday(): string {
  const today = localToday('UTC');
  const isoWeekday = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return addDays(today, 1 - isoWeekday);
}

/**
 * This week's published 08:00–16:00 shifts (local time), and worked entries a few minutes off for
 * last week and for this week's days already over, so the dashboard and payroll have hours.
 */
async function seedWeek(
  sql: Sql,
  tenant: Tenant,
  s: { employeeId: string; locationId: string; timeZone: string; monday: string },
) {
  const schema = schemaIdentifier(sql, tenant.schema);
  const today = localToday('UTC');
  for (let day = 0; day < 5; day++) {
    const thisWeek = addDays(s.monday, day);
    await sql`
      insert into ${schema}.shifts (location_id, employee_id, starts_at, ends_at, role, published_at)
      values (${s.locationId}, ${s.employeeId},
              (${thisWeek}::date + time '08:00') at time zone ${s.timeZone},
              (${thisWeek}::date + time '16:00') at time zone ${s.timeZone}, 'Floor', now())`;
    await seedWorkedDay(sql, schema, s, addDays(s.monday, day - 7), day);
    if (thisWeek < today) await seedWorkedDay(sql, schema, s, thisWeek, day);
  }
}

/** One kiosk entry on `date` with a half-hour lunch break, clocked a few minutes off the shift. */
async function seedWorkedDay(
  sql: Sql,
  schema: ReturnType<typeof schemaIdentifier>,
  s: { employeeId: string; locationId: string; timeZone: string },
  date: string,
  offset: number,
) {
  const [entry] = await sql<[{ id: string }]>`
    insert into ${schema}.time_entries (employee_id, location_id, clock_in, clock_out, source)
    values (${s.employeeId}, ${s.locationId},
            (${date}::date + time '07:56' + make_interval(mins => ${offset * 3})) at time zone ${s.timeZone},
            (${date}::date + time '16:04' + make_interval(mins => ${offset * 7})) at time zone ${s.timeZone}, 'kiosk')
    returning id`;
  await sql`
    insert into ${schema}.breaks (time_entry_id, starts_at, ends_at)
    values (${entry.id}, (${date}::date + time '12:00') at time zone ${s.timeZone},
            (${date}::date + time '12:30') at time zone ${s.timeZone})`;
}
