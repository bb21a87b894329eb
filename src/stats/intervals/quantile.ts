import { qnorm } from '../distributions/normal.ts';
import { qt } from '../distributions/student-t.ts';

/**
 * The two-sided critical value for a `level` interval: qt(1 − α/2, df), or the normal quantile
 * when df is Infinity (R's `confint(..., df=)`; df = Inf is its default).
 */
export function criticalValue(level: number, df: number): number {
  const a = (1 - level) / 2;
  return df === Infinity ? -qnorm(a) : -qt(a, df);
}

/** Symmetric Wald interval estimate ± t·se. */
export function waldInterval(estimate: number, se: number, level: number, df: number): [number, number] {
  const t = criticalValue(level, df);
  return [estimate - t * se, estimate + t * se];
}
