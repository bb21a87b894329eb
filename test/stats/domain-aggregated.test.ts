import { describe, expect, it } from 'vitest';
import * as s from '../../src/stats/index.ts';
import { seededRandom } from '../../src/instrument/random.ts';

/** Deterministic PRNG: the project's seeded generator (mulberry32). */
function rng(seed: number): () => number {
  return seededRandom(`bench:${seed}`);
}

function synthetic(n: number) {
  const r = rng(7);
  const pick = (k: number): Int32Array => Int32Array.from({ length: n }, () => Math.floor(r() * k));
  const region = pick(5);
  const sex = pick(2);
  const stratum = pick(3);
  const weights = Float64Array.from({ length: n }, () => 5 + 50 * r());
  const y = Float64Array.from({ length: n }, (_, i) =>
    r() < 0.02 ? Number.NaN : 100 + 30 * r() + 10 * (region[i] ?? 0),
  );
  const flag = Float64Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
  const factor = (codes: Int32Array, k: number): s.Factor => ({
    codes,
    levels: Array.from({ length: k }, (_, j) => `L${j}`),
  });
  return { region: factor(region, 5), sex: factor(sex, 2), stratum, weights, y, flag };
}

function expectSame(a: s.DomainStatistic, b: s.DomainStatistic): void {
  expect(a.domains).toEqual(b.domains);
  expect(a.n).toEqual(b.n);
  a.joint.estimate.forEach((v, k) =>
    expect(Math.abs(v - (b.joint.estimate[k] ?? 0))).toBeLessThanOrEqual(1e-12 * Math.abs(v)),
  );
  const p = a.joint.estimate.length;
  for (let k = 0; k < p * p; k++) {
    const v = b.joint.vcov[k] ?? 0;
    const scale = Math.sqrt((b.joint.vcov[Math.floor(k / p) * (p + 1)] ?? 0) * (b.joint.vcov[(k % p) * (p + 1)] ?? 0));
    expect(Math.abs((a.joint.vcov[k] ?? 0) - v)).toBeLessThanOrEqual(1e-10 * scale);
  }
}

describe('cell-aggregated domain estimates equal the row-level computation', () => {
  const d = synthetic(20_000);
  const vars = [
    { name: 'y', values: d.y },
    { name: 'flag', values: d.flag },
  ];
  it('in a stratified design without weighting', () => {
    const design = s.createDesign({
      strata: d.stratum,
      weights: d.weights,
      fpc: [Float64Array.from(d.stratum, (h) => 10_000 * (h + 1))],
    });
    for (const statistic of ['mean', 'total'] as const) {
      const fast = s.domainEstimates(design, statistic, vars, d.region);
      expect(fast.joint.influence).toBeUndefined();
      expectSame(fast, s.domainEstimates(design, statistic, vars, d.region, { rowLevel: true }));
    }
  });
  it('after raking on margins that include the domain variable', () => {
    const design = s.createDesign({ strata: d.stratum, weights: d.weights });
    const totals = (f: s.Factor, shares: number[]): s.Margin => ({
      name: 'm',
      factor: f,
      totals: Object.fromEntries(f.levels.map((l, j) => [l, 1e6 * (shares[j] ?? 0)])),
    });
    const raked = s.rake(design, [totals(d.region, [0.1, 0.2, 0.3, 0.25, 0.15]), totals(d.sex, [0.48, 0.52])], {
      epsilon: 1e-10,
      maxit: 100,
    }).design;
    for (const statistic of ['mean', 'total'] as const) {
      const fast = s.domainEstimates(raked, statistic, vars, d.region);
      expect(fast.joint.influence).toBeUndefined();
      expectSame(fast, s.domainEstimates(raked, statistic, vars, d.region, { rowLevel: true }));
    }
  });
});
