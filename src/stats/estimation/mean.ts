import { degreesOfFreedom, withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { linearizedVcov } from '../variance/linearization.ts';
import { completeCaseWeights, countNonZero, sum } from './complete-cases.ts';
import { designEffects, type DeffKind } from './design-effect.ts';
import type { SurveyStatistic, Variable } from './types.ts';
import { at } from '../checked.ts';

export interface EstimateOptions {
  /** Design effect against simple random sampling without (`srswor`) or with (`replace`) replacement. */
  readonly deff?: DeffKind;
}

/** Point estimates and unprojected influence values of an estimator. */
export interface EstimatorParts {
  readonly estimate: Float64Array;
  readonly influence: Float64Array[];
}

/** Means ȳ = Σ w y / Σ w and influence z_i = w_i (y_i − ȳ)/Σw, for weights w (0 = left out). */
export function meanParts(w: Float64Array, variables: readonly Variable[]): EstimatorParts {
  const n = w.length;
  const total = sum(w);
  if (!(total > 0)) throw new SurveyError('empty_domain', `no rows with positive weight for ${names(variables)}`);
  const estimate = new Float64Array(variables.length);
  const influence = variables.map((v, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (at(w, i) !== 0) s += at(w, i) * at(v.values, i);
    const mean = s / total;
    estimate[j] = mean;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const wi = at(w, i);
      if (wi !== 0) z[i] = (wi * (at(v.values, i) - mean)) / total;
    }
    return z;
  });
  return { estimate, influence };
}

/** Totals T = Σ w y and influence z_i = w_i y_i. */
export function totalParts(w: Float64Array, variables: readonly Variable[]): EstimatorParts {
  const n = w.length;
  const estimate = new Float64Array(variables.length);
  const influence = variables.map((v, j) => {
    const z = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const wi = at(w, i);
      if (wi !== 0) {
        const zi = wi * at(v.values, i);
        z[i] = zi;
        s += zi;
      }
    }
    estimate[j] = s;
    return z;
  });
  return { estimate, influence };
}

/**
 * Weighted (Hájek) means ȳ = Σ w y / Σ w of several variables jointly, with influence values
 * z_i = w_i (y_i − ȳ)/Σw and their linearisation covariance (R: `svymean`). Rows missing any of
 * the variables are left out (weight 0).
 */
export function surveyMean(
  design: SurveyDesign,
  variables: readonly Variable[],
  options: EstimateOptions = {},
): SurveyStatistic {
  return assemble(design, variables, 'mean', options);
}

/** Weighted (Horvitz–Thompson) totals T = Σ w y with influence z_i = w_i y_i (R: `svytotal`). */
export function surveyTotal(
  design: SurveyDesign,
  variables: readonly Variable[],
  options: EstimateOptions = {},
): SurveyStatistic {
  return assemble(design, variables, 'total', options);
}

function assemble(
  design: SurveyDesign,
  variables: readonly Variable[],
  statistic: 'mean' | 'total',
  options: EstimateOptions,
): SurveyStatistic {
  const w = completeCaseWeights(design, variables);
  const { estimate, influence } = statistic === 'mean' ? meanParts(w, variables) : totalParts(w, variables);
  const sub = withWeights(design, w);
  const vcov = linearizedVcov(sub, influence);
  const stat: SurveyStatistic = {
    names: variables.map((v) => v.name),
    estimate,
    vcov,
    df: degreesOfFreedom(design),
    n: countNonZero(w),
    influence,
  };
  if (!options.deff) return stat;
  return { ...stat, deff: designEffects(sub, variables, vcov, options.deff, statistic) };
}

function names(variables: readonly Variable[]): string {
  return variables.map((v) => v.name).join(', ');
}
