import { withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { multiplySquare, symmetricPseudoInverse } from '../pseudo-inverse.ts';
import { calibrationModel, type NumericTotal } from './calibrate.ts';
import type { Margin } from './margin.ts';
import type { WeightingResult } from './poststratify.ts';
import { at, atF64 } from '../checked.ts';

/** Distance function of the calibration (R `calfun`): raking (multiplicative) or logit (bounded by construction). */
export type CalibrationFunction = 'raking' | 'logit';

export interface CalibrateOptions {
  readonly calfun: CalibrationFunction;
  /** Bounds on g = w/d (R `bounds = c(L, U)`); logit needs finite ones. Default unbounded. */
  readonly bounds?: { readonly lower: number; readonly upper: number };
  /** Bounds on the weights themselves instead of g (R `bounds.const = TRUE`). */
  readonly boundsConst?: boolean;
  /** Newton steps (R `maxit`, default 50). */
  readonly maxit?: number;
  /** Convergence: every |misfit_j| / (1 + |population_j|) below it (R `epsilon`, default 1e-7). */
  readonly epsilon?: number;
}

export interface CalibrateResult extends WeightingResult {
  readonly converged: boolean;
  readonly iterations: number;
  /** max_j |misfit_j| / (1 + |population_j|) at the end. */
  readonly achieved: number;
}

/** g − 1 = F(u) − 1 and its derivative, exactly as R's `cal.raking` / `cal.logit` (survey 4.1). */
function calibrationFunction(calfun: CalibrationFunction, lower: number, upper: number) {
  if (calfun === 'raking') {
    return {
      fm1: (u: number) => Math.min(Math.max(Math.exp(u), lower), upper) - 1,
      // R compares u (not exp(u)) with the bounds minus one; kept as R has it so the steps agree.
      dF: (u: number) => (u < upper - 1 && u > lower - 1 ? Math.exp(u) : 0),
    };
  }
  if (!Number.isFinite(lower) || !Number.isFinite(upper))
    throw new SurveyError('invalid_argument', 'logit calibration needs finite bounds');
  const a = (upper - lower) / ((upper - 1) * (1 - lower));
  return {
    fm1: (u: number) => {
      const e = Math.exp(a * u);
      return (lower * (upper - 1) + upper * (1 - lower) * e) / (upper - 1 + (1 - lower) * e) - 1;
    },
    dF: (u: number) => {
      const e = Math.exp(a * u);
      const den = upper - 1 + (1 - lower) * e;
      return (
        (upper * (1 - lower) * e * a) / den -
        ((lower * (upper - 1) + upper * (1 - lower) * e) * ((1 - lower) * e * a)) / den ** 2
      );
    },
  };
}

/**
 * Calibration with a raking or logit distance and bounds on the g-weights (Deville & Särndal 1992;
 * Deville, Särndal & Sautory 1993), exactly as R's `calibrate(design, formula, population, calfun,
 * bounds)` and its solver `survey:::grake`: over the model matrix X of `calibrationModel`, Newton
 * steps on η solve Σ dᵢ F(xᵢᵀη) xᵢ = X_pop with g = F(xᵀη) clamped to [L, U]; each step is
 * ginv(Σ d F′(xᵀη) x xᵀ)·misfit (a pseudo-inverse, so redundant columns do not stop it), halved
 * while g is not finite. It stops when every |misfit_j|/(1 + |X_pop,j|) < epsilon, or after maxit
 * steps (not converged: the margins are not met, and the weights are the last step's); when no
 * step gives finite weights (R stops with an error) it throws `calibration_failed`. When every
 * population/sample ratio exceeds 20 the design weights are first scaled by their mean ratio and
 * the bounds apply after that scaling, as in R. The adjustment is recorded as a GREG calibration
 * (R `greg_calibration`): variances use the residuals of z/(g·d) on X weighted by d, times g·d.
 */
export function calibrate(
  design: SurveyDesign,
  margins: readonly Margin[],
  options: CalibrateOptions,
  numeric: readonly NumericTotal[] = [],
): CalibrateResult {
  const n = design.n;
  const d0 = design.weights;
  const { columns, population } = calibrationModel(design, margins, numeric);
  const lowerBound = options.bounds?.lower ?? -Infinity;
  const upperBound = options.bounds?.upper ?? Infinity;
  if (!(lowerBound < upperBound) || (!options.boundsConst && !(lowerBound < 1 && upperBound > 1)))
    throw new SurveyError(
      'invalid_argument',
      `calibration bounds must be increasing and, on g, hold 1: [${lowerBound}, ${upperBound}]`,
    );
  const maxit = options.maxit ?? 50;
  const epsilon = options.epsilon ?? 1e-7;
  const q = columns.length;
  const fns = unitFunctions(options, d0, lowerBound, upperBound);
  const ww = Float64Array.from(d0);
  let sampleTotal = columnTotals(columns, ww, null);
  const scales = population.map((p, j) => p / at(sampleTotal, j));
  const scale = Math.min(...scales) > 20 ? scales.reduce((a, b) => a + b, 0) / scales.length : null;
  if (scale !== null) {
    for (let i = 0; i < n; i++) ww[i] = atF64(ww, i) * scale;
    sampleTotal = sampleTotal.map((s) => s * scale);
  }
  let eta = new Float64Array(q);
  const xeta = new Float64Array(n);
  const fm1 = new Float64Array(n);
  const deriv = new Float64Array(n);
  const evaluate = () => {
    // x_iᵀη column by column (the same sum, in the same order, as row by row: j ascending).
    xeta.fill(0);
    for (let j = 0; j < q; j++) {
      const xj = at(columns, j);
      const ej = atF64(eta, j);
      for (let i = 0; i < n; i++) xeta[i] = atF64(xeta, i) + atF64(xj, i) * ej;
    }
    for (let i = 0; i < n; i++) {
      const u = atF64(xeta, i);
      fm1[i] = fns[i]?.fm1(u) ?? Number.NaN;
      deriv[i] = fns[i]?.dF(u) ?? Number.NaN;
    }
  };
  const misfitOf = () => {
    const adjusted = columnTotals(columns, ww, fm1);
    return population.map((p, j) => p - at(sampleTotal, j) - at(adjusted, j));
  };
  const worst = (misfit: readonly number[]) =>
    Math.max(...misfit.map((m, j) => Math.abs(m) / (1 + Math.abs(at(population, j)))));
  evaluate();
  let iter = 1;
  let converged = false;
  let achieved = Number.NaN;
  for (;;) {
    const t = crossProduct(columns, ww, deriv);
    const step = multiplySquare(symmetricPseudoInverse(t, q), misfitOf(), q);
    eta = eta.map((e, j) => e + atF64(step, j));
    evaluate();
    while (iter < maxit && (fm1.some((x) => !Number.isFinite(x)) || deriv.some((x) => !Number.isFinite(x)))) {
      iter++;
      for (let j = 0; j < q; j++) {
        step[j] = atF64(step, j) / 2;
        eta[j] = atF64(eta, j) - atF64(step, j);
      }
      evaluate();
    }
    const misfit = misfitOf();
    const ratios = misfit.map((m, j) => Math.abs(m) / (1 + Math.abs(at(population, j))));
    // R: `if (all(ratio < epsilon)) break` — an NA there (no finite step) stops R with an error.
    if (!ratios.some((r) => r >= epsilon)) {
      if (ratios.some((r) => Number.isNaN(r))) throw notFinite(iter);
      converged = true;
      achieved = worst(misfit);
      break;
    }
    achieved = worst(misfit);
    iter++;
    if (iter > maxit) break;
  }
  // Non-finite weights, or a g that underflowed to 0 (unbounded raking), cannot be used either.
  if (fm1.some((x) => !Number.isFinite(x) || x <= -1)) throw notFinite(iter);
  const g = Float64Array.from(fm1, (f) => (1 + f) * (scale ?? 1));
  const weights = Float64Array.from(g, (gi, i) => gi * atF64(d0, i));
  const warnings = converged
    ? []
    : [`calibration did not converge: largest relative misfit ${achieved.toPrecision(3)} after ${iter} steps`];
  return {
    design: withWeights(design, weights, { kind: 'calibrate', columns, designWeights: d0, g }),
    warnings,
    converged,
    iterations: iter,
    achieved,
  };
}

function notFinite(steps: number): SurveyError {
  return new SurveyError(
    'calibration_failed',
    `calibration failed: no step with finite weights within the bounds after ${steps} steps (the margins cannot be met within them)`,
  );
}

/** Each unit's F − 1 and F′: with `boundsConst` the bounds are divided by the unit's design weight (R `bounds.const`). */
function unitFunctions(
  options: CalibrateOptions,
  d0: Float64Array,
  lower: number,
  upper: number,
): ReturnType<typeof calibrationFunction>[] {
  return Array.from(d0, (d) =>
    options.boundsConst && d > 0
      ? calibrationFunction(options.calfun, lower / d, upper / d)
      : calibrationFunction(options.calfun, lower, upper),
  );
}

/** Σ_i w_i (1 or f_i) x_ij for each column j. */
function columnTotals(columns: readonly Float64Array[], w: Float64Array, f: Float64Array | null): number[] {
  return columns.map((x) => {
    let s = 0;
    for (let i = 0; i < w.length; i++) s += atF64(x, i) * atF64(w, i) * (f ? atF64(f, i) : 1);
    return s;
  });
}

/** Σ_i w_i f_i x_i x_iᵀ (q × q, row-major). */
function crossProduct(columns: readonly Float64Array[], w: Float64Array, f: Float64Array): Float64Array {
  const q = columns.length;
  const out = new Float64Array(q * q);
  for (let a = 0; a < q; a++) {
    for (let b = a; b < q; b++) {
      const xa = columns[a];
      const xb = columns[b];
      if (!xa || !xb) continue;
      let s = 0;
      for (let i = 0; i < w.length; i++) s += atF64(xa, i) * atF64(w, i) * atF64(f, i) * atF64(xb, i);
      out[a * q + b] = s;
      out[b * q + a] = s;
    }
  }
  return out;
}
