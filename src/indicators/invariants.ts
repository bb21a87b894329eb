/**
 * The invariants every published number must pass (DESIGN.md principle 4: "every published
 * number passes its invariants or is withheld with a reason"). Small pure checks, each returning
 * the failures it finds; `src/indicators` runs them on every point before storing it, on every
 * change before serving it, and the dashboards run them again before drawing a value.
 *
 * The scale of an indicator is [0, 1] for a share, the declared range of an index, and the
 * range of the scores (or of the scale question's points, or of the numeric question's min and
 * max) for a mean; a mean of an unbounded numeric question has an infinite scale, and only
 * finiteness is checked.
 *
 * For a value y on a scale [a, b]:
 *   - the estimate is finite and a ≤ ŷ ≤ b;
 *   - 0 ≤ SE ≤ (b − a)/2 (the standard deviation of any variable on [a, b] is at most (b − a)/2,
 *     Popoviciu 1935; 0.5 for a share): an SE beyond it says the variance was not estimated;
 *   - the interval holds the estimate, lies inside [a, b] and has a width (never "± 0": a share
 *     of 0 or 1 gets a Korn–Graubard interval; a mean whose SE is 0 has no variance estimate);
 *   - the margin of error is finite and non-negative;
 *   - the design effect is finite and non-negative; 0 < effective n ≤ n (Kish's n_eff =
 *     (Σw)²/Σw² ≤ n by Cauchy–Schwarz).
 * Comparisons allow a relative slack of 1e-9 of the scale's width for rounding.
 */
import { findQuestion, type Indicator, type Instrument, type Question } from '../instrument/index.ts';

/** The names of the invariants, as stored with a failing point. */
export type InvariantName =
  | 'estimate_finite'
  | 'estimate_in_scale'
  | 'se_finite'
  | 'se_within_half_scale'
  | 'ci_contains_estimate'
  | 'ci_in_scale'
  | 'interval_has_width'
  | 'moe_finite'
  | 'deff_finite'
  | 'effective_n_within_n'
  | 'change_within_scale'
  | 'p_value_in_unit_interval'
  | 'shares_in_unit_interval'
  | 'shares_sum_to_one';

export interface InvariantFailure {
  readonly invariant: InvariantName;
  /** What was found, in words (with the offending value): for researchers, never shown publicly. */
  readonly detail: string;
}

/** The range a value of an indicator can take; infinite bounds when the question has none. */
export interface Scale {
  readonly min: number;
  readonly max: number;
}

export const SHARE_SCALE: Scale = { min: 0, max: 1 };

const slack = (scale: Scale) => 1e-9 * (Number.isFinite(scale.max - scale.min) ? scale.max - scale.min : 1);

const fail = (invariant: InvariantName, detail: string): InvariantFailure => ({ invariant, detail });

/** Finite and inside the scale (with the rounding slack). */
export function inScale(value: number, scale: Scale): boolean {
  const e = slack(scale);
  return Number.isFinite(value) && value >= scale.min - e && value <= scale.max + e;
}

/** The estimate: finite, inside the scale. */
export function estimateFailures(estimate: number, scale: Scale): InvariantFailure[] {
  if (!Number.isFinite(estimate)) return [fail('estimate_finite', `estimate ${estimate}`)];
  if (!inScale(estimate, scale))
    return [fail('estimate_in_scale', `estimate ${estimate} outside [${scale.min}, ${scale.max}]`)];
  return [];
}

/** The uncertainty of a point, as materialised. `null` fields are not checked (not computed). */
export interface Uncertainty {
  readonly estimate: number;
  readonly se: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly moe: number | null;
  readonly deff: number | null;
  readonly effectiveN: number | null;
  readonly n: number;
}

/** The largest standard error a value on `scale` can have: half the scale's width (0.5 for a share). */
export function maximumSe(scale: Scale): number {
  return (scale.max - scale.min) / 2;
}

/** SE, interval, margin of error, design effect and effective n of a point whose estimate passed. */
export function uncertaintyFailures(u: Uncertainty, scale: Scale): InvariantFailure[] {
  const out: InvariantFailure[] = [];
  const e = slack(scale);
  if (!Number.isFinite(u.se) || u.se < 0) out.push(fail('se_finite', `SE ${u.se}`));
  else if (u.se > maximumSe(scale) + e)
    out.push(fail('se_within_half_scale', `SE ${u.se} exceeds ${maximumSe(scale)}, half the scale`));
  if (!(u.ciLow <= u.estimate + e && u.estimate <= u.ciHigh + e))
    out.push(fail('ci_contains_estimate', `interval [${u.ciLow}, ${u.ciHigh}] does not hold ${u.estimate}`));
  else if (!inScale(u.ciLow, scale) || !inScale(u.ciHigh, scale))
    out.push(fail('ci_in_scale', `interval [${u.ciLow}, ${u.ciHigh}] outside [${scale.min}, ${scale.max}]`));
  else if (!(u.ciHigh > u.ciLow))
    out.push(fail('interval_has_width', `interval [${u.ciLow}, ${u.ciHigh}] is a point (SE ${u.se}): no "± 0"`));
  if (u.moe !== null && !(Number.isFinite(u.moe) && u.moe >= 0)) out.push(fail('moe_finite', `MOE ${u.moe}`));
  if (u.deff !== null && !(Number.isFinite(u.deff) && u.deff >= 0)) out.push(fail('deff_finite', `deff ${u.deff}`));
  if (u.effectiveN !== null && !(u.effectiveN > 0 && u.effectiveN <= u.n * (1 + 1e-9)))
    out.push(fail('effective_n_within_n', `effective n ${u.effectiveN} not in (0, n = ${u.n}]`));
  return out;
}

