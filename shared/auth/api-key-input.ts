/**
 * What creating an API key takes, on its own so the settings form validates with the very schema
 * the API uses without bundling any server code (plain zod; the route makes an OpenAPI component
 * of it with `openApiComponent`).
 */
import { z } from 'zod';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'Name the key (say, the integration that uses it)').max(100),
  role: z.enum(['admin', 'manager', 'employee']).default('admin'),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;
