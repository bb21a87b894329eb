import { incompleteBeta } from './incomplete-beta.ts';

/**
 * F distribution function with (df1, df2) degrees of freedom, non-integer allowed:
 * P(F ≤ f) = I_{df1·f/(df1·f+df2)}(df1/2, df2/2); the upper tail is the complementary function
 * evaluated directly. df2 = Infinity gives the scaled chi-squared limit.
 * Reference: Abramowitz & Stegun 26.6.2.
 */
export function pf(f: number, df1: number, df2: number, lowerTail = true): number {
  if (Number.isNaN(f) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (f <= 0) return lowerTail ? 0 : 1;
  if (f === Infinity) return lowerTail ? 1 : 0;
  const num = df1 * f;
  const tails = incompleteBeta(num / (num + df2), df2 / (num + df2), df1 / 2, df2 / 2);
  return lowerTail ? tails.lower : tails.upper;
}
