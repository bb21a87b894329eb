import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDeep } from '../stats/support/compare.ts';
import { loadCases, parsePlan } from '../stats/support/r-cases.ts';
import { cliOnlyExpected, prepareDataDir, runCli } from '../stats/support/run-cli.ts';
import { toleranceFor } from '../stats/support/tolerances.ts';

const cases = loadCases();
const handled = new Set<string>();
let dir = '';

describe('R survey reference cases through `barometer analyse`', () => {
  beforeAll(() => {
    dir = prepareDataDir();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  it('has all 118 cases', () => {
    expect(cases).toHaveLength(118);
  });
  for (const c of cases) {
    it(`${c.id}: ${c.r_code.split('\n')[0]}`, async () => {
      const plan = parsePlan(c);
      const actual = await runCli(dir, plan);
      const { tol, tolFor } = toleranceFor(c);
      const compared = compareDeep(actual, cliOnlyExpected(plan, c.result), tol, c.id, tolFor);
      expect(compared).toBeGreaterThan(0);
      handled.add(c.id);
    });
  }
  it('executed and asserted every case', () => {
    expect(handled.size).toBe(118);
  });
});
