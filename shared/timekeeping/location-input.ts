/**
 * What the location routes take, on its own so the web app's location forms validate with the
 * very schemas the API uses without bundling any server code (plain zod; the routes make OpenAPI components of them with `openApiComponent` from
 * shared/zod.ts, which works whatever the import order).
 */
import { z } from 'zod';

function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * A short zone name (`CET`, `EST`, `GMT`) as the IANA zone it stands for (`Europe/Brussels`,
 * `America/Panama`, `UTC`). PostgreSQL reads a short name as a fixed-offset abbreviation first
 * (its `CET` has no summer time) where browsers and Node follow IANA's rules, so a location's
 * days would differ between the database and the app half the year. `Region/City` names mean the
 * same to both and are kept as given.
 */
function unambiguousTimeZone(zone: string): string {
  return zone.includes('/')
    ? zone
    : new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

export const createLocationInput = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  timeZone: z
    .string()
    .refine(isIanaTimeZone, { message: 'Must be an IANA time zone such as Europe/London', abort: true })
    .transform(unambiguousTimeZone),
  address: z.string().trim().max(500).nullish(),
});

export const updateLocationInput = createLocationInput.extend({ archived: z.boolean() }).partial();
export type CreateLocationInput = z.infer<typeof createLocationInput>;
export type UpdateLocationInput = z.input<typeof updateLocationInput>;

/** Who manages a location: members of the business with the manager role, by user id. */
export const locationManagersInput = z.object({ userIds: z.array(z.string().min(1).max(64)).max(100) });
