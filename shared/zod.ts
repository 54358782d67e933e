/**
 * zod, extended with `.openapi()`: the domain's input schemas double as OpenAPI components, and
 * the extension must be in place before any schema is built. Domain code imports `z` from here.
 */
import { z } from '@hono/zod-openapi';

export { z };

type WithOpenApi<T> = { openapi(this: T, refId: string): T };

/**
 * `schema.openapi(refId)` for any schema, including those the browser-safe `*-input.ts` modules
 * build with plain zod: zod 4 gives a schema its methods as it is built, so one built before
 * @hono/zod-openapi extended zod has no `.openapi()` of its own, whatever the import order.
 */
export function openApiComponent<T extends z.ZodType>(schema: T, refId: string): T {
  return (z.ZodType.prototype as unknown as WithOpenApi<T>).openapi.call(schema, refId);
}
