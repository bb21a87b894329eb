import { pt } from '../distributions/student-t.ts';
import { criticalValue } from '../intervals/quantile.ts';

/**
 * An estimated effect in reporting units (percentage points when `scale` is 100 and the outcome
 * is a 0/1 share): estimate, SE, two-sided t test and interval with `df` degrees of freedom.
 */
export interface Effect {
  readonly estimate: number;
  readonly se: number;
  readonly ci: [number, number];
  readonly df: number;
  readonly t: number;
  readonly p: number;
  readonly level: number;
}

/** Builds an Effect from an estimate and SE on the outcome's scale, multiplied by `scale`. */
export function effectOf(estimate: number, se: number, df: number, level: number, scale: number): Effect {
  const e = estimate * scale;
  const s = se * scale;
  const q = criticalValue(level, df);
  const t = estimate / se;
  return { estimate: e, se: s, ci: [e - q * s, e + q * s], df, t, p: 2 * pt(-Math.abs(t), df), level };
}
