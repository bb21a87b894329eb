import { qbeta } from '../distributions/beta.ts';
import { qt } from '../distributions/student-t.ts';
import { criticalValue } from './quantile.ts';
import { SurveyError } from '../errors.ts';

/** Inputs every closed-form proportion interval needs: p̂, its linearisation SE, and df. */
export interface ProportionInput {
  readonly p: number;
  readonly se: number;
  readonly level: number;
  /** Degrees of freedom of the quantile (Infinity for the normal). */
  readonly df: number;
}

/** `mean`: p̂ ± t·se (R `svyciprop(method="mean")`). */
export function meanInterval({ p, se, level, df }: ProportionInput): [number, number] {
  const t = criticalValue(level, df);
  return [p - t * se, p + t * se];
}

/**
 * `asin`: sin²(asin√p̂ ± t·se/(2√(p̂(1−p̂)))), the delta method on the arcsine-square-root scale
 * (R `svyciprop(method="asin")`).
 */
export function asinInterval({ p, se, level, df }: ProportionInput): [number, number] {
  const t = criticalValue(level, df);
  const centre = Math.asin(Math.sqrt(p));
  const half = (t * se) / (2 * Math.sqrt(p * (1 - p)));
  return [Math.sin(centre - half) ** 2, Math.sin(centre + half) ** 2];
}

/** Inverse logit as the survey package writes it, 1 − 1/(1 + eˣ). */
export function expit(x: number): number {
  return 1 - 1 / (1 + Math.exp(x));
}

/**
 * `xlogit`: expit(logit p̂ ± t·se/(p̂(1−p̂))), the delta method on the logit scale
 * (R `svyciprop(method="xlogit")`).
 */
export function xlogitInterval({ p, se, level, df }: ProportionInput): [number, number] {
  const t = criticalValue(level, df);
  const centre = Math.log(p / (1 - p));
  const half = (t * se) / (p * (1 - p));
  return [expit(centre - half), expit(centre + half)];
}

/**
 * `beta` (Korn & Graubard 1998): a Clopper–Pearson interval with the effective sample size
 * n* = p̂(1−p̂)/se² · (t_{α/2, n−1}/t_{α/2, df_design})², n the number of rows:
 * [qbeta(α/2, n*p̂, n*(1−p̂)+1), qbeta(1−α/2, n*p̂+1, n*(1−p̂))]. As in R, the design df is
 * always used for the second quantile.
 */
export function betaInterval(p: number, se: number, level: number, rows: number, designDf: number): [number, number] {
  const alpha = 1 - level;
  const ratio = qt(alpha / 2, rows - 1) / qt(alpha / 2, designDf);
  const nEff = ((p * (1 - p)) / (se * se)) * ratio * ratio;
  const lo = p === 0 ? 0 : qbeta(alpha / 2, nEff * p, nEff * (1 - p) + 1);
  const hi = p === 1 ? 1 : qbeta(1 - alpha / 2, nEff * p + 1, nEff * (1 - p));
  return [lo, hi];
}

/**
 * Wilson score interval with the design-effect-adjusted sample size (not in R's survey package;
 * Kish 1965 §14.1, Dean & Pagano 2015): with n* = p̂(1−p̂)/se² (= n/deff) and c the critical
 * value (t with the design df, or normal),
 *   (p̂ + c²/(2n*) ± c·√(p̂(1−p̂)/n* + c²/(4n*²))) / (1 + c²/n*).
 * When se = 0 (no sampling variation) it collapses to [p̂, p̂].
 */
export function wilsonInterval({ p, se, level, df }: ProportionInput): [number, number] {
  if (se === 0) return [p, p];
  const c = criticalValue(level, df);
  const nEff = (p * (1 - p)) / (se * se);
  if (!(nEff > 0)) return [p, p];
  const c2 = c * c;
  const centre = p + c2 / (2 * nEff);
  const half = c * Math.sqrt((p * (1 - p)) / nEff + c2 / (4 * nEff * nEff));
  const den = 1 + c2 / nEff;
  return [(centre - half) / den, (centre + half) / den];
}

/**
 * The Korn–Graubard interval of a published share, with the rule of the NCHS Data Presentation
 * Standards for Proportions (Parker et al. 2017, Vital Health Stat 2(175), §"Confidence
 * intervals"): the Clopper–Pearson interval at the effective sample size n* = p̂(1−p̂)/se²,
 *   [qbeta(α/2, n*p̂, n*(1−p̂)+1), qbeta(1−α/2, n*p̂+1, n*(1−p̂))],
 * where n* is set to the sample size n when p̂ is 0 or 1, when se is 0, or when n* > n. It stays
 * honest at the boundary: p̂ = 0 on n = 20 gives [0, 1 − 0.025^(1/20)] = [0, 0.168], never
 * "± 0". Equal to R's `svyciprop(method = "beta")` whenever nrow(design) − 1 equals the design's
 * df (one stratum of single-respondent PSUs: a country's design) and n* ≤ n; R returns NaN when
 * se is 0. `n` must be positive.
 */
export function kornGraubardInterval(p: number, se: number, n: number, level: number): [number, number] {
  if (!(n > 0) || !(p >= 0 && p <= 1) || !(se >= 0))
    throw new SurveyError(
      'invalid_argument',
      `Korn–Graubard interval needs 0 ≤ p ≤ 1, se ≥ 0, n > 0 (got ${p}, ${se}, ${n})`,
    );
  const alpha = 1 - level;
  const raw = (p * (1 - p)) / (se * se);
  const nEff = p === 0 || p === 1 || se === 0 || !(raw <= n) ? n : raw;
  const lo = p === 0 ? 0 : qbeta(alpha / 2, nEff * p, nEff * (1 - p) + 1);
  const hi = p === 1 ? 1 : qbeta(1 - alpha / 2, nEff * p + 1, nEff * (1 - p));
  return [lo, hi];
}
