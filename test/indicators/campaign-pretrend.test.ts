/**
 * The pre-trend stated with its power, on hand-made placebo results: "moved alike" only when the
 * interval lies within ±|aimed|; otherwise, when the test did not reject, "no difference larger
 * than X points could be ruled out" with X the larger absolute end of the interval; when it
 * rejected, "already moved apart". The detectable pre-trend is M·SE with M = z₀.₉₇₅ + z₀.₈.
 */
import { describe, expect, it } from 'vitest';
import { preTrendPower } from '../../src/indicators/campaign/pretrend.ts';
import { summarise } from '../../src/indicators/campaign/summary.ts';
import type { PreTrend } from '../../src/stats/index.ts';

const M = 1.959963984540054 + 0.8416212335729143;

function trend(estimate: number, se: number, ci: [number, number], p: number): PreTrend {
  return {
    waves: ['mp-2022', 'mp-2024'],
    placebo: [{ wave: 'mp-2024', estimate, se, ci, df: 900, t: estimate / se, p, level: 0.95 }],
    statistic: (estimate / se) ** 2,
    ndf: 1,
    ddf: 900,
    p,
    passed: !(p < 0.05),
  };
}

const did = { estimate: -1.1, se: 2.9, ci: [-6.8, 4.6] as [number, number], df: 900, t: -0.38, p: 0.7, level: 0.95 };

describe('pre-trend with its power', () => {
  it('a wide interval that did not reject: no difference larger than its larger absolute end could be ruled out', () => {
    // The migration-means placebo: +8.4 points (p = 0.11), SE 5.2, CI −1.8 to 18.6; aimed 3.
    const t = trend(8.4, 5.2, [-1.8, 18.6], 0.11);
    const power = preTrendPower(t, -3);
    expect(power?.kind).toBe('not-ruled-out');
    expect(power?.ruledOut).toBe(18.6);
    expect(power?.mde).toBeCloseTo(5.2 * M, 10); // 14.568…
    expect(power?.difference).toEqual({ wave: 'mp-2024', estimate: 8.4, ci: [-1.8, 18.6] });
    const sentence = summarise(
      {
        label: 'wants decrease',
        aimed: -3,
        did,
        preTrend: t,
        preTrendPower: power ?? null,
        mde: 8.1,
        verdict: { kind: 'inconclusive', mde: 8.1, label: 'inconclusive' },
      },
      { campaign: ['DEU', 'SWE', 'NLD', 'FIN'], comparison: ['ESP', 'FRA', 'ISL', 'MLT', 'POL'] },
    );
    expect(sentence).toMatch(
      /; before the campaign no difference larger than 18\.6 points could be ruled out \(8\.4 points, 95% CI −1\.8 to 18\.6; the test could only detect 14\.6 points\)\.$/,
    );
    expect(sentence).not.toMatch(/moved alike/);
  });

  it('a negative end can be the larger one', () => {
    expect(preTrendPower(trend(-4, 3, [-9.9, 1.9], 0.18), 6)?.ruledOut).toBe(9.9);
  });

  it('a narrow interval inside ±aimed: moved alike', () => {
    const t = trend(0.5, 1.5, [-2.4, 3.4], 0.74);
    const power = preTrendPower(t, -6);
    expect(power?.kind).toBe('alike');
    expect(power?.mde).toBeCloseTo(1.5 * M, 10);
    const sentence = summarise(
      {
        label: 'wants decrease',
        aimed: -6,
        did,
        preTrend: t,
        preTrendPower: power ?? null,
        mde: 8.1,
        verdict: { kind: 'inconclusive', mde: 8.1, label: 'inconclusive' },
      },
      { campaign: ['ZAF'], comparison: ['KEN', 'NGA'] },
    );
    expect(sentence).toMatch(
      /; before the campaign both moved alike \(0\.5 points, 95% CI −2\.4 to 3\.4; pre-trend test p = 0\.74\)\.$/,
    );
  });

  it('an interval ending exactly at the aimed effect is within it; one past it is not', () => {
    expect(preTrendPower(trend(0, 3, [-6, 6], 1), -6)?.kind).toBe('alike');
    expect(preTrendPower(trend(0.05, 3, [-5.9, 6.1], 0.99), -6)?.kind).toBe('not-ruled-out');
  });

  it('a rejected test: already moved apart, whatever the interval', () => {
    const t = trend(9, 2, [5.1, 12.9], 0.001);
    const power = preTrendPower(t, -3);
    expect(power?.kind).toBe('apart');
    const sentence = summarise(
      {
        label: 'wants decrease',
        aimed: -3,
        did,
        preTrend: t,
        preTrendPower: power ?? null,
        mde: 8.1,
        verdict: { kind: 'inconclusive', mde: 8.1, label: 'inconclusive' },
      },
      { campaign: ['ZAF'], comparison: ['KEN'] },
    );
    expect(sentence).toMatch(
      /but they already moved apart before the campaign \(9\.0 points, 95% CI 5\.1 to 12\.9; pre-trend test p = 0\.001\)/,
    );
  });

  it('with several placebo waves, every interval must lie within ±aimed, and X is the largest end of them all', () => {
    const t = trend(0.5, 1.5, [-2.4, 3.4], 0.3);
    const [one] = t.placebo;
    if (!one) throw new Error('no placebo');
    const two: PreTrend = {
      ...t,
      waves: ['w1', 'w2', 'w3'],
      placebo: [
        { ...one, wave: 'w2', ci: [-7.2, 1], se: 2.1 },
        { ...one, wave: 'w3' },
      ],
    };
    const power = preTrendPower(two, -6);
    expect(power?.kind).toBe('not-ruled-out');
    expect(power?.ruledOut).toBe(7.2);
    expect(power?.difference.wave).toBe('w3');
    expect(power?.mde).toBeCloseTo(2.1 * M, 10);
  });

  it('no pre-trend (one wave before the campaign): none', () => {
    expect(preTrendPower(null, -3)).toBeNull();
  });
});
