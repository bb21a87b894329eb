import { describe, expect, it } from 'vitest';
import { compareDeep } from './support/compare.ts';
import { loadGlmCases, parseGlmPlan, runGlmApi } from './support/glm-cases.ts';
import { STRICT } from './support/tolerances.ts';

const { public: published, extra } = loadGlmCases();
const handled = new Set<string>();

describe('svyglm and svycontrast reference cases through the TypeScript API', () => {
  it('has the 9 public cases', () => {
    expect(published).toHaveLength(9);
  });
  for (const c of [...published, ...extra]) {
    it(`${c.id}: ${c.r_code.split('\n')[0]}`, () => {
      const compared = compareDeep(runGlmApi(parseGlmPlan(c)), c.result, STRICT, c.id);
      expect(compared).toBeGreaterThan(0);
      handled.add(c.id);
    });
  }
  it('executed and asserted every case', () => {
    expect(handled.size).toBe(published.length + extra.length);
  });
});
