/**
 * The publication invariants (src/indicators/invariants.ts) on hand-made values, and what a
 * failing point becomes when stored and when published (src/indicators/points.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  changeFailures,
  distributionFailures,
  estimateFailures,
  maximumSe,
  SHARE_SCALE,
  uncertaintyFailures,
  type SeriesPoint,
} from '../../src/indicators/index.ts';
import { checkedPoint, publicPoint, seriesPoint } from '../../src/indicators/points.ts';

const names = (f: readonly { invariant: string }[]) => f.map((x) => x.invariant);
// A share of 0.377 on n = 120 with SE 0.045: z·SE = 1.959964 × 0.045 = 0.0882 (hand calculation).
const sane = {
  estimate: 0.377,
  se: 0.045,
  ciLow: 0.292,
  ciHigh: 0.466,
  moe: 0.0882,
  deff: 1.1,
  effectiveN: 109,
  n: 120,
};

describe('invariants of a published value', () => {
  it('a share is finite and within [0, 1]; a mean within its scale', () => {
    expect(estimateFailures(0.377, SHARE_SCALE)).toEqual([]);
    expect(estimateFailures(0, SHARE_SCALE)).toEqual([]);
    expect(estimateFailures(1 + 1e-12, SHARE_SCALE)).toEqual([]);
    expect(names(estimateFailures(1.02, SHARE_SCALE))).toEqual(['estimate_in_scale']);
    expect(names(estimateFailures(Number.NaN, SHARE_SCALE))).toEqual(['estimate_finite']);
    expect(names(estimateFailures(11, { min: 0, max: 10 }))).toEqual(['estimate_in_scale']);
    expect(estimateFailures(1e6, { min: -Infinity, max: Infinity })).toEqual([]);
  });

  it('SE at most half the scale: 0.5 for a share, 5 for a 0–10 mean (Popoviciu)', () => {
    expect(maximumSe(SHARE_SCALE)).toBe(0.5);
    expect(maximumSe({ min: 0, max: 10 })).toBe(5);
    expect(uncertaintyFailures(sane, SHARE_SCALE)).toEqual([]);
    // The demo world's World 2022 before the fix: SE 1.23e77, deff 6.2e157, the logit interval [0, 1].
    const absurd = { ...sane, se: 1.23e77, ciLow: 0, ciHigh: 1, moe: 2.4e77, deff: 6.2e157 };
    expect(names(uncertaintyFailures(absurd, SHARE_SCALE))).toEqual(['se_within_half_scale']);
    expect(names(uncertaintyFailures({ ...sane, se: 0.51 }, SHARE_SCALE))).toEqual(['se_within_half_scale']);
    expect(names(uncertaintyFailures({ ...sane, se: Infinity, moe: Infinity }, SHARE_SCALE))).toEqual([
      'se_finite',
      'moe_finite',
    ]);
    expect(names(uncertaintyFailures({ ...sane, se: -0.1 }, SHARE_SCALE))).toEqual(['se_finite']);
  });

  it('the interval holds the estimate and lies inside the scale', () => {
    expect(names(uncertaintyFailures({ ...sane, ciLow: 0.4 }, SHARE_SCALE))).toEqual(['ci_contains_estimate']);
    expect(names(uncertaintyFailures({ ...sane, ciHigh: 1.2 }, SHARE_SCALE))).toEqual(['ci_in_scale']);
    expect(names(uncertaintyFailures({ ...sane, ciLow: -Infinity, ciHigh: Infinity }, SHARE_SCALE))).toEqual([
      'ci_in_scale',
    ]);
    expect(names(uncertaintyFailures({ ...sane, ciLow: Number.NaN }, SHARE_SCALE))).toEqual(['ci_contains_estimate']);
    // A mean of 7 with SE 0 (one respondent, or all alike): never "± 0".
    const flat = { ...sane, estimate: 7, se: 0, ciLow: 7, ciHigh: 7, moe: 0 };
    expect(names(uncertaintyFailures(flat, { min: 0, max: 10 }))).toEqual(['interval_has_width']);
  });

  it('a finite design effect; 0 < effective n ≤ n', () => {
    expect(names(uncertaintyFailures({ ...sane, deff: Infinity }, SHARE_SCALE))).toEqual(['deff_finite']);
    expect(names(uncertaintyFailures({ ...sane, effectiveN: 121 }, SHARE_SCALE))).toEqual(['effective_n_within_n']);
    expect(names(uncertaintyFailures({ ...sane, effectiveN: 0 }, SHARE_SCALE))).toEqual(['effective_n_within_n']);
    expect(uncertaintyFailures({ ...sane, deff: null, effectiveN: 120 }, SHARE_SCALE)).toEqual([]);
  });

  it('a change of a share stays within ±1 with SE ≤ 1/√2, its interval holds it, p in [0, 1]', () => {
    // 0.42 − 0.377 = 0.043; SE √(0.045² + 0.04²) = 0.0602; CI 0.043 ± 1.96·0.0602 (hand calculation).
    const ok = { change: 0.043, se: 0.0602, ciLow: -0.075, ciHigh: 0.161, pValue: 0.475 };
    expect(changeFailures(ok, SHARE_SCALE)).toEqual([]);
    expect(names(changeFailures({ ...ok, se: 255, ciLow: -500, ciHigh: 500 }, SHARE_SCALE))).toEqual([
      'se_within_half_scale',
    ]);
    expect(names(changeFailures({ ...ok, change: 1.5, ciHigh: 2 }, SHARE_SCALE))).toEqual(['change_within_scale']);
    expect(names(changeFailures({ ...ok, pValue: Number.NaN }, SHARE_SCALE))).toEqual(['p_value_in_unit_interval']);
  });

  it('a distribution: shares in [0, 1] summing to 1', () => {
    expect(distributionFailures({ a: 0.25, b: 0.75 })).toEqual([]);
    expect(distributionFailures({})).toEqual([]);
    expect(names(distributionFailures({ a: 0.5, b: 0.6 }))).toEqual(['shares_sum_to_one']);
    expect(names(distributionFailures({ a: -0.5, b: 1.5 }))).toEqual(['shares_in_unit_interval']);
  });
});

const point = (over: Partial<SeriesPoint>): SeriesPoint => ({
  study: 's',
  indicator: 'i',
  wave: 'w',
  year: 2024,
  geography: { kind: 'world' },
  subgroup: null,
  level: 0.95,
  coverage: 1,
  missingCountries: [],
  weightingRunId: 'r',
  suppressed: null,
  ...sane,
  ...over,
});

describe('a point that fails its invariants', () => {
  it('keeps a sane point as it is', () => {
    expect(checkedPoint(point({}), SHARE_SCALE)).toEqual(point({}));
  });

  it('an absurd SE: stored with variance_not_estimable and the failure, SE/CI/MOE/deff/effective n withheld; the estimate stays', () => {
    const stored = checkedPoint(point({ se: 1.23e77, ciLow: 0, ciHigh: 1, moe: 2.4e77, deff: 6.2e157 }), SHARE_SCALE);
    expect(stored).toMatchObject({
      estimate: 0.377,
      se: null,
      ciLow: null,
      ciHigh: null,
      moe: null,
      deff: null,
      effectiveN: null,
      suppressed: 'variance_not_estimable',
    });
    expect(stored.invariants?.[0]).toMatchObject({ invariant: 'se_within_half_scale' });
    expect(stored.invariants?.[0]?.detail).toContain('1.23e+77');
    // Published: the estimate with the invariant's name, never the offending value.
    const shown = publicPoint(stored);
    expect(shown.estimate).toBe(0.377);
    expect(shown.invariants).toEqual([{ invariant: 'se_within_half_scale' }]);
    expect(JSON.stringify(shown)).not.toMatch(/e\+77|e\+157/);
    expect(checkedPoint(stored, SHARE_SCALE)).toEqual(stored);
  });

  it('an estimate outside the scale is withheld entirely, from researchers too', () => {
    const stored = checkedPoint(point({ estimate: 1.3 }), SHARE_SCALE);
    expect(stored).toMatchObject({ estimate: null, se: null, moe: null, suppressed: 'estimate_out_of_scale' });
    expect(publicPoint(stored).estimate).toBeNull();
  });

  it('below the minimum n stays the reason (withheld publicly), the failure is still recorded', () => {
    const stored = checkedPoint(point({ se: 3, suppressed: 'below_minimum_n' }), SHARE_SCALE);
    expect(stored.suppressed).toBe('below_minimum_n');
    expect(stored.se).toBeNull();
    expect(names(stored.invariants ?? [])).toEqual(['se_within_half_scale']);
    expect(publicPoint(stored).estimate).toBeNull();
  });
});

describe('a degenerate share never reads "± 0"', () => {
  const ctx = {
    study: 's',
    indicator: 'i',
    kind: 'share' as const,
    wave: 'w',
    year: 2024,
    weightingRunId: 'r',
    level: 0.95,
    minimumN: 50,
    scale: SHARE_SCALE,
  };
  const cover = { coverage: 1, missingCountries: [] };
  const cell = { n: 60, sumW: 60, sumW2: 60, y: 0, y2: 0, vyy: 0, vxy: 0, vxx: 0 };

  it('0 of 60: the Korn–Graubard interval [0, 1 − 0.025^(1/60)] = [0, 0.0596], no symmetric margin', () => {
    const p = seriesPoint(ctx, { kind: 'world' }, null, cell, cover);
    expect(p).toMatchObject({ estimate: 0, se: 0, ciLow: 0, moe: null, interval: 'korn-graubard', suppressed: null });
    expect(p.ciHigh).toBeCloseTo(1 - 0.025 ** (1 / 60), 12);
    expect(p.ciHigh).toBeCloseTo(0.0596, 4);
  });

  it('an SE of 1e-17 (exact calibration) is an SE of 0: Korn–Graubard at n, not a logit interval of width 1e-16', () => {
    const p = seriesPoint(ctx, { kind: 'world' }, null, { ...cell, y: 30, y2: 30, vyy: 3600 * 1e-34 }, cover);
    expect(p.interval).toBe('korn-graubard');
    expect((p.ciHigh ?? 0) - (p.ciLow ?? 0)).toBeGreaterThan(0.2);
  });
});
