/** The worker's side of schedule-notice.ts: one employee's email of their published shifts. */
import { config } from '../config';
import { type Sql, schemaIdentifier } from '../db/client';
import { sendEmail } from '../email/send';
import { scheduleEmail } from '../email/templates';
import type { Tenant } from '../tenancy/registry';
import { employeeEmail, type ScheduleWindow } from './schedule-notice';

/** Sends one employee their published shifts at the location in the window (the job's work). */
export async function sendScheduleNotice(
  sql: Sql,
  tenant: Tenant,
  notice: ScheduleWindow & { employeeId: string },
): Promise<'sent' | 'nothing-to-send'> {
  const s = schemaIdentifier(sql, tenant.schema);
  const [location] = await sql<{ name: string; timeZone: string }[]>`
    select name, time_zone as "timeZone" from ${s}.locations where id = ${notice.locationId}`;
  const [person] = await sql<{ name: string; email: string | null }[]>`
    select e.name, ${employeeEmail(sql)} as email from ${s}.employees e
    where e.id = ${notice.employeeId} and e.archived_at is null`;
  if (!location) return 'nothing-to-send';
  // Since queued: shifts unpublished or moved, or the employee archived or left without an email.
  const shifts = await sql<{ day: string; starts: string; ends: string; role: string | null }[]>`
    select to_char(starts_at at time zone ${location.timeZone}, 'Dy DD Mon') as day,
           to_char(starts_at at time zone ${location.timeZone}, 'HH24:MI') as starts,
           to_char(ends_at at time zone ${location.timeZone}, 'HH24:MI') as ends, role
    from ${s}.shifts
    where employee_id = ${notice.employeeId} and location_id = ${notice.locationId} and published_at is not null
      and starts_at >= ${notice.from} and starts_at < ${notice.to}
    order by starts_at`;
  if (!person?.email || shifts.length === 0) return 'nothing-to-send';
  await sendEmail(
    person.email,
    scheduleEmail({
      name: person.name,
      business: tenant.name,
      location: location.name,
      shifts: shifts.map(
        (shift) => `${shift.day} ${shift.starts}–${shift.ends}${shift.role ? ` (${shift.role})` : ''}`,
      ),
      url: `${config().APP_URL}/my-shifts`,
    }),
  );
  return 'sent';
}
