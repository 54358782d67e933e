import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, openApiDocument, SCHEMA_FILE } from '../../web/scripts/generate-api';

describe('the web app API types', () => {
  it('match the OpenAPI document the API serves (run `npm run api:types` after changing a route)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(await generateApiTypes());
  });

  it('cover every route of the document', async () => {
    const types = await readFile(SCHEMA_FILE, 'utf8');
    const paths = Object.keys((await openApiDocument()).paths as Record<string, unknown>);
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) expect(types).toContain(`"${path}": {`);
  });
});
