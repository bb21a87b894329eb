import type { SurveyDesign } from '../design/types.ts';
import { completeCaseWeights, countNonZero, sum } from './complete-cases.ts';
import { surveyMean } from './mean.ts';
import type { SurveyStatistic, Variable } from './types.ts';

/**
 * Estimated population variance s² = Σ w (y − ȳ)² / Σ w · n/(n − 1), n the number of rows with
 * non-zero weight, with its linearisation SE treating ȳ as fixed (R: `svyvar`).
 */
export function surveyVariance(design: SurveyDesign, variable: Variable): SurveyStatistic {
  const mean = surveyMean(design, [variable]).estimate[0] ?? 0;
  const w = completeCaseWeights(design, [variable]);
  const n = countNonZero(w);
  const squares = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    const d = (variable.values[i] ?? 0) - mean;
    squares[i] = (d * d * n) / (n - 1);
  }
  return surveyMean(design, [{ name: variable.name, values: squares.map((v, i) => (Number.isNaN(variable.values[i] ?? 0) ? Number.NaN : v)) }]);
}

/** Plain weighted population-variance value (no SE), used for design effects. */
export function weightedVariance(weights: ArrayLike<number>, values: ArrayLike<number>): number {
  const total = sum(weights);
  let s = 0;
  for (let i = 0; i < weights.length; i++) if ((weights[i] ?? 0) !== 0) s += (weights[i] ?? 0) * (values[i] ?? 0);
  const mean = s / total;
  let ss = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    if (w === 0) continue;
    const d = (values[i] ?? 0) - mean;
    ss += w * d * d;
  }
  const n = countNonZero(weights);
  return (ss / total) * (n / (n - 1));
}
