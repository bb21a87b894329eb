import { incompleteBeta } from './incomplete-beta.ts';
import { logBeta } from './log-gamma.ts';
import { dnorm, pnorm, qnorm } from './normal.ts';

/**
 * Student t distribution function with `df` degrees of freedom (df = Infinity gives the normal).
 * P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½) for t > 0, so both tails keep full relative accuracy.
 * Reference: Abramowitz & Stegun 26.7.1.
 */
export function pt(t: number, df: number, lowerTail = true): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (df === Infinity) return pnorm(t, lowerTail);
  if (t === Infinity) return lowerTail ? 1 : 0;
  if (t === -Infinity) return lowerTail ? 0 : 1;
  const t2 = t * t;
  const { lower } = incompleteBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
  const tail = 0.5 * lower;
  const upperSide = lowerTail ? t < 0 : t > 0;
  return upperSide ? tail : 1 - tail;
}

/** Student t density. */
export function dt(t: number, df: number): number {
  if (df === Infinity) return dnorm(t);
  return Math.exp(-((df + 1) / 2) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - logBeta(df / 2, 0.5));
}

/**
 * Student t quantile: the t with P(T ≤ t) = p. Newton iterations on the tail probability
 * (computed to full relative accuracy by `pt`) from a normal starting value, safeguarded by
 * bisection; converges to about 1e-15 relative.
 */
export function qt(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  if (df === Infinity) return qnorm(p);
  if (p === 0.5) return 0;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Solve for the positive quantile of the smaller tail probability.
  const tail = p < 0.5 ? p : 1 - p;
  const sign = p < 0.5 ? -1 : 1;
  let lo = 0;
  let hi = Infinity;
  let t = Math.max(-qnorm(tail), 1e-8);
  for (let i = 0; i < 200; i++) {
    const f = pt(t, df, false) - tail; // decreasing in t
    if (f > 0) lo = t;
    else hi = t;
    const next = t + f / dt(t, df);
    const bracketed = next > lo && next < hi;
    const candidate = bracketed ? next : hi === Infinity ? 2 * t + 1 : (lo + hi) / 2;
    if (Math.abs(candidate - t) <= 1e-15 * Math.abs(t)) {
      t = candidate;
      break;
    }
    t = candidate;
  }
  return sign * t;
}
