import { degreesOfFreedom } from '../design/modify.ts';
import { pnorm, qnorm } from '../distributions/normal.ts';
import { qt } from '../distributions/student-t.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { completeCaseWeights, countNonZero } from '../estimation/complete-cases.ts';
import { surveyMean } from '../estimation/mean.ts';
import type { Variable } from '../estimation/types.ts';
import { linearizedVcov } from '../variance/linearization.ts';
import { exactLikelihoodInterval, profileLikelihoodInterval, type ProfileInput } from './likelihood.ts';
import { fitInterceptLogit } from './logit-glm.ts';
import {
  asinInterval,
  betaInterval,
  expit,
  meanInterval,
  wilsonInterval,
  xlogitInterval,
} from './simple-proportion.ts';
import { atF64, float64 } from '../checked.ts';

/** The interval methods of R's `svyciprop`, plus `wilson` (design-effect-adjusted n) and `likelihood-exact`. */
export type ProportionMethod =
  'logit' | 'likelihood' | 'likelihood-exact' | 'asin' | 'beta' | 'mean' | 'xlogit' | 'wilson';

export interface ProportionOptions {
  readonly level?: number;
  /** Degrees of freedom of the quantile; default the design df; Infinity for the normal. */
  readonly df?: number;
}

export interface ProportionInterval {
  readonly estimate: number;
  /** Linearisation SE of the weighted mean (R reports this for every method). */
  readonly se: number;
  readonly ci: [number, number];
  readonly level: number;
  readonly df: number;
  readonly n: number;
}

/**
 * A confidence interval for a proportion (the weighted mean of a 0/1 variable), as R's
 * `svyciprop` computes it. `logit` and `likelihood` go through the quasi-binomial fit, so their
 * centre is R's glm estimate; the others are closed forms around the weighted mean.
 */
export function proportionInterval(
  design: SurveyDesign,
  variable: Variable,
  method: ProportionMethod,
  options: ProportionOptions = {},
): ProportionInterval {
  const level = options.level ?? 0.95;
  const designDf = degreesOfFreedom(design);
  const df = options.df ?? designDf;
  const mean = surveyMean(design, [variable]);
  const p = mean.estimate[0] ?? Number.NaN;
  const se = Math.sqrt(atF64(mean.vcov, 0));
  const input = { p, se, level, df };
  const base = { se, level, df, n: mean.n };
  switch (method) {
    case 'mean':
      return { ...base, estimate: p, ci: meanInterval(input) };
    case 'asin':
      return { ...base, estimate: p, ci: asinInterval(input) };
    case 'xlogit':
      return { ...base, estimate: p, ci: xlogitInterval(input) };
    case 'wilson':
      return { ...base, estimate: p, ci: wilsonInterval(input) };
    case 'beta':
      return { ...base, df: designDf, estimate: p, ci: betaInterval(p, se, level, mean.n, designDf) };
    case 'logit':
    case 'likelihood':
    case 'likelihood-exact': {
      const profile = logisticProfileInput(design, variable, level, df);
      if (method === 'logit') {
        // confint.svyglm(method="Wald"): a normal interval at the level whose z equals t.
        const q = df === Infinity ? qnorm((1 - level) / 2) : qt((1 - level) / 2, df);
        const tlevel = 1 - 2 * pnorm(q);
        const a = (1 - tlevel) / 2;
        return {
          ...base,
          estimate: expit(profile.coefficient),
          ci: [
            expit(profile.coefficient + profile.se * qnorm(a)),
            expit(profile.coefficient + profile.se * qnorm(1 - a)),
          ],
        };
      }
      const [lo, hi] = method === 'likelihood' ? profileLikelihoodInterval(profile) : exactLikelihoodInterval(profile);
      return { ...base, estimate: expit(profile.coefficient), ci: [expit(lo), expit(hi)] };
    }
  }
}

/**
 * Everything the logistic intervals need: R's glm estimate and deviance, the design-based SE of
 * the coefficient (influence r_w·w_IRLS/Σw_IRLS, R `svy.varcoef`), the dispersion φ = svyvar of
 * the Pearson residuals, and λ = design variance / model variance.
 */
export function logisticProfileInput(
  design: SurveyDesign,
  variable: Variable,
  level: number,
  df: number,
): ProfileInput {
  const w = completeCaseWeights(design, [variable]);
  const values = float64(variable.values);
  const n = design.n;
  let wsum = 0;
  let rows = 0;
  for (let i = 0; i < n; i++) {
    if (atF64(w, i) !== 0) {
      wsum += atF64(w, i);
      rows++;
      const yi = atF64(values, i);
      if (yi < 0 || yi > 1)
        throw new SurveyError(
          'invalid_argument',
          `${variable.name} must lie in [0, 1] for a proportion interval (row ${i + 1}: ${yi})`,
        );
    }
  }
  const mw = wsum / rows;
  const prior = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    prior[i] = atF64(w, i) / mw;
    y[i] = atF64(w, i) === 0 ? 0 : atF64(values, i);
  }
  const fit = fitInterceptLogit(y, prior);
  const mu = fit.mu;
  let wwSum = 0;
  for (let i = 0; i < n; i++) wwSum += atF64(fit.workingWeights, i);
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ww = atF64(fit.workingWeights, i);
    if (ww !== 0) influence[i] = (((atF64(y, i) - mu) / fit.muEta) * ww) / wwSum;
  }
  const sub = { ...design, weights: w };
  const vb = atF64(linearizedVcov(sub, [influence]), 0);
  // Pearson residuals as residuals.svyglm defines them, (y − μ)/√(μ(1−μ)) (the prior weights
  // are the design weights, so their factor cancels), and their svyvar.
  const pearson = new Float64Array(n);
  for (let i = 0; i < n; i++) pearson[i] = (atF64(y, i) - mu) / Math.sqrt(mu * (1 - mu));
  let rbar = 0;
  for (let i = 0; i < n; i++) rbar += atF64(w, i) * atF64(pearson, i);
  rbar /= wsum;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = atF64(pearson, i) - rbar;
    ss += atF64(w, i) * d * d;
  }
  const nz = countNonZero(w);
  const dispersion = (ss / wsum) * (nz / (nz - 1));
  return {
    y,
    priorWeights: prior,
    coefficient: fit.coefficient,
    deviance: fit.deviance,
    se: Math.sqrt(vb),
    dispersion,
    lambda: vb * wwSum,
    level,
    df,
    rows,
  };
}
