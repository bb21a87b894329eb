import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { effectsBySubgroup, qt } from '../../src/stats/index.ts';
import { loadApi, referenceDesign, repoRoot } from './support/api-data.ts';

// Expected values: R 4.2.2 + survey 4.1-1 (test/stats/fixtures/experiment-subgroup.R): "fact"
// against "control" by `female` on the stratified cluster design of did_survey.csv, every 11th
// row's subgroup unknown; svycontrast of svyby(~y, ~interaction(arm, sub), subset(...), covmat = TRUE).
const Contrast = z.object({ estimate: z.number(), se: z.number() });
const Cell = Contrast.extend({ n: z.number(), nControl: z.number() });
const R = z
  .object({ degf: z.number(), unknown: z.number(), inSubgroup: Cell, outside: Cell, difference: Contrast })
  .parse(JSON.parse(readFileSync(path.join(repoRoot, 'test/stats/fixtures/experiment-subgroup.json'), 'utf8')));
const arms = z
  .array(z.object({ arm: z.string() }))
  .parse(parse(readFileSync(path.join(repoRoot, 'test/stats/fixtures/did-arms.csv'), 'utf8'), { columns: true }))
  .map((r) => r.arm);
const table = loadApi('did_survey');
const design = referenceDesign('ddid');
const close = (actual: number, expected: number, rel = 1e-9) =>
  expect(Math.abs(actual - expected), `${actual} vs R ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('an arm’s effect by a subgroup measured before assignment (effectsBySubgroup)', () => {
  const female = table.num('female');
  const subgroup = Array.from({ length: design.n }, (_, i) => (i % 11 === 0 ? null : (female[i] ?? null)));
  const result = effectsBySubgroup(design, {
    outcome: table.num('y'),
    arm: arms,
    treated: 'fact',
    control: 'control',
    subgroup,
  });

  it('matches R: both effects and their difference, SEs from the joint covariance, on the domain’s df', () => {
    for (const key of ['inSubgroup', 'outside', 'difference'] as const) {
      close(result[key].estimate, 100 * R[key].estimate);
      close(result[key].se, 100 * R[key].se);
      expect(result[key].df).toBe(R.degf);
      const q = qt(0.975, R.degf);
      close(result[key].ci[0], 100 * (R[key].estimate - q * R[key].se));
      close(result[key].ci[1], 100 * (R[key].estimate + q * R[key].se));
    }
    for (const key of ['inSubgroup', 'outside'] as const) {
      expect([result[key].n, result[key].nControl]).toEqual([R[key].n, R[key].nControl]);
    }
    expect(result.unknownSubgroup).toBe(R.unknown);
  });

  it('is the difference of the two effects, its SE from their joint covariance (the halves share PSUs)', () => {
    close(result.difference.estimate, result.inSubgroup.estimate - result.outside.estimate, 1e-12);
    // The two subgroups share no interview, but they share PSUs: the covariance is not zero, so the
    // SE of the difference is not the root of the sum of squares.
    const independent = Math.hypot(result.inSubgroup.se, result.outside.se);
    expect(Math.abs(result.difference.se - independent)).toBeGreaterThan(1e-6);
  });
});