/** A change between two waves of a value on `scale`: |Δ| within the width, SE and interval finite, p in [0, 1]. */
export function changeFailures(
  c: {
    readonly change: number;
    readonly se: number;
    readonly ciLow: number;
    readonly ciHigh: number;
    readonly pValue: number;
  },
  scale: Scale,
): InvariantFailure[] {
  const width = scale.max - scale.min;
  const widthScale: Scale = { min: -width, max: width };
  const out: InvariantFailure[] = [];
  if (!inScale(c.change, widthScale)) out.push(fail('change_within_scale', `change ${c.change} beyond ±${width}`));
  // Each side's SE is at most half the width, so the SE of the difference is at most width/√2.
  if (!(Number.isFinite(c.se) && c.se >= 0 && c.se <= width / Math.SQRT2 + slack(scale)))
    out.push(fail('se_within_half_scale', `SE of the change ${c.se} exceeds ${width / Math.SQRT2}`));
  if (!(Number.isFinite(c.ciLow) && Number.isFinite(c.ciHigh) && c.ciLow <= c.change && c.change <= c.ciHigh))
    out.push(fail('ci_contains_estimate', `interval [${c.ciLow}, ${c.ciHigh}] does not hold ${c.change}`));
  if (!(c.pValue >= 0 && c.pValue <= 1)) out.push(fail('p_value_in_unit_interval', `p-value ${c.pValue}`));
  return out;
}

/** An answer distribution: every share in [0, 1], summing to 1 (an empty one is not checked). */
export function distributionFailures(shares: Readonly<Record<string, number>>): InvariantFailure[] {
  const values = Object.values(shares);
  if (values.length === 0) return [];
  const out: InvariantFailure[] = [];
  const bad = Object.entries(shares).filter(([, v]) => !inScale(v, SHARE_SCALE));
  if (bad.length > 0) out.push(fail('shares_in_unit_interval', bad.map(([k, v]) => `${k} ${v}`).join(', ')));
  const sum = values.reduce((a, b) => a + b, 0);
  if (!(Math.abs(sum - 1) <= 1e-9)) out.push(fail('shares_sum_to_one', `shares sum to ${sum}`));
  return out;
}

/**
 * The range of a mean's answers: every score it may take (its scores, a scale question's point
 * values, a numeric question's min and max: the union, so the check never refuses a possible
 * value); infinite where a numeric question states no bound.
 */
function questionScale(question: Question | undefined, scores: Readonly<Record<string, number>> | undefined): Scale {
  const values = Object.values(scores ?? {});
  if (question?.kind === 'scale') values.push(...question.points.map((p) => p.value));
  if (question?.kind === 'numeric') values.push(question.min ?? -Infinity, question.max ?? Infinity);
  if (values.length === 0) return { min: -Infinity, max: Infinity };
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** An answer on `scale` minus a percentage (0–100): the widest a misperception gap can be. */
export function gapScale(scale: Scale): Scale {
  return { min: scale.min - 100, max: scale.max };
}

/** The scale of an indicator's values in a wave's instrument. */
export function indicatorScale(indicator: Indicator, instrument: Instrument): Scale {
  switch (indicator.kind) {
    case 'share':
      return SHARE_SCALE;
    case 'index':
      return indicator.range;
    case 'mean':
      return questionScale(findQuestion(instrument, indicator.question), indicator.scores);
    case 'overestimate':
      return SHARE_SCALE;
    case 'gap':
      return gapScale(questionScale(findQuestion(instrument, indicator.question), undefined));
  }
}

/** How many published values of a materialisation failed an invariant, by invariant, with the first few named. */
export interface PublicationCheck {
  readonly checked: number;
  readonly failed: number;
  readonly byInvariant: Readonly<Record<string, number>>;
  /** Up to 20 failing values: where, and which invariants. */
  readonly examples: readonly string[];
}

/** Counts the failures among `values` (each naming where it is). */
export function publicationCheck(
  values: readonly { readonly where: string; readonly invariants?: readonly { readonly invariant: string }[] }[],
): PublicationCheck {
  const byInvariant: Record<string, number> = {};
  const examples: string[] = [];
  let failed = 0;
  for (const v of values) {
    if (!v.invariants || v.invariants.length === 0) continue;
    failed++;
    for (const f of v.invariants) byInvariant[f.invariant] = (byInvariant[f.invariant] ?? 0) + 1;
    if (examples.length < 20) examples.push(`${v.where}: ${v.invariants.map((f) => f.invariant).join(', ')}`);
  }
  return { checked: values.length, failed, byInvariant, examples };
}
