/**
 * Minimum detectable change of a share between two independent waves of one country:
 *
 *   MDC = (z₁₋α/₂ + z₁₋β) · √( deff · p(1 − p) · (1/n₁ + 1/n₂) )
 *
 * the smallest true change a two-sided z test at level α detects with probability 1 − β, for
 * a share near p (p = 0.5 is the worst case), with the design effect inflating the variance of
 * simple random sampling (Kish 1965, *Survey Sampling*, §2.8 and §8.2; Cohen 1988, ch. 6).
 * With α = 0.05, power 0.8, p = 0.5, deff = 1 and n₁ = n₂ = 1000: 2.8016 · √(0.5/1000) = 0.0626.
 *
 * Kept here because dashboards/ may import only src/indicators and src/instrument; when those
 * re-export the statistics engine's power functions, this formula should give way to them.
 */

/**
 * Standard normal quantiles, from R (`qnorm(1 - alpha/2)`, `qnorm(power)`) to full precision:
 * simple-statistics' `probit` is an approximation off by about 3e-3 at 0.975, too coarse here,
 * and dashboards/ may not import src/stats' `qnorm`. Other levels are refused, not approximated.
 */
const Z_TWO_SIDED: Readonly<Record<string, number>> = {
  '0.1': 1.6448536269514722,
  '0.05': 1.959963984540054,
  '0.01': 2.5758293035489004,
};
const Z_POWER: Readonly<Record<string, number>> = { '0.8': 0.8416212335729143, '0.9': 1.2815515655446004 };

export interface MdcOptions {
  readonly alpha?: number;
  readonly power?: number;
  /** The share the variance is taken at; default 0.5 (largest variance). */
  readonly p?: number;
}

export function minimumDetectableChange(n1: number, n2: number, deff: number, options: MdcOptions = {}): number {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const p = options.p ?? 0.5;
  if (!(n1 > 0 && n2 > 0)) throw new RangeError(`sample sizes must be positive (got ${n1}, ${n2})`);
  if (!(deff > 0)) throw new RangeError(`design effect must be positive (got ${deff})`);
  const za = Z_TWO_SIDED[String(alpha)];
  const zb = Z_POWER[String(power)];
  if (za === undefined) throw new RangeError(`alpha ${alpha} not supported (${Object.keys(Z_TWO_SIDED).join(', ')})`);
  if (zb === undefined) throw new RangeError(`power ${power} not supported (${Object.keys(Z_POWER).join(', ')})`);
  const z = za + zb;
  return z * Math.sqrt(deff * p * (1 - p) * (1 / n1 + 1 / n2));
}
