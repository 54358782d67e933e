/**
 * Emailing staff their published shifts. A manager sends a location's schedule for a window; each
 * employee with published shifts in it gets one email listing theirs, in the location's local
 * time. One job per employee, so a retried job resends to no one else. The worker sends them
 * (schedule-notice-email.ts), so the API's routes import no email code.
 */
import { randomUUID } from 'node:crypto';
import { type Sql, schemaIdentifier } from '../db/client';
import type { Job } from '../jobs/catalogue';
import type { Tenant } from '../tenancy/registry';

export interface ScheduleWindow {
  locationId: string;
  from: string;
  to: string;
}

/** Where to write to an employee: their own email, else the email of the account linked to them. */
export const employeeEmail = (sql: Sql) =>
  sql`coalesce(e.email, (select u.email from platform."user" u where u.id = e.user_id))`;

/**
 * The jobs that email each employee with published shifts at the location in [from, to), and the
 * names of those with no email to write to.
 */
export async function scheduleNoticeJobs(sql: Sql, tenant: Tenant, window: ScheduleWindow) {
  const s = schemaIdentifier(sql, tenant.schema);
  const staff = await sql<{ id: string; name: string; email: string | null }[]>`
    select e.id, e.name, ${employeeEmail(sql)} as email
    from ${s}.employees e
    where e.archived_at is null and exists (
      select 1 from ${s}.shifts sh
      where sh.employee_id = e.id and sh.location_id = ${window.locationId} and sh.published_at is not null
        and sh.starts_at >= ${window.from} and sh.starts_at < ${window.to})
    order by e.name, e.id`;
  const sending = randomUUID();
  const jobs: Job<'schedule.notify'>[] = staff
    .filter((person) => person.email)
    .map((person) => ({
      id: `schedule.notify:${sending}:${person.id}`,
      type: 'schedule.notify',
      tenantId: tenant.id,
      payload: { ...window, employeeId: person.id },
    }));
  return { jobs, withoutEmail: staff.filter((person) => !person.email).map((person) => person.name) };
}
