/**
 * How a point's uncertainty reads on a page: "± 4.2%" (the margin of error at 95%), "95% CI
 * 0.0%–16.8%" for a share of 0% or 100% (Korn–Graubard interval, no symmetric margin), or why
 * none is shown ("variance could not be estimated", "suppressed", "no data"). Never a number that
 * failed its invariants: the data reached the page through `published` (src/indicators), and the
 * formatters refuse anything non-finite or outside the scale.
 */
import { minimumDetectableChange } from '../src/indicators/power.ts';
import type { SeriesPoint } from '../src/indicators/types.ts';
import { type UiLanguage } from './i18n.ts';
import { formatValue, ltrRun, type ValueKind } from './format.ts';
import { sayQuality, withheldWord } from './i18n-quality.ts';

type Uncertain = Pick<SeriesPoint, 'estimate' | 'moe' | 'ciLow' | 'ciHigh' | 'suppressed'>;

/** The estimate a reader may see: a point published, or published without its variance. */
export function shownEstimate(p: Pick<SeriesPoint, 'estimate' | 'suppressed'>): number | null {
  return p.suppressed === null || p.suppressed === 'variance_not_estimable' ? p.estimate : null;
}

export function marginText(
  lang: UiLanguage,
  kind: ValueKind,
  p: Uncertain,
  range?: { readonly min: number; readonly max: number },
): string {
  if (p.suppressed !== null || p.estimate === null) return withheldWord(lang, p.suppressed);
  if (p.moe !== null)
    return ltrRun(lang, `± ${formatValue(lang, kind, p.moe, range && { min: 0, max: range.max - range.min })}`);
  if (p.ciLow !== null && p.ciHigh !== null)
    return `${sayQuality(lang, 'ci95Short')} ${ltrRun(lang, `${formatValue(lang, kind, p.ciLow, range)}–${formatValue(lang, kind, p.ciHigh, range)}`)}`;
  return sayQuality(lang, 'varianceNotEstimable');
}

/** The minimum detectable change at n respondents in both waves (`minimumDetectableChange`); "> 100%" past any possible change, "–" without a design effect. */
export function mdcText(lang: UiLanguage, n: number, deff: number | null): string {
  if (!(n > 0) || deff === null || !(deff > 0)) return '–';
  const mdc = minimumDetectableChange(n, n, deff);
  return mdc > 1 ? `> ${formatValue(lang, 'share', 1)}` : formatValue(lang, 'share', mdc);
}
