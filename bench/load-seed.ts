/**
 * Seeding for the load benchmark: tenants signed up through the real code path, each with an
 * admin key, one location, employees who can clock in with their own key, and a published week.
 */
import { randomBytes } from 'node:crypto';
import { createApiKey } from '../shared/auth/api-keys';
import { signUp } from '../shared/auth/signup';
import type { Sql } from '../shared/db/client';
import { getTenant, type Tenant } from '../shared/tenancy/registry';
import { createEmployee } from '../shared/timekeeping/employees';
import { createLocation } from '../shared/timekeeping/locations';
import { EMPLOYEES_PER_TENANT, SHIFTS_PER_TENANT, WEEK_FROM, ZONES } from './load-params';

/** A seeded tenant and the keys and ids the load generator sends requests with. */
export interface SeededTenant {
  tenant: Tenant;
  locationId: string;
  adminToken: string;
  /** Each employee's record, linked user account and API key. */
  employees: { id: string; userId: string; token: string }[];
}

/**
 * Signs up tenant number `index` and fills it: {@link EMPLOYEES_PER_TENANT} employees with keys
 * and {@link SHIFTS_PER_TENANT} published shifts in the week starting {@link WEEK_FROM}.
 */
export async function seedTenant(sql: Sql, index: number): Promise<SeededTenant> {
  const outcome = await signUp(sql, {
    companyName: `Load Bench ${index}`,
    name: 'Owner',
    email: `owner-${randomBytes(4).toString('hex')}@load-bench.example.com`,
    password: 'correct horse battery',
  });
  if (outcome.kind !== 'created') throw new Error('bench sign-up failed');
  await sql`update platform."user" set "emailVerified" = true where id = ${outcome.userId}`;
  const tenant = await getTenant(sql, outcome.tenantId);
  const { token: adminToken } = await createApiKey(sql, tenant, outcome.userId, {
    name: 'bench admin',
    role: 'admin',
  });
  const zone = ZONES[index % ZONES.length]!;
  const { id: locationId } = await createLocation(sql, tenant, { name: zone, timeZone: zone });
  const employees: SeededTenant['employees'] = [];
  for (let i = 0; i < EMPLOYEES_PER_TENANT; i++) {
    const employee = await createEmployee(sql, tenant, {
      name: `Employee ${i}`,
      locationIds: [locationId],
      hourlyRateMinor: 1200,
      rateEffectiveFrom: '2026-01-01',
    });
    // As test/helpers/business.ts addMember: a verified user, an employee membership, their key.
    const userId = randomBytes(12).toString('hex');
    await sql`
      insert into platform."user" (id, name, email, "emailVerified")
      values (${userId}, ${`Employee ${i}`}, ${`${userId}@load-bench.example.com`}, true)`;
    await sql`
      insert into platform.member (id, "organizationId", "userId", role, "createdAt")
      values (${randomBytes(12).toString('hex')}, ${tenant.id}, ${userId}, 'employee', now())`;
    await sql`update ${sql(tenant.schema)}.employees set user_id = ${userId} where id = ${employee.id}`;
    const { token } = await createApiKey(sql, tenant, userId, { name: `employee ${i}`, role: 'employee' });
    employees.push({ id: employee.id, userId, token });
  }
  // A published week: ~7 shifts a day at 08:00, 12:00 or 16:00 UTC, 4 to 8 hours long.
  const week = Date.parse(WEEK_FROM);
  const shifts = Array.from({ length: SHIFTS_PER_TENANT }, (_, n) => {
    const startsAt = new Date(week + (n % 7) * 86_400_000 + (8 + (n % 3) * 4) * 3_600_000);
    return {
      location_id: locationId,
      employee_id: employees[n % employees.length]!.id,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + (4 + (n % 5)) * 3_600_000),
      published_at: new Date(),
    };
  });
  await sql`insert into ${sql(tenant.schema)}.shifts ${sql(shifts)}`;
  await sql`analyze ${sql(tenant.schema)}.shifts`;
  return { tenant, locationId, adminToken, employees };
}
