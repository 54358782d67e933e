import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../shared/jobs/queue';
import { addMember, call, seedBusiness } from '../helpers/business';
import type { TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { type AppWithJobs, startAppWithJobs } from '../helpers/jobs-app';
import type { Mailbox } from '../helpers/mail';

let db: TestDatabase;
let mail: Mailbox;
let app: AppWithJobs['app'];
let running: AppWithJobs;

beforeAll(async () => {
  running = await startAppWithJobs('schedule-jobs');
  ({ db, mail, app } = running);
});
afterAll(async () => {
  await running.stop();
});

const WEEK = { from: '2026-11-02T00:00:00Z', to: '2026-11-09T00:00:00Z' };

describe('emailing the schedule', () => {
  it('sends each employee their published shifts in local time, once, and names those with no email', async () => {
    const { tenant, owner } = await seedBusiness(db.sql, 'Notice Board');
    const token = owner.token;
    const site = (
      await call(app, token, '/api/v1/locations', { json: { name: 'Quay', timeZone: 'Europe/Paris' } })
    ).body.id as string;
    const other = (
      await call(app, token, '/api/v1/locations', { json: { name: 'Pier', timeZone: 'Europe/Paris' } })
    ).body.id as string;
    const hire = async (name: string, email?: string) =>
      (await call(app, token, '/api/v1/employees', { json: { name, email, locationIds: [site] } })).body
        .id as string;
    const ann = await hire('Ann', 'ann@notice.example');
    const bo = await hire('Bo');
    const cy = await hire('Cy');
    const dee = await hire('Dee', 'dee@notice.example');
    const cyAccount = await addMember(db.sql, tenant, 'employee');
    await db.sql`update ${db.sql(tenant.schema)}.employees set user_id = ${cyAccount.userId} where id = ${cy}`;
    const shift = (employeeId: string, start: string, end: string, role?: string) =>
      call(app, token, '/api/v1/shifts', {
        json: { locationId: site, employeeId, startsAt: start, endsAt: end, role },
      });
    await shift(ann, '2026-11-02T08:00:00Z', '2026-11-02T16:00:00Z', 'Barista');
    await shift(ann, '2026-11-03T12:00:00Z', '2026-11-03T20:00:00Z');
    await shift(bo, '2026-11-02T08:00:00Z', '2026-11-02T12:00:00Z');
    await shift(cy, '2026-11-04T08:00:00Z', '2026-11-04T12:00:00Z');
    await call(app, token, '/api/v1/shifts/publish', { json: { locationId: site, ...WEEK } });
    await shift(dee, '2026-11-05T08:00:00Z', '2026-11-05T12:00:00Z'); // a draft: not sent
    const manager = await addMember(db.sql, tenant, 'manager');
    await db.sql`insert into ${db.sql(tenant.schema)}.location_managers (location_id, user_id) values (${other}, ${manager.userId})`;

    const sent = await call(app, token, '/api/v1/shifts/notify', { json: { locationId: site, ...WEEK } });
    const byOtherManager = await call(app, manager.token, '/api/v1/shifts/notify', {
      json: { locationId: site, ...WEEK },
    });
    const byEmployee = await call(app, cyAccount.token, '/api/v1/shifts/notify', {
      json: { locationId: site, ...WEEK },
    });

    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ notified: 2, withoutEmail: ['Bo'] });
    expect(byOtherManager.status).toBe(403);
    expect(byEmployee.status).toBe(403);
    const [toAnn] = await eventually(async () => {
      const emails = await mail.emailsTo('ann@notice.example');
      return emails.length > 0 ? emails : undefined;
    });
    expect(toAnn?.subject).toBe('Your shifts at Quay');
    // Paris time: UTC+1 in November.
    expect(toAnn?.body.text).toContain('Mon 02 Nov 09:00–17:00 (Barista)');
    expect(toAnn?.body.text).toContain('Tue 03 Nov 13:00–21:00');
    expect(toAnn?.body.text).toMatch(/See your shifts: http:\/\/\S+\/my-shifts/);
    const toCy = await eventually(async () => {
      const emails = await mail.emailsTo(`${cyAccount.userId}@example.com`);
      return emails.length > 0 ? emails : undefined;
    });
    expect(toCy[0]?.body.text).toContain('Wed 04 Nov 09:00–13:00');

    // The same job delivered twice sends once; Dee, with only a draft, gets nothing.
    const job = {
      id: `schedule.notify:resent:${ann}`,
      type: 'schedule.notify' as const,
      tenantId: tenant.id,
      payload: { ...WEEK, locationId: site, employeeId: ann },
    };
    await enqueue(job);
    await enqueue(job);
    await eventually(async () =>
      (await mail.emailsTo('ann@notice.example')).length === 2 ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mail.emailsTo('ann@notice.example')).toHaveLength(2);
    expect(await mail.emailsTo('dee@notice.example')).toEqual([]);
  });
});
