import { describe, expect, it } from 'vitest';
import {
  judgeEffect,
  mdeMultiplier,
  mdeOfCells,
  minimumDetectableEffect,
  sampleSizeForMde,
  SurveyError,
} from '../../src/stats/index.ts';

describe('minimum detectable effect', () => {
  it('reproduces the textbook MDE of two independent samples of 1,000 at p = 0.34: about 5.9 points', () => {
    // (1.959964 + 0.841621) × √(2 × 0.34 × 0.66 / 1000) = 2.801585 × 0.0211849 = 0.059351 (hand calculation)
    const r = minimumDetectableEffect('change', 0.34, 1000);
    expect(r.mde).toBeCloseTo(0.059351, 5);
    expect(Math.round(r.mde * 1000) / 10).toBe(5.9);
  });
  it('uses the multipliers of Bloom (1995, Table 1): 2.80, 3.24, 2.49, 2.93', () => {
    expect(mdeMultiplier(0.05, 0.8)).toBeCloseTo(2.8, 2);
    expect(mdeMultiplier(0.05, 0.9)).toBeCloseTo(3.24, 2);
    expect(mdeMultiplier(0.1, 0.8)).toBeCloseTo(2.49, 2);
    expect(mdeMultiplier(0.1, 0.9)).toBeCloseTo(2.93, 2);
  });
  it("agrees with Lehr's rule of thumb n = 16/Δ² per group (van Belle 2008, §2.3) to its rounding", () => {
    // Δ = 0.1/√(0.5·0.5) = 0.2 → 16/0.04 = 400 per group; the exact constant is 2·2.8016² = 15.70 → 393.
    const { n } = sampleSizeForMde('experiment', 0.5, 0.1);
    expect(n).toBe(393);
    expect(Math.abs(n - 400) / 400).toBeLessThan(0.02);
  });
  it('scales with √deff and gives the DiD of four cells √2 times the change', () => {
    const change = minimumDetectableEffect('change', 0.34, 1000).mde;
    expect(minimumDetectableEffect('change', 0.34, 1000, { deff: 2 }).mde).toBeCloseTo(change * Math.SQRT2, 12);
    expect(minimumDetectableEffect('did', 0.34, 1000).mde).toBeCloseTo(change * Math.SQRT2, 12);
    expect(minimumDetectableEffect('experiment', 0.34, 1000).mde).toBeCloseTo(change, 12);
  });
  it('sums pᵢqᵢ/nᵢ over unequal cells', () => {
    const r = mdeOfCells(
      [
        { p: 0.3, n: 500 },
        { p: 0.4, n: 800 },
        { p: 0.35, n: 600 },
        { p: 0.45, n: 700 },
      ],
      { deff: 1.5, alpha: 0.1, power: 0.9 },
    );
    const v = 1.5 * (0.21 / 500 + 0.24 / 800 + 0.2275 / 600 + 0.2475 / 700);
    expect(r.se).toBeCloseTo(Math.sqrt(v), 14);
    expect(r.mde).toBeCloseTo((1.6448536269514722 + 1.2815515655446004) * Math.sqrt(v), 12);
  });
  it('inverts: the n for a target MDE reaches it, and one fewer does not', () => {
    for (const design of ['change', 'did', 'experiment'] as const) {
      const { n, total } = sampleSizeForMde(design, 0.34, 0.05, { deff: 1.8 });
      expect(minimumDetectableEffect(design, 0.34, n, { deff: 1.8 }).mde).toBeLessThanOrEqual(0.05);
      expect(minimumDetectableEffect(design, 0.34, n - 1, { deff: 1.8 }).mde).toBeGreaterThan(0.05);
      expect(total).toBe(n * (design === 'did' ? 4 : 2));
    }
  });
  it('rejects impossible settings naming them', () => {
    expect(() => minimumDetectableEffect('change', 1.2, 1000)).toThrow(
      /baseline must be a share strictly between 0 and 1, not 1.2/,
    );
    expect(() => minimumDetectableEffect('change', 0.3, 1000, { deff: 0 })).toThrow(/deff must be a positive number/);
    expect(() => sampleSizeForMde('did', 0.3, 5)).toThrow(/0\.05 for 5 points/);
    expect(() => mdeOfCells([{ p: 0.3, n: 0 }])).toThrow(SurveyError);
  });
});

describe('reporting judgement', () => {
  it('calls an interval that excludes zero detected, with its direction against the aim', () => {
    expect(judgeEffect({ estimate: -5.3, ci: [-10.5, -0.1], mde: 7, aimed: -5 })).toMatchObject({
      kind: 'detected',
      direction: 'decrease',
      asAimed: true,
    });
    expect(judgeEffect({ estimate: 4, ci: [1, 7], mde: 7, aimed: -5 })).toMatchObject({
      kind: 'detected',
      direction: 'increase',
      asAimed: false,
    });
    expect(judgeEffect({ estimate: 4, ci: [1, 7], mde: 7 })).toMatchObject({ kind: 'detected', asAimed: null });
  });
  it('calls an interval that includes zero inconclusive at this sample size, with its MDE', () => {
    expect(judgeEffect({ estimate: -2, ci: [-6, 2], mde: 5.9, aimed: -5 })).toEqual({
      kind: 'inconclusive',
      mde: 5.9,
      label: 'inconclusive at this sample size',
    });
    expect(judgeEffect({ estimate: -2, ci: [-6, 2], mde: 5.9 }).kind).toBe('inconclusive');
  });
  it('says "no effect as large as aimed" only when the MDE is below the aim and the interval excludes it', () => {
    expect(judgeEffect({ estimate: -1, ci: [-3, 1], mde: 2.8, aimed: -5 }).kind).toBe('smaller-than-aimed');
    expect(judgeEffect({ estimate: -1, ci: [-5.5, 3.5], mde: 2.8, aimed: -5 }).kind).toBe('inconclusive');
    expect(judgeEffect({ estimate: -1, ci: [-3, 1], mde: 6, aimed: -5 }).kind).toBe('inconclusive');
  });
  it('rejects a malformed interval', () => {
    expect(() => judgeEffect({ estimate: 0, ci: [2, 1], mde: 3 })).toThrow(/interval/);
    expect(() => judgeEffect({ estimate: 0, ci: [-1, 1], mde: 0 })).toThrow(/MDE must be positive/);
  });
});
