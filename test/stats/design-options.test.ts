import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as s from '../../src/stats/index.ts';
import { loadApi } from './support/api-data.ts';

const R = JSON.parse(readFileSync(new URL('./fixtures/r-values.json', import.meta.url), 'utf8')) as {
  lonely: { option: string; estimate: number; se: number }[];
};

/** apistrat with stratum M cut to its first school: a lonely PSU (test/stats/fixtures/generate.R). */
function lonelyDesign(option: s.LonelyPsu): { design: s.SurveyDesign; api00: Float64Array } {
  const t = loadApi('apistrat');
  const rows = readFileSync(new URL('./fixtures/lonely-rows.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((r) => Number(r) - 1);
  const pick = <T>(xs: ArrayLike<T>): T[] => rows.map((i) => xs[i] as T);
  const design = s.createDesign({ strata: pick(t.text('stype')), weights: pick(t.num('pw')), lonelyPsu: option });
  return { design, api00: Float64Array.from(pick(t.num('api00'))) };
}

describe('lonely PSUs', () => {
  it('fail by default, naming the stratum', () => {
    const { design, api00 } = lonelyDesign('fail');
    expect(() => s.surveyMean(design, [{ name: 'api00', values: api00 }])).toThrow(
      /stratum "M" has only one PSU at stage 1/,
    );
  });
  for (const ref of R.lonely) {
    it(`option ${ref.option} matches R's survey.lonely.psu="${ref.option}"`, () => {
      const { design, api00 } = lonelyDesign(ref.option as s.LonelyPsu);
      const m = s.surveyMean(design, [{ name: 'api00', values: api00 }]);
      expect(Math.abs((m.estimate[0] ?? 0) - ref.estimate)).toBeLessThan(1e-9 * ref.estimate);
      expect(Math.abs(Math.sqrt(m.vcov[0] ?? 0) - ref.se)).toBeLessThan(1e-9 * ref.se);
    });
  }
});

describe('design construction', () => {
  it('derives weights from the fpc (product of N/n over stages) when none are given', () => {
    const d = s.createDesign({ ids: [['a', 'a', 'b', 'c']], fpc: [[10, 10, 10, 10]] });
    expect(Array.from(d.weights)).toEqual([10 / 3, 10 / 3, 10 / 3, 10 / 3]);
  });
  it('reads fpc values below 1 as sampling fractions', () => {
    const byFraction = s.createDesign({ strata: ['x', 'x', 'y', 'y'], fpc: [[0.5, 0.5, 0.25, 0.25]] });
    const bySize = s.createDesign({ strata: ['x', 'x', 'y', 'y'], fpc: [[4, 4, 8, 8]] });
    expect(Array.from(byFraction.weights)).toEqual(Array.from(bySize.weights));
  });
  it('rejects an fpc smaller than the sample and a mix of sizes and fractions', () => {
    expect(() => s.createDesign({ fpc: [[1.5, 1.5, 1.5]] })).toThrow(/more than 100% sampling/);
    expect(() => s.createDesign({ fpc: [[0.5, 10]] })).toThrow(/mixes population sizes/);
  });
  it('counts df as PSUs minus strata over rows with positive weight', () => {
    const d = s.createDesign({ strata: ['a', 'a', 'b', 'b', 'b'], ids: [[1, 2, 3, 4, 4]] });
    expect(s.degreesOfFreedom(d)).toBe(4 - 2);
  });
});

describe('weighting with impossible targets', () => {
  const t = loadApi('apisrs');
  const base = s.createDesign({ weights: t.num('pw') });
  const stype = s.encodeFactor(t.text('stype'));
  it('names a population cell that has no sample', () => {
    expect(() =>
      s.postStratify(base, { name: 'stype', factor: stype, totals: { E: 4000, H: 800, M: 1000, X: 394 } }),
    ).toThrow(/population cell "X" \(total 394\) has no sampled weight/);
  });
  it('names a sample cell missing from the population', () => {
    expect(() => s.rake(base, [{ name: 'stype', factor: stype, totals: { E: 4421, H: 755 } }])).toThrow(
      /sample cell "M" has no population total/,
    );
  });
  it('refuses margins whose totals disagree', () => {
    const sw = s.encodeFactor(t.text('sch.wide'));
    expect(() =>
      s.rake(base, [
        { name: 'stype', factor: stype, totals: { E: 4421, H: 755, M: 1018 } },
        { name: 'sch.wide', factor: sw, totals: { No: 1072, Yes: 6000 } },
      ]),
    ).toThrow(/margins disagree on the population total/);
  });
  it('warns, with finite weights, when raking does not converge', () => {
    const sw = s.encodeFactor(t.text('sch.wide'));
    const r = s.rake(
      base,
      [
        { name: 'stype', factor: stype, totals: { E: 4421, H: 755, M: 1018 } },
        { name: 'sch.wide', factor: sw, totals: { No: 1072, Yes: 5122 } },
      ],
      { maxit: 1, epsilon: 1e-14 },
    );
    expect(r.converged).toBe(false);
    expect(r.warnings[0]).toMatch(/did not converge after 1 sweeps/);
    expect(Array.from(r.design.weights).every(Number.isFinite)).toBe(true);
  });
  it('strict trimming that cannot hold the total is an error, not NaN weights', () => {
    expect(() => s.trimWeights(base, { upper: 1, strict: true })).toThrow(/every weight is outside/);
  });
});

describe('Wilson interval with design-effect-adjusted n', () => {
  it('equals the textbook Wilson interval when deff = 1', () => {
    // p = 0.3, n = 100, SRS with replacement: se² = p(1−p)/n gives n* = n.
    const [lo, hi] = s.wilsonInterval({ p: 0.3, se: Math.sqrt(0.21 / 100), level: 0.95, df: Infinity });
    const z = s.qnorm(0.975);
    const centre = (0.3 + (z * z) / 200) / (1 + (z * z) / 100);
    const half = (z / (1 + (z * z) / 100)) * Math.sqrt(0.21 / 100 + (z * z) / 40000);
    expect(lo).toBeCloseTo(centre - half, 14);
    expect(hi).toBeCloseTo(centre + half, 14);
  });
  it('widens with the design effect', () => {
    const narrow = s.wilsonInterval({ p: 0.3, se: 0.0458, level: 0.95, df: Infinity });
    const wide = s.wilsonInterval({ p: 0.3, se: 0.0458 * Math.sqrt(2), level: 0.95, df: Infinity });
    expect(wide[1] - wide[0]).toBeGreaterThan(narrow[1] - narrow[0]);
  });
});

describe('margin of error', () => {
  it('is the half-width of the 95% interval at p = 0.5 inflated by the Kish design effect', () => {
    expect(s.marginOfError(1000, 1.5)).toBeCloseTo(1.959963984540054 * Math.sqrt((1.5 * 0.25) / 1000), 15);
  });
});
