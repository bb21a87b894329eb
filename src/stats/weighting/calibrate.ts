import { withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { solveLinear } from '../linalg.ts';
import { matchTotals, type Margin } from './margin.ts';
import type { WeightingResult } from './poststratify.ts';
import { at } from '../checked.ts';

/** A numeric calibration variable and its population total. */
export interface NumericTotal {
  readonly name: string;
  readonly values: ArrayLike<number>;
  readonly total: number;
}

/** The calibration model matrix: columns (n rows each), their population totals and labels. */
export interface CalibrationModel {
  readonly columns: Float64Array[];
  readonly population: number[];
  readonly labels: string[];
}

/**
 * The model matrix of calibration to factor margins and numeric totals, as R's
 * `model.matrix(~ m1 + m2 + … + x1 + …)`: an intercept (its total is the population size, on which
 * the margins must agree), treatment-coded indicators of each margin's levels after the first, and
 * the numeric variables. A population cell without sampled weight is an error (`matchTotals`).
 */
export function calibrationModel(
  design: SurveyDesign,
  margins: readonly Margin[],
  numeric: readonly NumericTotal[] = [],
): CalibrationModel {
  const n = design.n;
  const d = design.weights;
  const columns: Float64Array[] = [];
  const population: number[] = [];
  const labels: string[] = [];
  let populationSize: number | null = null;
  for (const margin of margins) {
    const sample = new Float64Array(margin.factor.levels.length);
    for (let i = 0; i < n; i++) {
      const g = at(margin.factor.codes, i);
      sample[g] = at(sample, g) + at(d, i);
    }
    const { target } = matchTotals(margin, sample);
    let size = 0;
    for (let k = 0; k < target.length; k++) size += Number.isNaN(at(target, k)) ? 0 : at(target, k);
    if (populationSize === null) {
      populationSize = size;
      columns.push(new Float64Array(n).fill(1));
      population.push(size);
      labels.push('(Intercept)');
    } else if (Math.abs(size - populationSize) > 1e-6 * Math.max(populationSize, 1)) {
      throw new SurveyError(
        'inconsistent_margins',
        `margins disagree on the population total: ${populationSize} vs ${size} for ${margin.name}`,
      );
    }
    margin.factor.levels.forEach((label, k) => {
      if (k === 0) return;
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) if ((margin.factor.codes[i] ?? -1) === k) col[i] = 1;
      columns.push(col);
      population.push(at(target, k));
      labels.push(`${margin.name}=${label}`);
    });
  }
  for (const v of numeric) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = v.values[i] ?? Number.NaN;
      if (Number.isNaN(x) && at(d, i) !== 0) {
        throw new SurveyError('invalid_argument', `calibration variable ${v.name} is missing in row ${i + 1}`);
      }
      col[i] = Number.isNaN(x) ? 0 : x;
    }
    columns.push(col);
    population.push(v.total);
    labels.push(v.name);
  }
  if (columns.length === 0)
    throw new SurveyError('invalid_argument', 'calibration needs at least one margin or numeric total');
  return { columns, population, labels };
}

/**
 * Linear (GREG) calibration (Deville & Särndal 1992; R `calibrate(calfun="linear")`): weights
 * w_i = d_i g_i with g_i = 1 + x_iᵀλ and λ = (Σ d x xᵀ)⁻¹ (X_pop − Σ d x), so that Σ w x = X_pop
 * exactly, over the model matrix of `calibrationModel`. The adjustment is recorded so that
 * variances use the design-weighted regression residuals times g.
 */
export function calibrateLinear(
  design: SurveyDesign,
  margins: readonly Margin[],
  numeric: readonly NumericTotal[] = [],
): WeightingResult {
  const n = design.n;
  const d = design.weights;
  const warnings: string[] = [];
  const { columns, population } = calibrationModel(design, margins, numeric);
  const q = columns.length;
  const t = new Float64Array(q * q);
  const misfit = new Float64Array(q);
  for (let a = 0; a < q; a++) {
    const xa = columns[a] ?? new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) s += at(d, i) * at(xa, i);
    misfit[a] = at(population, a) - s;
    for (let b = a; b < q; b++) {
      const xb = columns[b] ?? new Float64Array(n);
      let s2 = 0;
      for (let i = 0; i < n; i++) s2 += at(d, i) * at(xa, i) * at(xb, i);
      t[a * q + b] = s2;
      t[b * q + a] = s2;
    }
  }
  const lambda = solveLinear(t, misfit, q);
  const g = new Float64Array(n);
  const weights = new Float64Array(n);
  let negative = 0;
  for (let i = 0; i < n; i++) {
    let xl = 0;
    for (let a = 0; a < q; a++) xl += at(at(columns, a), i) * at(lambda, a);
    g[i] = 1 + xl;
    weights[i] = at(d, i) * at(g, i);
    if (at(weights, i) < 0) negative++;
  }
  if (negative > 0)
    warnings.push(`linear calibration produced ${negative} negative weight(s); consider trimming or raking`);
  return {
    design: withWeights(design, weights, { kind: 'calibrate', columns, designWeights: d, g }),
    warnings,
  };
}
