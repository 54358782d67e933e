import { z } from '@hono/zod-openapi';

/** A required JSON request body with this schema (route definitions). */
export const json = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

/** A JSON response with this schema (route definitions). */
export const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/** `{id}` path parameter of resources with uuid ids. */
export const idParam = z.object({ id: z.string().uuid() });

/** An instant as the API takes it: ISO 8601 with an offset (`2026-11-02T09:00:00Z`). */
export const instant = z.string().datetime({ offset: true, message: 'Must be an ISO 8601 date-time' });
