import { describe, expect, it } from 'vitest';
// Built with plain zod before anything loads @hono/zod-openapi, as in the web app's forms.
import { createEmployeeInput } from './timekeeping/employee-input';

describe('openApiComponent', () => {
  it('makes an OpenAPI component of a schema built before zod was extended, and validates with it', async () => {
    const { OpenAPIHono, createRoute } = await import('@hono/zod-openapi');
    const { openApiComponent } = await import('./zod');
    expect('openapi' in createEmployeeInput).toBe(false); // why the helper exists

    const app = new OpenAPIHono().openapi(
      createRoute({
        method: 'post',
        path: '/employees',
        request: {
          body: {
            content: {
              'application/json': { schema: openApiComponent(createEmployeeInput, 'CreateEmployee') },
            },
          },
        },
        responses: { 204: { description: 'Created' } },
      }),
      (c) => c.body(null, 204),
    );
    const document = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'test', version: '1' } });
    expect(document.components?.schemas?.CreateEmployee).toMatchObject({
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', minLength: 1 } },
    });
    const post = (body: unknown) =>
      app.request('/employees', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ name: 'Tom', pin: '12' })).status).toBe(400);
    expect((await post({ name: 'Tom', pin: '1234' })).status).toBe(204);
  });
});
