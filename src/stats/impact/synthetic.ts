/**
 * Synthetic control (Abadie, Diamond & Hainmueller 2010, JASA 105:493) for one treated unit: the
 * convex combination of donor units whose values over the pre-period waves are closest to the
 * treated unit's (least squares, every pre wave counted alike: V = I), its gap to the treated
 * unit in every wave, and placebo-in-space inference (ADH 2010 §2.3 and §3.3): the same fit for
 * each donor as if it had been treated, with the other donors as its pool (the treated unit left
 * out), and the ratio of post- to pre-period root mean squared prediction error (RMSPE). The
 * treated unit's rank among all units by that ratio (1 = the largest; ties count against it) gives
 * the permutation p-value rank / (donors + 1).
 *
 * The weights minimise ‖x₁ − X₀w‖² + λ‖w‖² over the simplex (./simplex-qp.ts). With fewer
 * pre-period waves than donors the least-squares fit alone does not determine the weights (many
 * combinations fit the treated unit exactly); the tiny ridge λ = 10⁻⁶ · tr(X₀ᵀX₀)/J selects,
 * among them, the one that spreads weight most evenly, and changes the fit by far less than the
 * values' rounding. R: `quadprog::solve.QP(Dmat = H, dvec = c, Amat = cbind(1, diag(J)),
 * bvec = c(1, rep(0, J)), meq = 1)` with the same H and c (test/fixtures/synth/synth.R).
 */
import { SurveyError } from '../errors.ts';
import { at } from '../checked.ts';
import { simplexQuadraticProgram } from './simplex-qp.ts';

/** The ridge's size relative to the donors' mean squared pre-period norm. */
export const SYNTHETIC_RIDGE = 1e-6;

export interface SyntheticFit {
  /** One weight a donor, in the donors' order: non-negative, summing to 1. */
  readonly weights: Float64Array;
  /** The synthetic unit's value in every wave (pre waves first). */
  readonly synthetic: Float64Array;
  /** Treated minus synthetic in every wave. */
  readonly gaps: Float64Array;
  readonly preRmspe: number;
  readonly postRmspe: number;
  /** postRmspe / preRmspe (Infinity for an exact pre-period fit). */
  readonly ratio: number;
}

export interface SyntheticControl {
  readonly fit: SyntheticFit;
  /** For each donor, its fit as if treated, from the other donors. */
  readonly placebos: readonly SyntheticFit[];
  /** The treated unit's rank by post/pre RMSPE ratio among the donors + 1 units (1 = the largest). */
  readonly rank: number;
  /** rank / (donors + 1): the share of units whose ratio is at least the treated unit's. */
  readonly p: number;
}

const rmspe = (gaps: Float64Array, from: number, to: number) => {
  let s = 0;
  for (let t = from; t < to; t++) s += at(gaps, t) ** 2;
  return Math.sqrt(s / (to - from));
};

/**
 * The synthetic control of `treated` from `donors` (each a series over the same waves, the first
 * `pre` of them before the treatment): weights, synthetic series, gaps and RMSPEs.
 */
export function syntheticFit(
  treated: ArrayLike<number>,
  donors: readonly ArrayLike<number>[],
  pre: number,
): SyntheticFit {
  const waves = treated.length;
  const j = donors.length;
  if (j < 1) throw new SurveyError('invalid_argument', 'a synthetic control needs at least one donor');
  if (pre < 1 || pre >= waves)
    throw new SurveyError(
      'invalid_argument',
      `a synthetic control needs pre-period and post-period waves (${pre} of ${waves})`,
    );
  for (const series of [treated, ...donors])
    for (let t = 0; t < waves; t++)
      if (series.length !== waves || !Number.isFinite(series[t]))
        throw new SurveyError('invalid_argument', 'every unit of a synthetic control needs a value in every wave');
  const h = new Float64Array(j * j);
  const c = new Float64Array(j);
  for (let a = 0; a < j; a++) {
    for (let t = 0; t < pre; t++) c[a] = at(c, a) + at(at(donors, a), t) * at(treated, t);
    for (let b = 0; b < j; b++) {
      let s = 0;
      for (let t = 0; t < pre; t++) s += at(at(donors, a), t) * at(at(donors, b), t);
      h[a * j + b] = s;
    }
  }
  let traceH = 0;
  for (let a = 0; a < j; a++) traceH += at(h, a * j + a);
  const ridge = (SYNTHETIC_RIDGE * traceH) / j;
  for (let a = 0; a < j; a++) h[a * j + a] = at(h, a * j + a) + ridge;
  const { weights } = simplexQuadraticProgram(h, c, j);
  const synthetic = new Float64Array(waves);
  const gaps = new Float64Array(waves);
  for (let t = 0; t < waves; t++) {
    let s = 0;
    for (let a = 0; a < j; a++) s += at(weights, a) * at(at(donors, a), t);
    synthetic[t] = s;
    gaps[t] = at(treated, t) - s;
  }
  const preRmspe = rmspe(gaps, 0, pre);
  const postRmspe = rmspe(gaps, pre, waves);
  return { weights, synthetic, gaps, preRmspe, postRmspe, ratio: preRmspe > 0 ? postRmspe / preRmspe : Infinity };
}

/** The treated unit's fit, every donor's placebo fit, the treated unit's rank and the permutation p-value. */
export function syntheticControl(
  treated: ArrayLike<number>,
  donors: readonly ArrayLike<number>[],
  pre: number,
): SyntheticControl {
  if (donors.length < 2)
    throw new SurveyError('invalid_argument', 'placebo-in-space inference needs at least two donors');
  const fit = syntheticFit(treated, donors, pre);
  const placebos = donors.map((d, k) =>
    syntheticFit(
      d,
      donors.filter((_, i) => i !== k),
      pre,
    ),
  );
  const rank = 1 + placebos.filter((p) => p.ratio >= fit.ratio).length;
  return { fit, placebos, rank, p: rank / (donors.length + 1) };
}
