/**
 * zod, extended with `.openapi()`: the domain's input schemas double as OpenAPI components, and
 * the extension must be in place before any schema is built. Domain code imports `z` from here.
 */
export { z } from '@hono/zod-openapi';
