/**
 * The intercept-only logistic (quasi-binomial) fit that R's `svyglm(y ~ 1, family=quasibinomial)`
 * performs, reproduced step by step: glm.fit's IRLS from mustart = (w y + ½)/(w + 1), the logit
 * link with R's ±30 thresholds, and the stopping rule |D − D_old|/(|D| + 0.1) < 1e-8 (maxit 25).
 * Its estimate differs from the plain weighted mean by up to ~1e-10, which is why R's `logit`
 * and `likelihood` intervals are centred there. Reference: McCullagh & Nelder (1989) §2.5;
 * R src/library/stats/R/glm.R and src/library/stats/src/family.c.
 */
import { atF64, float64 } from '../checked.ts';
export interface InterceptLogitFit {
  readonly coefficient: number;
  readonly mu: number;
  readonly deviance: number;
  /** Squared working weights of the last IRLS iteration (R: `fit$weights`). */
  readonly workingWeights: Float64Array;
  /** dμ/dη at the final fit. */
  readonly muEta: number;
  readonly converged: boolean;
}

const THRESH = 30;
const EPS = 2.220446049250313e-16;

/** R's logit_linkinv. */
export function logitLinkInverse(eta: number): number {
  const t = eta < -THRESH ? EPS : eta > THRESH ? 1 / EPS : Math.exp(eta);
  return t / (1 + t);
}

/** R's logit_mu_eta. */
export function logitMuEta(eta: number): number {
  const opexp = 1 + Math.exp(eta);
  return eta > THRESH || eta < -THRESH ? EPS : Math.exp(eta) / (opexp * opexp);
}

/** y·log(y/μ), 0 at y = 0 (R's y_log_y). */
export function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}

/** Binomial deviance Σ 2 w (y log(y/μ) + (1−y) log((1−y)/(1−μ))) at a common μ. */
export function binomialDeviance(response: ArrayLike<number>, weights: ArrayLike<number>, mu: number): number {
  const y = float64(response);
  const w = float64(weights);
  let dev = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = atF64(w, i);
    if (wi === 0) continue;
    const yi = atF64(y, i);
    dev += 2 * wi * (yLogY(yi, mu) + yLogY(1 - yi, 1 - mu));
  }
  return dev;
}

/** Fits logit(μ) = β by IRLS with prior weights `w` (rows with w = 0 are ignored). */
export function fitInterceptLogit(response: ArrayLike<number>, weights: ArrayLike<number>): InterceptLogitFit {
  const y = float64(response);
  const w = float64(weights);
  const n = y.length;
  const etaRow = new Float64Array(n);
  const muRow = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const wi = atF64(w, i);
    const mustart = (wi * atF64(y, i) + 0.5) / (wi + 1);
    etaRow[i] = Math.log(mustart / (1 - mustart));
    muRow[i] = logitLinkInverse(atF64(etaRow, i));
  }
  let devold = 0;
  for (let i = 0; i < n; i++) {
    const wi = atF64(w, i);
    if (wi === 0) continue;
    const yi = atF64(y, i);
    const mu = atF64(muRow, i);
    devold += 2 * wi * (yLogY(yi, mu) + yLogY(1 - yi, 1 - mu));
  }
  const ww = new Float64Array(n);
  let coefficient = 0;
  let deviance = devold;
  let converged = false;
  for (let iter = 1; iter <= 25; iter++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const wi = atF64(w, i);
      const eta = atF64(etaRow, i);
      const mu = atF64(muRow, i);
      const me = logitMuEta(eta);
      if (wi <= 0 || me === 0) {
        ww[i] = 0;
        continue;
      }
      const z = eta + (atF64(y, i) - mu) / me;
      const w2 = (wi * me * me) / (mu * (1 - mu));
      ww[i] = w2;
      num += w2 * z;
      den += w2;
    }
    coefficient = num / den;
    const mu = logitLinkInverse(coefficient);
    etaRow.fill(coefficient);
    muRow.fill(mu);
    deviance = binomialDeviance(y, w, mu);
    if (Math.abs(deviance - devold) / (0.1 + Math.abs(deviance)) < 1e-8) {
      converged = true;
      break;
    }
    devold = deviance;
  }
  return {
    coefficient,
    mu: logitLinkInverse(coefficient),
    deviance,
    workingWeights: ww,
    muEta: logitMuEta(coefficient),
    converged,
  };
}
