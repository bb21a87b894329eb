/**
 * The pre-trend stated with its power (docs/campaign-impact.md, "Pre-trends and their power"):
 * the placebo difference-in-differences before the campaign with its interval, the smallest
 * pre-trend the test could detect (M·SE, M = z₀.₉₇₅ + z₀.₈ ≈ 2.80, as the report's MDE), and the
 * verdict:
 *
 * - `apart`: the test rejected (p < 0.05): the groups already moved apart;
 * - `alike`: it did not, and every placebo interval lies within ±|aimed effect|, so any pre-trend
 *   as large as the effect the campaign aimed for is excluded;
 * - `not-ruled-out`: it did not, but an interval reaches beyond ±|aimed effect|: no difference
 *   larger than `ruledOut` points (the larger absolute end of the intervals) could be ruled out.
 */
import { mdeMultiplier, type PreTrend } from '../../stats/index.ts';

export interface PreTrendPower {
  readonly kind: 'alike' | 'not-ruled-out' | 'apart';
  /** The placebo difference closest to the campaign (the last pre-campaign wave against the first), in points. */
  readonly difference: { readonly wave: string; readonly estimate: number; readonly ci: readonly [number, number] };
  /** The smallest pre-trend the test could detect at 80% power, two-sided 5%, in points (the largest over placebo waves). */
  readonly mde: number;
  /** The larger absolute end of the placebo intervals, in points: no smaller difference is excluded. */
  readonly ruledOut: number;
}

/** The verdict on `preTrend` against the campaign's aimed effect (`aimed`, signed or not); null without a pre-trend. */
export function preTrendPower(preTrend: PreTrend | null, aimed: number, level = 0.95): PreTrendPower | null {
  const last = preTrend?.placebo.at(-1);
  if (!preTrend || !last) return null;
  const bound = Math.abs(aimed);
  const ends = preTrend.placebo.flatMap((p) => [Math.abs(p.ci[0]), Math.abs(p.ci[1])]);
  const ruledOut = Math.max(...ends);
  const within = preTrend.placebo.every((p) => p.ci[0] >= -bound && p.ci[1] <= bound);
  const kind = !preTrend.passed ? 'apart' : within ? 'alike' : 'not-ruled-out';
  const mde = Math.max(...preTrend.placebo.map((p) => mdeMultiplier(1 - level) * p.se));
  return {
    kind,
    difference: { wave: last.wave, estimate: last.estimate, ci: [last.ci[0], last.ci[1]] },
    mde,
    ruledOut,
  };
}
