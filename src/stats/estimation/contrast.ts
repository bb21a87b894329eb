import { pnorm, qnorm } from '../distributions/normal.ts';
import { SurveyError } from '../errors.ts';
import type { SurveyStatistic } from './types.ts';
import { at } from '../checked.ts';

export interface ContrastResult {
  readonly estimate: number;
  readonly variance: number;
  readonly se: number;
}

/**
 * A linear contrast Σ c_k θ_k of jointly estimated quantities with variance cᵀ V c
 * (R: `svycontrast`). `coefficients` maps estimate names to weights; names not listed get 0.
 */
export function linearContrast(stat: SurveyStatistic, coefficients: Readonly<Record<string, number>>): ContrastResult {
  const p = stat.names.length;
  const c = new Float64Array(p);
  for (const [name, value] of Object.entries(coefficients)) {
    const k = stat.names.indexOf(name);
    if (k < 0) {
      throw new SurveyError(
        'invalid_argument',
        `contrast names "${name}", which is not among the estimates (${stat.names.join(', ')})`,
      );
    }
    c[k] = value;
  }
  let estimate = 0;
  for (let k = 0; k < p; k++) estimate += at(c, k) * at(stat.estimate, k);
  let variance = 0;
  for (let a = 0; a < p; a++) {
    const ca = at(c, a);
    if (ca === 0) continue;
    for (let b = 0; b < p; b++) variance += ca * at(stat.vcov, a * p + b) * at(c, b);
  }
  return { estimate, variance, se: Math.sqrt(Math.max(variance, 0)) };
}

export interface IndependentDifference {
  readonly difference: number;
  readonly se: number;
  readonly z: number;
  readonly p: number;
  readonly ci: [number, number];
}

/**
 * Difference of two estimates from INDEPENDENT samples (e.g. two survey waves): d = θ₁ − θ₂,
 * SE = √(SE₁² + SE₂²), z = d/SE with a two-sided normal p-value and interval.
 */
export function independentDifference(
  e1: number,
  se1: number,
  e2: number,
  se2: number,
  level = 0.95,
): IndependentDifference {
  const difference = e1 - e2;
  const se = Math.sqrt(se1 * se1 + se2 * se2);
  const z = difference / se;
  const q = -qnorm((1 - level) / 2);
  return { difference, se, z, p: 2 * pnorm(-Math.abs(z)), ci: [difference - q * se, difference + q * se] };
}
