import { SurveyError } from '../errors.ts';
import type { SurveyStatistic } from './types.ts';

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
      throw new SurveyError('invalid_argument', `contrast names "${name}", which is not among the estimates (${stat.names.join(', ')})`);
    }
    c[k] = value;
  }
  let estimate = 0;
  for (let k = 0; k < p; k++) estimate += (c[k] ?? 0) * (stat.estimate[k] ?? 0);
  let variance = 0;
  for (let a = 0; a < p; a++) {
    const ca = c[a] ?? 0;
    if (ca === 0) continue;
    for (let b = 0; b < p; b++) variance += ca * (stat.vcov[a * p + b] ?? 0) * (c[b] ?? 0);
  }
  return { estimate, variance, se: Math.sqrt(Math.max(variance, 0)) };
}
