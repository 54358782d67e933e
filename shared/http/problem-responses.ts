import { z } from '@hono/zod-openapi';

/** An RFC 9457 problem document, as every error leaves the API (problem.ts builds them). */
export const problemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:rota:problem:validation_failed' }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: 'Stable and machine-readable, e.g. `timesheet_locked`' }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional().openapi({ description: 'Quote it to support' }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'The fields at fault, by their path in the input (`overtime.multiplier`)' }),
  })
  .openapi('Problem');

/** The parts of an OpenAPI operation read and written here. */
interface Operation {
  parameters?: unknown[];
  requestBody?: { content?: Record<string, unknown> };
  security?: unknown[];
  responses?: Record<string, { description: string; content?: Record<string, unknown> }>;
}

/** Why each error status can come from an operation, as the document says it. */
const REASONS: Record<string, string> = {
  400: 'Invalid input: `errors` names each field at fault',
  401: 'Not signed in, or the API key or kiosk token is unknown or revoked',
  402: 'Not part of the plan, or the business is read-only after a failed payment (writes)',
  403: 'Not allowed: the role, the location or the business (suspended) does not permit it',
  404: 'No such record in this business',
  413: 'The body is over 1 MB',
  415: 'The body is not JSON',
};
/** Operations outside any business: the caller's own profile and the platform operators'. */
const NOT_TENANT_SCOPED = /^\/api\/v1\/(me|operator)(\/|$)/;
const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** The error statuses an operation can answer whatever it does, from what it takes and who may call it. */
function commonErrors(path: string, operation: Operation): string[] {
  const statuses: string[] = [];
  const takesBody = operation.requestBody !== undefined;
  if (takesBody || (operation.parameters?.length ?? 0) > 0) statuses.push('400');
  const isPublic = operation.security !== undefined && operation.security.length === 0;
  if (!isPublic) statuses.push('401', '403');
  if (!isPublic && !NOT_TENANT_SCOPED.test(path)) statuses.push('402');
  if (path.includes('{')) statuses.push('404');
  if (takesBody) statuses.push('413');
  if (operation.requestBody?.content?.['application/json']) statuses.push('415');
  return statuses;
}

/**
 * The document with the errors each operation can answer listed as problem+json: those that come
 * from its input, its credentials and its path (a 404 wherever it names a record), and those its
 * route declares itself (a 409 conflict, say), which keep their own description.
 */
export function withProblemResponses<T extends { paths?: object }>(document: T): T {
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const operation of Object.values(operations as Record<string, Operation>)) {
      operation.responses ??= {};
      const responses = operation.responses;
      for (const status of commonErrors(path, operation))
        responses[status] ??= { description: REASONS[status] ?? 'Error' };
      for (const [status, response] of Object.entries(responses))
        if (Number(status) >= 400 && !response.content) response.content = PROBLEM_CONTENT;
    }
  }
  return document;
}
