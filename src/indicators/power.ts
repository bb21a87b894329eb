/**
 * Minimum detectable change of a share between two independent waves of one country, as the
 * dashboards publish it: the statistics engine's `mdeOfCells` (src/stats/impact/power.ts, the
 * one implementation; normal quantiles from `qnorm`) with two cells of share p (default 0.5, the
 * largest variance) and the design effect:
 *
 *   MDC = (z₁₋α/₂ + z₁₋β) · √( deff · p(1 − p) · (1/n₁ + 1/n₂) )
 *
 * (Kish 1965 §2.8 and §8.2; Bloom 1995). With α = 0.05, power 0.8, p = 0.5, deff = 1 and
 * n₁ = n₂ = 1000: 2.8016 · √(0.5/1000) = 0.0626. Re-exported here because dashboards/ may
 * import src/indicators but not src/stats.
 */
import { mdeOfCells } from '../stats/index.ts';

export interface MdcOptions {
  readonly alpha?: number;
  readonly power?: number;
  /** The share the variance is taken at; default 0.5 (largest variance). */
  readonly p?: number;
}

export function minimumDetectableChange(n1: number, n2: number, deff: number, options: MdcOptions = {}): number {
  const p = options.p ?? 0.5;
  return mdeOfCells(
    [
      { p, n: n1 },
      { p, n: n2 },
    ],
    {
      deff,
      ...(options.alpha !== undefined ? { alpha: options.alpha } : {}),
      ...(options.power !== undefined ? { power: options.power } : {}),
    },
  ).mde;
}
