/**
 * Synthetic control against an independent solver: test/fixtures/synth/synth.R solves the same
 * quadratic program (donor weights on the simplex minimising the pre-period squared distance, the
 * same tiny ridge) with quadprog::solve.QP for each case of input.json and each donor as a
 * placebo; its output, expected.json, is committed. Weights, synthetic values, RMSPEs and ratios
 * agree to 1e-6, and the placebo ranks and p-values exactly. With REQUIRE_R=1 (as .ci/run sets) the
 * script is run again here and its output must equal the committed one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simplexQuadraticProgram, syntheticControl, syntheticFit } from '../../src/stats/index.ts';

interface Series {
  readonly unit: string;
  readonly values: number[];
}
interface InputCase {
  readonly name: string;
  readonly pre: number;
  readonly treated: Series;
  readonly donors: Series[];
}
interface ExpectedFit {
  readonly weights: number[];
  readonly synthetic: number[];
  readonly gaps: number[];
  readonly preRmspe: number;
  readonly postRmspe: number;
  readonly ratio: number;
}
interface ExpectedCase {
  readonly name: string;
  readonly fit: ExpectedFit;
  readonly placebos: (ExpectedFit & { readonly unit: string })[];
  readonly rank: number;
  readonly p: number;
}

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'synth');
const input: { cases: InputCase[] } = JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8'));
const expected: { cases: ExpectedCase[] } = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));

function expectFit(actual: ReturnType<typeof syntheticFit>, r: ExpectedFit) {
  expect(actual.weights.length).toBe(r.weights.length);
  r.weights.forEach((w, i) => expect(Math.abs((actual.weights[i] ?? Number.NaN) - w)).toBeLessThan(1e-6));
  r.synthetic.forEach((s, t) => expect(Math.abs((actual.synthetic[t] ?? Number.NaN) - s)).toBeLessThan(1e-6));
  expect(Math.abs(actual.preRmspe - r.preRmspe)).toBeLessThan(1e-6);
  expect(Math.abs(actual.postRmspe - r.postRmspe)).toBeLessThan(1e-6);
  // A near-exact pre-period fit makes the ratio large: compared relatively.
  expect(Math.abs(actual.ratio / r.ratio - 1)).toBeLessThan(1e-6);
  expect(actual.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
  expect(Math.min(...actual.weights)).toBeGreaterThanOrEqual(0);
}

describe('synthetic control equals quadprog::solve.QP (test/fixtures/synth)', () => {
  it.each(input.cases.map((c) => [c.name, c] as const))('%s: weights, fit, placebo fits and rank', (name, c) => {
    const r = expected.cases.find((e) => e.name === name);
    if (!r) throw new Error(`no expected values for ${name}`);
    const result = syntheticControl(
      c.treated.values,
      c.donors.map((d) => d.values),
      c.pre,
    );
    expectFit(result.fit, r.fit);
    expect(result.placebos).toHaveLength(r.placebos.length);
    result.placebos.forEach((p, k) => expectFit(p, r.placebos[k] ?? r.fit));
    expect(result.rank).toBe(r.rank);
    expect(result.p).toBeCloseTo(r.p, 12);
  });

  it.runIf(process.env.REQUIRE_R === '1' || spawnSync('Rscript', ['-e', 'library(quadprog)']).status === 0)(
    'the committed expected values are what synth.R writes',
    () => {
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'synth-')), 'expected.json');
      execFileSync('Rscript', [path.join(dir, 'synth.R'), path.join(dir, 'input.json'), out]);
      const fresh: { cases: ExpectedCase[] } = JSON.parse(readFileSync(out, 'utf8'));
      expect(fresh.cases).toEqual(expected.cases);
    },
  );
});

describe('the quadratic program by hand', () => {
  it('two donors, one wave: the treated value between them is fitted exactly (ridge aside)', () => {
    // x1 = 3 between donors 2 and 5: w = (2/3, 1/3) fits exactly; the ridge moves it by ~1e-6.
    const fit = syntheticFit(
      [3, 10],
      [
        [2, 9],
        [5, 6],
      ],
      1,
    );
    expect(fit.weights[0]).toBeCloseTo(2 / 3, 5);
    expect(fit.preRmspe).toBeLessThan(1e-4);
    expect(fit.gaps[1]).toBeCloseTo(10 - ((2 / 3) * 9 + (1 / 3) * 6), 4);
  });

  it('a treated value beyond every donor takes the nearest one whole', () => {
    const fit = syntheticFit(
      [9, 9, 1],
      [
        [2, 2, 0],
        [5, 6, 0],
        [4, 4, 0],
      ],
      2,
    );
    expect([...fit.weights]).toEqual([0, 1, 0]);
    expect(fit.preRmspe).toBeCloseTo(Math.sqrt((16 + 9) / 2), 12);
  });

  it('an exact optimum with active bounds satisfies the KKT conditions', () => {
    // H = I, c = (1, 0.2, -3): the projection of c onto the simplex is (0.9, 0.1, 0).
    const { weights } = simplexQuadraticProgram(Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), [1, 0.2, -3], 3);
    expect(weights[0]).toBeCloseTo(0.9, 14);
    expect(weights[1]).toBeCloseTo(0.1, 14);
    expect(weights[2]).toBe(0);
  });

  it('refuses fewer than two donors for placebo inference, and a unit without a value in a wave', () => {
    expect(() => syntheticControl([1, 2], [[1, 2]], 1)).toThrow(/at least two donors/);
    expect(() => syntheticFit([1, Number.NaN], [[1, 2]], 1)).toThrow(/a value in every wave/);
    expect(() => syntheticFit([1, 2], [[1, 2]], 2)).toThrow(/pre-period and post-period/);
  });
});
