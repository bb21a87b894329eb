import { degreesOfFreedom, withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { pt } from '../distributions/student-t.ts';
import { SurveyError } from '../errors.ts';
import { weightedVariance } from '../estimation/design-effect.ts';
import { criticalValue } from '../intervals/quantile.ts';
import { linearizedVcov } from '../variance/linearization.ts';
import { GLM_FAMILIES, type GlmFamilyName } from './family.ts';
import { parseFormula } from './formula.ts';
import { fitIrls, type IrlsControl } from './irls.ts';
import { modelMatrix, type ColumnLookup } from './model-matrix.ts';
import { at, atF64 } from '../checked.ts';

export interface RegressionOptions {
  readonly family?: GlmFamilyName;
  /** Rows of the domain (R: `svyglm(..., subset=)`): the design is kept, other rows get weight 0. */
  readonly domain?: (row: number) => boolean;
  /** Confidence level of the intervals (t quantile with the residual df). Default 0.95. */
  readonly level?: number;
  /** IRLS stopping rule; default ε = 1e-14, 100 iterations (the exact optimum). */
  readonly control?: IrlsControl;
}

export interface RegressionCoefficient {
  /** R's name: `(Intercept)`, `ell`, `stypeH`, `age55+`, `treated:post`. */
  readonly term: string;
  readonly estimate: number;
  readonly se: number;
  readonly t: number;
  readonly p: number;
  readonly ci: [number, number];
}

export interface RegressionResult {
  readonly family: GlmFamilyName;
  readonly response: string;
  readonly coefficients: readonly RegressionCoefficient[];
  /** Sandwich variance of the coefficients, p × p row-major. */
  readonly vcov: Float64Array;
  /** Residual df: design df (PSUs − strata over the rows used) + 1 − p. */
  readonly df: number;
  /**
   * The design-weighted variance of the residuals (y − μ)/√V(μ), times n/(n − 1) (R's
   * `summary.svyglm`: `svyvar(resid(m, "pearson"), design)`; survey's Pearson residuals divide the
   * sampling weight back out, up to the ratio of the weight means before and after dropping
   * incomplete rows, which R leaves in).
   */
  readonly dispersion: number;
  /** Rows with positive weight that entered the fit. */
  readonly n: number;
  readonly iterations: number;
  readonly level: number;
  /** Levels of each categorical variable; the first is the reference. */
  readonly levels: Readonly<Record<string, readonly string[]>>;
}

/**
 * Design-based generalised linear regression (R: `survey::svyglm`). The coefficients solve the
 * weighted score equations Σ w_i x_i (y_i − μ_i) μη_i/V(μ_i) = 0 (the pseudo-likelihood of the
 * population fit); their variance is the linearisation (sandwich) estimator A⁻¹ V(Σ U_i) A⁻¹,
 * with U_i = x_i w_i (y_i − μ_i) μη_i/V(μ_i) and V(·) the design variance of a total — strata,
 * clusters, fpc and any calibration or raking projected out — computed on the influence values
 * U_i A⁻¹. Tests and intervals use Student's t with the design df + 1 − p. Rows missing a model
 * variable or outside `domain` keep their place in the design with weight 0.
 * References: Binder (1983) Int. Stat. Rev. 51, 279–292; Lumley (2010) Complex Surveys §5.
 */
export function surveyGlm(
  design: SurveyDesign,
  formulaText: string,
  lookup: ColumnLookup,
  options: RegressionOptions = {},
): RegressionResult {
  const family = GLM_FAMILIES[options.family ?? 'gaussian'];
  const level = options.level ?? 0.95;
  const formula = parseFormula(formulaText);
  const inDomain = options.domain ?? (() => true);
  const mm = modelMatrix(formula, lookup, design.n, inDomain);
  // R scales the weights to mean 1 over the rows of the (sub)design before dropping incomplete
  // rows (`scale`), and its Pearson residuals by the mean over the rows left (`scaleUsed`). An
  // uncalibrated subset drops the rows outside the domain; a calibrated one keeps them at weight 0.
  const calibrated = design.adjustments.length > 0;
  let sum = 0;
  let count = 0;
  let sumUsed = 0;
  let countUsed = 0;
  for (let i = 0; i < design.n; i++) {
    if (!calibrated && !inDomain(i)) continue;
    const w = inDomain(i) ? atF64(design.weights, i) : 0;
    sum += w;
    count++;
    if (mm.complete[i]) sumUsed += w;
    if (mm.complete[i] || calibrated) countUsed++;
  }
  const scale = sum / count;
  const scaleUsed = sumUsed / countUsed;
  const prior = new Float64Array(design.n);
  let n = 0;
  for (let i = 0; i < design.n; i++) {
    if (!mm.complete[i]) continue;
    prior[i] = atF64(design.weights, i) / scale;
    if (prior[i] === 0) continue;
    n++;
    family.checkResponse(atF64(mm.response, i), i, formula.response);
  }
  if (n === 0) throw new SurveyError('empty_domain', 'no rows with positive weight have every model variable');
  const fit = fitIrls(
    mm.columns,
    mm.names,
    mm.response,
    prior,
    family,
    options.control ?? { epsilon: 1e-14, maxit: 100 },
  );
  const p = mm.names.length;
  const influence = mm.names.map(() => new Float64Array(design.n));
  const row = new Float64Array(p); // x_i
  for (let i = 0; i < design.n; i++) {
    const u = atF64(fit.workingResiduals, i) * atF64(fit.workingWeights, i);
    if (u === 0) continue;
    for (let b = 0; b < p; b++) row[b] = atF64(at(mm.columns, b), i);
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += atF64(row, b) * atF64(fit.unscaled, b * p + a);
      const col = influence[a];
      if (col) col[i] = u * s;
    }
  }
  const used = withWeights(
    design,
    design.weights.map((w, i) => (mm.complete[i] ? w : 0)),
  );
  const vcov = linearizedVcov(used, influence);
  const df = degreesOfFreedom(used) + 1 - p;
  if (df < 1) {
    throw new SurveyError(
      'invalid_argument',
      `the design has ${df + p - 1} degrees of freedom, too few for ${p} coefficients`,
    );
  }
  const q = criticalValue(level, df);
  const coefficients = mm.names.map((term, k): RegressionCoefficient => {
    const estimate = fit.coefficients[k] ?? Number.NaN;
    const se = Math.sqrt(Math.max(atF64(vcov, k * p + k), 0));
    const t = estimate / se;
    return { term, estimate, se, t, p: 2 * pt(-Math.abs(t), df), ci: [estimate - q * se, estimate + q * se] };
  });
  const pearson = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    const wi = atF64(prior, i);
    if (wi > 0)
      pearson[i] =
        (atF64(mm.response, i) - atF64(fit.mu, i)) * Math.sqrt(scaleUsed / scale / family.variance(atF64(fit.mu, i)));
  }
  return {
    family: family.name,
    response: formula.response,
    coefficients,
    vcov,
    df,
    dispersion: weightedVariance(used.weights, pearson),
    n,
    iterations: fit.iterations,
    level,
    levels: mm.levels,
  };
}
