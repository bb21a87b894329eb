import type { SurveyDesign } from '../design/types.ts';
import { multistageVariance } from './multistage.ts';
import { projectAdjustments } from './projection.ts';

/**
 * Taylor-linearisation variance-covariance matrix (p × p, row-major) of estimators whose
 * influence values (one column of n rows per estimator) are `z`: the weighting adjustments are
 * projected out first, then the stratified multi-stage variance of the totals is taken
 * (Binder 1983; Wolter 2007 ch. 6; R `survey:::svyrecvar`).
 */
export function linearizedVcov(design: SurveyDesign, z: readonly Float64Array[]): Float64Array {
  const projected = design.adjustments.length > 0 ? projectAdjustments(design, z) : z;
  return multistageVariance(design, projected);
}
