import { withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { cellComponents, crossFactors } from '../factor.ts';
import { matchTotals, type Margin } from './margin.ts';
import type { WeightingResult } from './poststratify.ts';
import { at } from '../checked.ts';

export interface RakeOptions {
  /** Maximum number of sweeps over the margins (R default 10). */
  readonly maxit?: number;
  /**
   * Convergence threshold on the largest absolute change of any cell of the joint weighted table
   * between sweeps (R default 1). A value below 1 is taken relative to the sum of the initial
   * weights (multiplied by it), as R does.
   */
  readonly epsilon?: number;
}

/** Tight control: iterate until the joint table moves less than 1e-10 × Σw between sweeps. */
export const TIGHT_RAKING: Required<RakeOptions> = { maxit: 1000, epsilon: 1e-10 };

export interface RakeResult extends WeightingResult {
  readonly converged: boolean;
  readonly sweeps: number;
}

/**
 * Raking (iterative proportional fitting; Deming & Stephan 1940), exactly as R's `rake`: each
 * sweep post-stratifies on every margin in turn, then compares the full joint weighted table of
 * all margin variables with the previous sweep's; it stops when no cell moved by epsilon or after
 * maxit sweeps (with a warning). Because every adjustment is a factor per margin level, the work
 * is done on the joint cells (Σ of initial weights per cell) and mapped back to rows once.
 */
export function rake(design: SurveyDesign, margins: readonly Margin[], options: RakeOptions = {}): RakeResult {
  if (margins.length === 0) throw new SurveyError('invalid_argument', 'rake needs at least one margin');
  const maxit = options.maxit ?? 10;
  const initialTotal = sumOf(design.weights);
  const eps = (options.epsilon ?? 1) < 1 ? (options.epsilon ?? 1) * initialTotal : (options.epsilon ?? 1);
  const joint = crossFactors(margins.map((m) => m.factor));
  const components = cellComponents(
    margins.map((m) => m.factor),
    joint,
  );
  const nc = joint.levels.length;
  const base = new Float64Array(nc);
  for (let i = 0; i < design.n; i++) {
    const c = at(joint.codes, i);
    base[c] = at(base, c) + at(design.weights, i);
  }
  const warnings: string[] = [];
  const targets = margins.map((margin, j) => {
    const levelOfCell = components[j] ?? new Int32Array(nc);
    const sample = levelSums(base, levelOfCell, margin.factor.levels.length, null);
    const matched = matchTotals(margin, sample);
    warnings.push(...matched.warnings);
    return { levelOfCell, nLevels: margin.factor.levels.length, target: matched.target };
  });
  checkMarginTotals(margins);
  const factor = new Float64Array(nc).fill(1);
  const afterMargin = margins.map(() => new Float64Array(nc));
  let previous = Float64Array.from(base);
  let converged = false;
  let sweeps = 0;
  let lastDelta = Infinity;
  while (sweeps < maxit) {
    targets.forEach(({ levelOfCell, nLevels, target }, j) => {
      const sums = levelSums(base, levelOfCell, nLevels, factor);
      for (let c = 0; c < nc; c++) {
        const l = at(levelOfCell, c);
        const s = at(sums, l);
        const t = target[l] ?? Number.NaN;
        if (s > 0 && !Number.isNaN(t)) factor[c] = at(factor, c) * (t / s);
      }
      afterMargin[j]?.set(factor);
    });
    let delta = 0;
    const current = new Float64Array(nc);
    for (let c = 0; c < nc; c++) {
      current[c] = at(base, c) * at(factor, c);
      delta = Math.max(delta, Math.abs(at(current, c) - at(previous, c)));
    }
    lastDelta = delta;
    if (delta < eps) {
      converged = true;
      break;
    }
    previous = current;
    sweeps++;
  }
  if (!converged) {
    warnings.push(
      `raking did not converge after ${sweeps} sweeps (largest change of a joint cell in the last sweep: ${lastDelta.toPrecision(3)}, threshold ${eps.toPrecision(3)})`,
    );
  }
  const weights = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) weights[i] = at(design.weights, i) * at(factor, at(joint.codes, i));
  const adjusted = withWeights(design, weights, {
    kind: 'rake',
    cell: joint.codes,
    nCells: nc,
    finalWeights: weights,
    margins: targets.map(({ levelOfCell, nLevels }, j) => {
      const ratio = new Float64Array(nc);
      const after = afterMargin[j] ?? factor;
      for (let c = 0; c < nc; c++) ratio[c] = at(factor, c) / at(after, c);
      return { levelOfCell, nLevels, ratio };
    }),
    sweeps: 10,
  });
  return { design: adjusted, warnings, converged, sweeps: converged ? sweeps + 1 : sweeps };
}

function levelSums(
  base: Float64Array,
  levelOfCell: Int32Array,
  nLevels: number,
  factor: Float64Array | null,
): Float64Array {
  const sums = new Float64Array(nLevels);
  for (let c = 0; c < base.length; c++) {
    const l = at(levelOfCell, c);
    sums[l] = at(sums, l) + at(base, c) * (factor ? at(factor, c) : 1);
  }
  return sums;
}

function sumOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += at(x, i);
  return s;
}

/** Margins must describe the same population: their totals have to agree (to 1e-6 relative). */
function checkMarginTotals(margins: readonly Margin[]): void {
  const totals = margins.map((m) => Object.values(m.totals).reduce((a, b) => a + b, 0));
  const first = at(totals, 0);
  totals.forEach((t, j) => {
    if (Math.abs(t - first) > 1e-6 * Math.max(Math.abs(first), 1)) {
      throw new SurveyError(
        'inconsistent_margins',
        `margins disagree on the population total: ${margins[0]?.name} sums to ${first}, ${margins[j]?.name} to ${t}`,
      );
    }
  });
}
