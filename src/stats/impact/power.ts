import { qnorm } from '../distributions/normal.ts';
import { SurveyError } from '../errors.ts';

/** What is compared: one country's change between two waves, a DiD of four cells, an arm against control. */
export type PlanDesign = 'change' | 'did' | 'experiment';

/** Number of independent cells each comparison involves. */
export const CELLS: Readonly<Record<PlanDesign, number>> = { change: 2, did: 4, experiment: 2 };

export interface PowerSettings {
  /** Design effect (variance inflation of weighting and clustering); 1 for simple random samples. */
  readonly deff?: number;
  /** Two-sided significance level. Default 0.05. */
  readonly alpha?: number;
  /** Probability of detecting an effect of the MDE's size. Default 0.8. */
  readonly power?: number;
}

/** One independent sample: expected share p and interviews n. */
export interface PowerCell {
  readonly p: number;
  readonly n: number;
}

function settings(s: PowerSettings): { deff: number; alpha: number; power: number } {
  const deff = s.deff ?? 1;
  const alpha = s.alpha ?? 0.05;
  const power = s.power ?? 0.8;
  if (!(deff > 0) || !Number.isFinite(deff))
    throw new SurveyError('invalid_argument', `deff must be a positive number, not ${deff}`);
  if (!(alpha > 0 && alpha < 1))
    throw new SurveyError('invalid_argument', `alpha must be between 0 and 1, not ${alpha}`);
  if (!(power > 0 && power < 1))
    throw new SurveyError('invalid_argument', `power must be between 0 and 1, not ${power}`);
  return { deff, alpha, power };
}

/**
 * The multiplier z₁₋α/₂ + z₁₋β: how many standard errors an effect must be to be detected with
 * the given power by a two-sided test at level α (2.80 for α = 0.05 and power 0.8; Bloom 1995,
 * Evaluation Review 19, 547–556, Table 1).
 */
export function mdeMultiplier(alpha = 0.05, power = 0.8): number {
  const s = settings({ alpha, power });
  return qnorm(1 - s.alpha / 2) + qnorm(s.power);
}

function checkShare(p: number, what: string): void {
  if (!(p > 0 && p < 1))
    throw new SurveyError('invalid_argument', `${what} must be a share strictly between 0 and 1, not ${p}`);
}

/**
 * Minimum detectable effect of a contrast of independent cells with coefficients ±1:
 * MDE = (z₁₋α/₂ + z₁₋β)·√(deff·Σ pᵢ(1 − pᵢ)/nᵢ), as a share (× 100 for points).
 * Reference: Bloom (1995); Kish (1965) §8.2 for the design effect.
 */
export function mdeOfCells(
  cells: readonly PowerCell[],
  options: PowerSettings = {},
): { readonly mde: number; readonly se: number; readonly multiplier: number } {
  const s = settings(options);
  if (cells.length === 0) throw new SurveyError('invalid_argument', 'at least one cell is needed');
  let v = 0;
  cells.forEach((c, k) => {
    checkShare(c.p, `cell ${k + 1} share`);
    if (!(c.n > 0))
      throw new SurveyError('invalid_argument', `cell ${k + 1} needs a positive number of interviews, not ${c.n}`);
    v += (c.p * (1 - c.p)) / c.n;
  });
  const se = Math.sqrt(s.deff * v);
  const multiplier = mdeMultiplier(s.alpha, s.power);
  return { mde: multiplier * se, se, multiplier };
}

/**
 * MDE of a planned comparison with the same baseline share and the same n in every cell: n per
 * country and wave for `change` and `did`, n per arm for `experiment`.
 */
export function minimumDetectableEffect(design: PlanDesign, baseline: number, n: number, options: PowerSettings = {}) {
  checkShare(baseline, 'baseline');
  return mdeOfCells(
    Array.from({ length: CELLS[design] }, () => ({ p: baseline, n })),
    options,
  );
}

/**
 * Interviews per cell (rounded up) for a target MDE (a share, e.g. 0.05 for 5 points), the
 * inverse of `minimumDetectableEffect`: n = k·deff·p(1 − p)·((z₁₋α/₂ + z₁₋β)/MDE)².
 */
export function sampleSizeForMde(
  design: PlanDesign,
  baseline: number,
  mde: number,
  options: PowerSettings = {},
): { readonly n: number; readonly total: number } {
  checkShare(baseline, 'baseline');
  if (!(mde > 0 && mde < 1))
    throw new SurveyError(
      'invalid_argument',
      `the target MDE must be a share between 0 and 1 (0.05 for 5 points), not ${mde}`,
    );
  const s = settings(options);
  const m = mdeMultiplier(s.alpha, s.power);
  const k = CELLS[design];
  const exact = (k * s.deff * baseline * (1 - baseline) * m * m) / (mde * mde);
  const n = Math.ceil(exact - 1e-9);
  return { n, total: n * k };
}
