import { qbeta } from '../distributions/beta.ts';
import { pnorm, qnorm } from '../distributions/normal.ts';
import { qt } from '../distributions/student-t.ts';
import { binomialDeviance, logitLinkInverse } from './logit-glm.ts';
import { approxLinear, equallySpaced, evaluateSpline, fmmSpline } from './spline.ts';
import { at } from '../checked.ts';

/** What the profile-likelihood interval needs from the quasi-binomial fit. */
export interface ProfileInput {
  readonly y: ArrayLike<number>;
  /** Prior weights (design weights rescaled to mean 1). */
  readonly priorWeights: ArrayLike<number>;
  readonly coefficient: number;
  readonly deviance: number;
  /** Design-based (sandwich) SE of the logit coefficient. */
  readonly se: number;
  /** Quasi-binomial dispersion φ. */
  readonly dispersion: number;
  /** λ = design variance / model variance of the coefficient. */
  readonly lambda: number;
  readonly level: number;
  readonly df: number;
  /** Rows in the fit (R: NROW(Y)), for the F quantile that bounds the profile. */
  readonly rows: number;
}

/** Upper-tail F quantile via the beta quantile: F = d2(1 − Y)/(d1 Y), Y ~ Beta(d2/2, d1/2). */
function qfUpper(p: number, d1: number, d2: number): number {
  const yq = qbeta(p, d2 / 2, d1 / 2);
  return (d2 * (1 - yq)) / (d1 * yq);
}

/**
 * The likelihood interval as survey 4.1 computes it (`confint.svyglm(method="likelihood")`):
 * the scaled deviance z(b) = ±√((D(b) − D(b̂))/φ) is profiled at up to 9 steps of zmax/5 standard
 * errors each side (zmax = √F_{1, n−1; α}), a fmm cubic spline b ↦ z is evaluated on 3× as many
 * equally spaced points, and the interval endpoints are read off it by linear interpolation at
 * z = ±t·√λ. Returned on the logit scale.
 */
export function profileLikelihoodInterval(input: ProfileInput): [number, number] {
  const { y, priorWeights, coefficient: b0, deviance: d0, se, dispersion, lambda, level, df, rows } = input;
  const tq = df === Infinity ? qnorm((1 - level) / 2) : qt((1 - level) / 2, df);
  const alpha = pnorm(tq * Math.sqrt(lambda)) / 2;
  const zmax = Math.sqrt(qfUpper(alpha, 1, rows - 1));
  const del = zmax / 5;
  const bs: number[] = [b0];
  const zs: number[] = [0];
  for (const sgn of [-1, 1]) {
    let step = 0;
    let z = 0;
    while (++step < 10 && Math.abs(z) < zmax) {
      const bi = b0 + sgn * step * del * se;
      const dev = binomialDeviance(y, priorWeights, logitLinkInverse(bi));
      let zz = (dev - d0) / dispersion;
      if (zz > -0.001) zz = Math.max(zz, 0);
      else throw new RangeError('profiling found a better solution: the logistic fit had not converged');
      z = sgn * Math.sqrt(zz);
      bs.push(bi);
      zs.push(z);
    }
  }
  const order = zs.map((_, i) => i).sort((a, b) => at(zs, a) - at(zs, b));
  const px = order.map((i) => at(bs, i));
  const pz = order.map((i) => at(zs, i));
  // spline() sorts its points by x.
  const byX = px.map((_, i) => i).sort((a, b) => at(px, a) - at(px, b));
  const sx = byX.map((i) => at(px, i));
  const sz = byX.map((i) => at(pz, i));
  const coef = fmmSpline(sx, sz);
  const grid = equallySpaced(at(sx, 0), at(sx, sx.length - 1), 3 * sx.length);
  const zGrid = evaluateSpline(coef, grid);
  const unscaled = 2 * alpha;
  return [approxLinear(zGrid, grid, qnorm(unscaled)), approxLinear(zGrid, grid, -qnorm(unscaled))];
}

/**
 * The exact likelihood interval: the roots of (D(b) − D(b̂))/φ = t²·λ on each side of b̂, found
 * by bisection to machine precision (what R's spline approximates). Logit scale.
 */
export function exactLikelihoodInterval(input: ProfileInput): [number, number] {
  const { y, priorWeights, coefficient: b0, deviance: d0, se, dispersion, lambda, level, df } = input;
  const tq = df === Infinity ? qnorm((1 - level) / 2) : qt((1 - level) / 2, df);
  const target = tq * tq * lambda * dispersion;
  const g = (b: number): number => binomialDeviance(y, priorWeights, logitLinkInverse(b)) - d0 - target;
  const root = (inside: number, outside: number): number => {
    let a = inside;
    let c = outside;
    for (let i = 0; i < 200; i++) {
      const m = (a + c) / 2;
      if (m === a || m === c) break;
      if (g(m) < 0) a = m;
      else c = m;
    }
    return (a + c) / 2;
  };
  return [root(b0, b0 - 50 * se), root(b0, b0 + 50 * se)];
}
