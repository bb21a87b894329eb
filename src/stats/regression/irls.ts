import { SurveyError } from '../errors.ts';
import type { GlmFamily } from './family.ts';
import { weightedLeastSquares } from './least-squares.ts';
import { at, atF64, float64 } from '../checked.ts';

export interface IrlsFit {
  readonly coefficients: Float64Array;
  /** (XᵀWX)⁻¹ from the last iteration's working weights (R: `summary(fit)$cov.unscaled`). */
  readonly unscaled: Float64Array;
  /** Working weights w·μη²/V(μ) of the last iteration (R: `fit$weights`); 0 for unused rows. */
  readonly workingWeights: Float64Array;
  /** Working residuals (y − μ)/μη at the final fit (R: `resid(fit, "working")`). */
  readonly workingResiduals: Float64Array;
  readonly mu: Float64Array;
  readonly deviance: number;
  readonly iterations: number;
}

export interface IrlsControl {
  /** Relative deviance change that stops the iterations (R's `glm.control(epsilon=)`). */
  readonly epsilon: number;
  readonly maxit: number;
}

/**
 * Iteratively reweighted least squares exactly as R's `glm.fit` runs it: start from the family's
 * `mustart`, regress the working response η + (y − μ)/μη on X with working weights w·μη²/V(μ),
 * and stop when |D − D_old|/(|D| + 0.1) < ε. The unscaled covariance and the working weights are
 * those of the last iteration, as R keeps them, so the sandwich variance matches R's to rounding.
 * Rows with prior weight w = 0 take no part. Reference: McCullagh & Nelder (1989) §2.5; R
 * src/library/stats/R/glm.R.
 */
export function fitIrls(
  columns: readonly Float64Array[],
  names: readonly string[],
  response: ArrayLike<number>,
  weights: ArrayLike<number>,
  family: GlmFamily,
  control: IrlsControl,
): IrlsFit {
  const y = float64(response);
  const w = float64(weights);
  const n = y.length;
  const p = columns.length;
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = family.link(family.start(atF64(y, i), atF64(w, i)));
    mu[i] = family.inverse(atF64(eta, i));
  }
  const deviance = (): number => {
    let d = 0;
    for (let i = 0; i < n; i++) if (atF64(w, i) > 0) d += family.deviance(atF64(y, i), atF64(mu, i), atF64(w, i));
    return d;
  };
  let devold = deviance();
  const ww = new Float64Array(n);
  const z = new Float64Array(n);
  let coefficients: Float64Array = new Float64Array(p);
  let unscaled: Float64Array = new Float64Array(p * p);
  let dev = devold;
  let iterations = 0;
  let converged = false;
  for (let iter = 1; iter <= control.maxit; iter++) {
    iterations = iter;
    for (let i = 0; i < n; i++) {
      const wi = atF64(w, i);
      const me = family.muEta(atF64(eta, i));
      if (!(wi > 0) || me === 0) {
        ww[i] = 0;
        continue;
      }
      z[i] = atF64(eta, i) + (atF64(y, i) - atF64(mu, i)) / me;
      ww[i] = (wi * me * me) / family.variance(atF64(mu, i));
    }
    const fit = weightedLeastSquares(columns, z, ww, names);
    coefficients = fit.coefficients;
    unscaled = fit.unscaled;
    // x_iᵀβ column by column (the same sum, in the same order, as row by row: k ascending).
    eta.fill(0);
    for (let k = 0; k < p; k++) {
      const xk = at(columns, k);
      const bk = atF64(coefficients, k);
      for (let i = 0; i < n; i++) eta[i] = atF64(eta, i) + atF64(xk, i) * bk;
    }
    for (let i = 0; i < n; i++) {
      mu[i] = family.inverse(atF64(eta, i));
      if (atF64(w, i) > 0 && !family.validMu(atF64(mu, i))) {
        throw new SurveyError(
          'singular',
          `the ${family.name} fit diverged (fitted mean ${mu[i]} in row ${i + 1}): the outcome may be perfectly separated`,
        );
      }
    }
    dev = deviance();
    if (!Number.isFinite(dev)) throw new SurveyError('singular', `the ${family.name} fit diverged (deviance ${dev})`);
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < control.epsilon) {
      converged = true;
      break;
    }
    devold = dev;
  }
  if (!converged) {
    throw new SurveyError(
      'singular',
      `the ${family.name} fit did not converge in ${control.maxit} iterations (perfect separation?)`,
    );
  }
  for (let i = 0; i < n; i++) {
    if (atF64(w, i) > 0 && family.atBoundary(atF64(mu, i))) {
      throw new SurveyError(
        'singular',
        `the ${family.name} fit put a fitted probability at 0 or 1 (row ${i + 1}): the outcome is perfectly separated by the model; drop or merge the separating term`,
      );
    }
  }
  const workingResiduals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (atF64(w, i) > 0) workingResiduals[i] = (atF64(y, i) - atF64(mu, i)) / family.muEta(atF64(eta, i));
  }
  return { coefficients, unscaled, workingWeights: ww, workingResiduals, mu, deviance: dev, iterations };
}
