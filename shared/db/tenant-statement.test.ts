import { describe, expect, it } from 'vitest';
import { tenantStatement } from './client';

const countRows = (schema: string) => `select count(*) from ${schema}.shifts`;

describe('tenantStatement', () => {
  it('builds a statement once per tenant schema, with the schema quoted, and refuses other schema names', () => {
    let builds = 0;
    const counted = (schema: string) => {
      builds++;
      return countRows(schema);
    };
    const a = { schema: 't_aaaaaaaaaaaaaaaa' };
    const b = { schema: 't_bbbbbbbbbbbbbbbb' };

    expect(tenantStatement(a, counted)).toBe('select count(*) from "t_aaaaaaaaaaaaaaaa".shifts');
    expect(tenantStatement(a, counted)).toBe('select count(*) from "t_aaaaaaaaaaaaaaaa".shifts');
    expect(tenantStatement(b, counted)).toBe('select count(*) from "t_bbbbbbbbbbbbbbbb".shifts');
    expect(builds).toBe(2);
    expect(() => tenantStatement({ schema: 'public"; drop table x; --' }, counted)).toThrow();
  });
});
