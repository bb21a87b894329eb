/**
 * The plain-language sentence of a campaign result, for communications teams: what moved, by how
 * much and with what interval, against which countries, and whether the countries moved alike
 * before the campaign. An interval that includes zero is "inconclusive at this sample size" with
 * the smallest effect the study could have detected, never "no effect".
 */
import type { Effect, PreTrend, Verdict } from '../../stats/index.ts';
import { describeAim } from './aim.ts';
import type { PreTrendPower } from './pretrend.ts';

interface Result {
  readonly label: string;
  readonly aimed: number;
  readonly did: Effect;
  readonly preTrend: PreTrend | null;
  readonly preTrendPower: PreTrendPower | null;
  readonly mde: number;
  readonly verdict: Verdict;
}

const pts = (x: number) => `${Math.abs(x).toFixed(1)} point${Math.abs(x).toFixed(1) === '1.0' ? '' : 's'}`;
const num = (x: number) => (Math.abs(x) < 0.05 ? '0.0' : x.toFixed(1)).replace('-', '−');

/** "South Africa", "Germany, Sweden and 2 more" — by ISO3 code when no name is known. */
function where(countries: readonly string[]): string {
  if (countries.length === 1) return countries[0] ?? '';
  if (countries.length <= 4) return `${countries.slice(0, -1).join(', ')} and ${countries.at(-1)}`;
  return `${countries.slice(0, 3).join(', ')} and ${countries.length - 3} more`;
}

/**
 * Whether the countries moved alike before the campaign, stated with the test's power: "moved
 * alike" only when every placebo interval lies within ±|aimed effect| (./pretrend.ts).
 */
function trendClause(result: Pick<Result, 'preTrend' | 'preTrendPower'>): string {
  const { preTrend, preTrendPower: power } = result;
  if (preTrend === null || power === null)
    return 'there was only one wave before the campaign, so whether both moved alike before it could not be checked';
  const interval = `${num(power.difference.estimate)} points, 95% CI ${num(power.difference.ci[0])} to ${num(power.difference.ci[1])}`;
  switch (power.kind) {
    case 'apart':
      return `but they already moved apart before the campaign (${interval}; pre-trend test p = ${preTrend.p.toFixed(3)}), so this estimate may be biased`;
    case 'alike':
      return `before the campaign both moved alike (${interval}; pre-trend test p = ${preTrend.p.toFixed(2)})`;
    case 'not-ruled-out':
      return `before the campaign no difference larger than ${pts(power.ruledOut)} could be ruled out (${interval}; the test could only detect ${pts(power.mde)})`;
  }
}

export function summarise(
  result: Result,
  countries: { readonly campaign: readonly string[]; readonly comparison: readonly string[] },
): string {
  const { label, did, verdict } = result;
  const level = Math.round(did.level * 100);
  const subject = `“${label}”`;
  const campaignSide = where(countries.campaign);
  switch (verdict.kind) {
    case 'detected': {
      const verb = did.estimate < 0 ? 'fell' : 'rose';
      const [lo, hi] = did.estimate < 0 ? [-did.ci[1], -did.ci[0]] : [did.ci[0], did.ci[1]];
      const opposite = verdict.asAimed === false ? ' — the opposite of what the campaign aimed for' : '';
      return `${subject} ${verb} ${pts(did.estimate)} (${level}% CI ${num(lo)} to ${num(hi)}) more in ${campaignSide} than in the comparison countries${opposite}; ${trendClause(result)}.`;
    }
    case 'smaller-than-aimed':
      return `No effect as large as the ${describeAim(result.aimed)} aimed for: ${subject} changed ${num(did.estimate)} points (${level}% CI ${num(did.ci[0])} to ${num(did.ci[1])}) in ${campaignSide} relative to the comparison countries, and this study could have detected ${pts(verdict.mde)}; ${trendClause(result)}.`;
    case 'inconclusive':
      return `Inconclusive at this sample size: ${subject} changed ${num(did.estimate)} points (${level}% CI ${num(did.ci[0])} to ${num(did.ci[1])}) in ${campaignSide} relative to the comparison countries; the smallest effect this study could reliably detect is ${pts(verdict.mde)}${result.aimed !== 0 ? `; the campaign aimed for ${describeAim(result.aimed)}` : ''}; ${trendClause(result)}.`;
  }
}
