/** A named numeric variable over the n rows of a design; NaN marks a missing value. */
import { at } from '../checked.ts';
export interface Variable {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/**
 * Estimates of one or more quantities with their joint linearisation variance. `influence`
 * holds the (unprojected) influence values per quantity, so estimates can be stacked and
 * contrasted later (R: `influence=TRUE`, `svyby(covmat=TRUE)`).
 */
export interface SurveyStatistic {
  readonly names: readonly string[];
  readonly estimate: Float64Array;
  /** p × p, row-major. */
  readonly vcov: Float64Array;
  /** Design degrees of freedom (PSUs − strata over rows with non-zero weight). */
  readonly df: number;
  /** Rows with non-zero weight that entered the estimate. */
  readonly n: number;
  /** Absent when the estimate was computed from cell aggregates (see domain-aggregated.ts). */
  readonly influence?: readonly Float64Array[];
  /** Design effects, when asked for. */
  readonly deff?: Float64Array;
}

/** Standard errors √diag(V) of a statistic. */
export function standardErrors(stat: Pick<SurveyStatistic, 'vcov' | 'estimate'>): Float64Array {
  const p = stat.estimate.length;
  const se = new Float64Array(p);
  for (let i = 0; i < p; i++) se[i] = Math.sqrt(Math.max(at(stat.vcov, i * p + i), 0));
  return se;
}

/** Domain estimates: every domain × variable with their joint covariance. */
export interface DomainStatistic {
  /** Labels of the domains that have rows, in factor order. */
  readonly domains: readonly string[];
  /** Estimates for every domain × variable (domain-major), with their joint covariance. */
  readonly joint: SurveyStatistic;
  /** Rows with non-zero weight per domain. */
  readonly n: readonly number[];
}
