import { incompleteBeta } from './incomplete-beta.ts';
import { logBeta } from './log-gamma.ts';

/** Beta(a, b) distribution function I_x(a, b) (or its complement), a, b > 0. */
export function pbeta(x: number, a: number, b: number, lowerTail = true): number {
  if (x <= 0) return lowerTail ? 0 : 1;
  if (x >= 1) return lowerTail ? 1 : 0;
  const tails = incompleteBeta(x, 1 - x, a, b);
  return lowerTail ? tails.lower : tails.upper;
}

/** Beta(a, b) density. */
export function dbeta(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b));
}

/**
 * Beta(a, b) quantile: the x with I_x(a, b) = p. Safeguarded Newton iterations on whichever tail
 * is smaller (so that p near 1 keeps its digits), bracketed in (0, 1); about 1e-15 relative.
 */
export function qbeta(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(a > 0) || !(b > 0)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const useLower = p <= 0.5;
  const target = useLower ? p : 1 - p;
  // f(x) = tail(x) − target is increasing in x for the lower tail, decreasing for the upper.
  const f = (x: number): number => {
    const tails = incompleteBeta(x, 1 - x, a, b);
    return useLower ? tails.lower - target : target - tails.upper;
  };
  let lo = 0;
  let hi = 1;
  let x = a / (a + b);
  // A few bisection steps on the log scale bring x into the Newton basin for extreme tails.
  for (let i = 0; i < 400; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0) lo = x;
    else hi = x;
    const d = dbeta(x, a, b);
    let next = d > 0 ? x - fx / d : Number.NaN;
    if (!(next > lo && next < hi)) next = lo > 0 ? Math.sqrt(lo * hi) : hi / 16;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * x || hi - lo <= 1e-16 * hi) return next;
    x = next;
  }
  return x;
}
