/**
 * Days, instants and months as the API takes them, on their own (plain zod) so the web app's
 * forms check them with the very schemas the API uses. Each must be a real calendar value in the
 * years 2000 to 2099: a mistyped year (0026, 9026) is refused, naming its field, instead of
 * failing in PostgreSQL (year 0, a pay period running past 9999) or being stored as another year.
 */
import { z } from 'zod';

const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

/** Whether the year an ISO string starts with (`2026-…`) is one Rota takes. */
const inYears = (iso: string) => {
  const year = Number(iso.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};
const yearsMessage = `Must be in the years ${FIRST_YEAR} to ${LAST_YEAR}`;

/** A local day, `2026-04-01`: a real date (no 2026-02-30). */
export const localDate = z
  .string()
  .date({ message: 'Must be a date like 2026-04-01', abort: true })
  .refine(inYears, yearsMessage);

/** An instant, ISO 8601 with an offset: `2026-11-02T09:00:00Z`. */
export const instant = z
  .string()
  .datetime({ offset: true, message: 'Must be an ISO 8601 date-time', abort: true })
  .refine(inYears, yearsMessage);

/** A calendar month, `2026-11`. */
export const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Must be a month like 2026-11', abort: true })
  .refine(inYears, yearsMessage);
