import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTION_MEMORY_MB, lambdaSemiSpaceMb, SEMI_SPACE_FLAG } from './node-heap';

describe('the young generation of local servers', () => {
  it("follows Lambda's bootstrap: a tenth of the memory for the new space, half of it per semi-space", () => {
    // The bootstrap's shell arithmetic truncates: 128 MB gives 12 then 6, 1536 MB gives 153 then 76.
    expect(lambdaSemiSpaceMb(128)).toBe(6);
    expect(lambdaSemiSpaceMb(1536)).toBe(76);
    expect(SEMI_SPACE_FLAG).toBe(`--max-semi-space-size=${lambdaSemiSpaceMb(FUNCTION_MEMORY_MB)}`);
  });

  it('is what `npm start`, `npm run start:demo` and the benchmarks run with', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    for (const name of ['start', 'start:demo', 'bench']) {
      expect(scripts[name].split(' ')).toContain(SEMI_SPACE_FLAG);
    }
  });
});
