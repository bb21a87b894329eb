import { describe, expect, it } from 'vitest';
import { compareDeep } from './support/compare.ts';
import { loadCases, parsePlan } from './support/r-cases.ts';
import { runApi } from './support/run-api.ts';
import { toleranceFor } from './support/tolerances.ts';

const cases = loadCases();
const handled = new Set<string>();

describe('R survey reference cases through the TypeScript API', () => {
  it('has all 118 cases', () => {
    expect(cases).toHaveLength(118);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.r_code.split('\n')[0]}`, () => {
      const actual = runApi(parsePlan(c));
      const { tol, tolFor } = toleranceFor(c);
      const compared = compareDeep(actual, c.result, tol, c.id, tolFor);
      expect(compared).toBeGreaterThan(0);
      handled.add(c.id);
    });
  }
  it('executed and asserted every case', () => {
    expect(handled.size).toBe(118);
  });
});
