import { qnorm } from '../distributions/normal.ts';
import type { SurveyDesign } from '../design/types.ts';
import { countNonZero, sum } from './complete-cases.ts';
import type { Variable } from './types.ts';
import { at } from '../checked.ts';

/** `srswor`: against simple random sampling without replacement; `replace`: with replacement. */
export type DeffKind = 'srswor' | 'replace';

/**
 * Design effects of means or totals (Kish 1965; R `svymean(deff=)`): V / V_srs with
 *   mean:  V_srs = s²·(N̂ − n)/(N̂·n)  (srswor)  or  s²/n  (replace),
 *   total: the same times N̂²,
 * where s² is the weighted population variance (`svyvar`), N̂ = Σw and n the rows with w ≠ 0.
 */
export function designEffects(
  design: SurveyDesign,
  variables: readonly Variable[],
  vcov: Float64Array,
  kind: DeffKind,
  statistic: 'mean' | 'total',
): Float64Array {
  const p = variables.length;
  const w = design.weights;
  const n = countNonZero(w);
  const nHat = sum(w);
  const out = new Float64Array(p);
  variables.forEach((v, j) => {
    const s2 = weightedVariance(w, v.values);
    const base = kind === 'replace' ? s2 / n : (s2 * (nHat - n)) / (nHat * n);
    const scale = statistic === 'total' ? nHat * nHat : 1;
    out[j] = at(vcov, j * p + j) / (base * scale);
  });
  return out;
}

/** Kish's design effect due to unequal weighting, n·Σw²/(Σw)² (Kish 1965, §11.7). */
export function kishDesignEffect(weights: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = at(weights, i);
    if (w === 0) continue;
    s += w;
    s2 += w * w;
    n++;
  }
  return (n * s2) / (s * s);
}

/** Kish's effective sample size (Σw)²/Σw². */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = at(weights, i);
    s += w;
    s2 += w * w;
  }
  return (s * s) / s2;
}

/**
 * Margin of error as Gallup reports it: the half-width of the `level` interval of a proportion
 * at p (0.5, the maximum), inflated by the design effect — z·√(deff·p(1−p)/n).
 */
export function marginOfError(n: number, deff = 1, level = 0.95, p = 0.5): number {
  const z = -qnorm((1 - level) / 2);
  return z * Math.sqrt((deff * p * (1 - p)) / n);
}

/** Plain weighted population-variance value (no SE), used for design effects. */
export function weightedVariance(weights: ArrayLike<number>, values: ArrayLike<number>): number {
  const total = sum(weights);
  let s = 0;
  for (let i = 0; i < weights.length; i++) if (at(weights, i) !== 0) s += at(weights, i) * at(values, i);
  const mean = s / total;
  let ss = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = at(weights, i);
    if (w === 0) continue;
    const d = at(values, i) - mean;
    ss += w * d * d;
  }
  const n = countNonZero(weights);
  return (ss / total) * (n / (n - 1));
}
