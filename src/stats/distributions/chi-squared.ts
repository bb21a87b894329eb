import { regularizedGammaLower, regularizedGammaUpper } from './incomplete-gamma.ts';

/**
 * Chi-squared distribution function with `df` degrees of freedom: P(X ≤ x) = P(df/2, x/2), the
 * regularized incomplete gamma; the upper tail uses Q directly. Reference: A&S 26.4.19.
 */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN;
  if (x <= 0) return lowerTail ? 0 : 1;
  return lowerTail ? regularizedGammaLower(df / 2, x / 2) : regularizedGammaUpper(df / 2, x / 2);
}
