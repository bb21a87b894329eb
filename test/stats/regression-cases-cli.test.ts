import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDeep } from './support/compare.ts';
import { glmCliExpected, loadGlmCases, parseGlmPlan, runGlmCli } from './support/glm-cases.ts';
import { prepareDataDir } from './support/run-cli.ts';
import { STRICT } from './support/tolerances.ts';

const { public: published, extra } = loadGlmCases();
const handled = new Set<string>();
let dir = '';

describe('svyglm and svycontrast reference cases through `barometer analyse`', () => {
  beforeAll(() => {
    dir = prepareDataDir();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  it('has the 9 public cases', () => {
    expect(published).toHaveLength(9);
  });
  for (const c of [...published, ...extra]) {
    it(`${c.id}: ${c.r_code.split('\n')[0]}`, async () => {
      const compared = compareDeep(await runGlmCli(dir, parseGlmPlan(c)), glmCliExpected(c.result), STRICT, c.id);
      expect(compared).toBeGreaterThan(0);
      handled.add(c.id);
    });
  }
  it('executed and asserted every case', () => {
    expect(handled.size).toBe(published.length + extra.length);
  });
});
