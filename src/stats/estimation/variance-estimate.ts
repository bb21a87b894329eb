import type { SurveyDesign } from '../design/types.ts';
import { completeCaseWeights, countNonZero } from './complete-cases.ts';
import { surveyMean } from './mean.ts';
import type { SurveyStatistic, Variable } from './types.ts';
import { at } from '../checked.ts';

/**
 * Estimated population variance s² = Σ w (y − ȳ)² / Σ w · n/(n − 1), n the number of rows with
 * non-zero weight, with its linearisation SE treating ȳ as fixed (R: `svyvar`).
 */
export function surveyVariance(design: SurveyDesign, variable: Variable): SurveyStatistic {
  const mean = at(surveyMean(design, [variable]).estimate, 0);
  const w = completeCaseWeights(design, [variable]);
  const n = countNonZero(w);
  const squares = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    const d = at(variable.values, i) - mean;
    squares[i] = (d * d * n) / (n - 1);
  }
  return surveyMean(design, [
    { name: variable.name, values: squares.map((v, i) => (Number.isNaN(at(variable.values, i)) ? Number.NaN : v)) },
  ]);
}
