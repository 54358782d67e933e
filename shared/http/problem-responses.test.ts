import { describe, expect, it } from 'vitest';
import { withProblemResponses } from './problem-responses';

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const statuses = (operation: { responses: Record<string, unknown> }) =>
  Object.keys(operation.responses).sort();

describe('withProblemResponses', () => {
  it('lists the errors an operation can answer from what it takes and who may call it', () => {
    const document = withProblemResponses({
      paths: {
        '/api/health': { get: { security: [], responses: { 200: { description: 'Up' } } } },
        '/api/v1/me': { get: { responses: { 200: { description: 'You' } } } },
        '/api/v1/shifts': {
          get: { parameters: [{ in: 'query', name: 'from' }], responses: { 200: { description: 'Page' } } },
        },
        '/api/v1/shifts/{id}': {
          patch: {
            parameters: [{ in: 'path', name: 'id' }],
            requestBody: { content: { 'application/json': {} } },
            responses: { 200: { description: 'Changed' }, 409: { description: 'Overlaps' } },
          },
        },
      },
    });

    const { paths } = document;
    expect(statuses(paths['/api/health'].get)).toEqual(['200']);
    expect(statuses(paths['/api/v1/me'].get)).toEqual(['200', '401', '403']);
    expect(statuses(paths['/api/v1/shifts'].get)).toEqual(['200', '400', '401', '402', '403']);
    const patch = paths['/api/v1/shifts/{id}'].patch.responses as Record<string, object>;
    expect(Object.keys(patch).sort()).toEqual([
      '200',
      '400',
      '401',
      '402',
      '403',
      '404',
      '409',
      '413',
      '415',
    ]);
    // A route's own description is kept; every error is problem+json.
    expect(patch[409]).toEqual({ description: 'Overlaps', content: problem });
    expect(patch[404]).toEqual({ description: 'No such record in this business', content: problem });
    expect(patch[200]).toEqual({ description: 'Changed' });
  });
});
