/**
 * The weighting adjustment of one country, after collapsing: bounded calibration (`calibrate`, R
 * `calibrate(calfun, bounds)`), raking (R `rake`) or post-stratification, with the structure the
 * run stores so that the variance can rebuild the adjustment (cells.ts). Also the plan a wave's
 * weighting settings make (the legacy `trim` read as bounds) and how far a margin is from its
 * target after weighting.
 */
import type { WaveWeighting } from '../instrument/index.ts';
import {
  calibrate,
  cellComponents,
  createDesign,
  crossFactors,
  postStratify,
  rake,
  SurveyError,
  type CalibrateResult,
  type Margin,
  type SurveyDesign,
} from '../stats/index.ts';
import { WeightingInputError } from './errors.ts';
import type { AdjustmentStructure, MarginFit, WeightingFlag, WeightingWarning } from '../../db/weighting-run-shapes.ts';
import type { CollapsedMargin } from './collapse.ts';
import type { CountryMargin } from './margins.ts';
import { addAt, at } from '../stats/checked.ts';

/**
 * The method a wave's weighting states, with the legacy `trim: { cap }` read as bounded logit
 * calibration with bounds [1/cap, cap] (logit, not raking: R's bounded raking Newton step takes
 * the derivative as 0 once g < e^(L−1), where L is the lower bound, and stalls; see docs/pipeline.md).
 */
export function weightingPlan(weighting: WaveWeighting): WeightingPlan {
  const settings = { maxit: weighting.maxIterations, epsilon: weighting.tolerance };
  if (weighting.trim)
    return {
      method: 'calibrate',
      calfun: 'logit',
      bounds: { lower: 1 / weighting.trim.cap, upper: weighting.trim.cap },
      ...settings,
    };
  return { method: weighting.method, calfun: weighting.calfun, bounds: weighting.bounds, ...settings };
}

export interface WeightingPlan {
  readonly method: WaveWeighting['method'];
  readonly calfun: 'raking' | 'logit';
  readonly bounds: { readonly lower: number; readonly upper: number } | null;
  readonly maxit: number;
  readonly epsilon: number;
}

/**
 * A margin's worst cell after weighting: the largest |Σw − target| / target over its (collapsed)
 * cells, or a dropped cell (no respondent: 100% off its target in the definition).
 */
export function marginFit(
  margin: Margin,
  weights: Float64Array,
  dropped: readonly string[],
  source?: CountryMargin,
): MarginFit {
  const achieved = new Float64Array(margin.factor.levels.length);
  for (let i = 0; i < weights.length; i++) {
    addAt(achieved, at(margin.factor.codes, i), at(weights, i));
  }
  let worst: MarginFit = { margin: margin.name, cell: '', target: 0, achieved: 0, relativeDeviation: 0 };
  margin.factor.levels.forEach((label, c) => {
    const target = margin.totals[label] ?? 0;
    const got = at(achieved, c);
    const dev = Math.abs(got - target) / target;
    if (worst.cell === '' || dev > worst.relativeDeviation)
      worst = { margin: margin.name, cell: label, target, achieved: got, relativeDeviation: dev };
  });
  for (const label of dropped) {
    const target = label.split(' + ').reduce((s, l) => s + (source?.totals.get(l) ?? 0), 0);
    worst = { margin: margin.name, cell: label, target, achieved: 0, relativeDeviation: 1 };
  }
  return worst;
}

/** A weighted margin cell further than this (relative) from its target is "not met" (0.01%). */
export const MARGIN_TOLERANCE = 1e-4;

export function percent(x: number): string {
  return `${(100 * x).toPrecision(3)}%`;
}

export interface Adjusted {
  readonly design: SurveyDesign;
  readonly converged: boolean;
  readonly sweeps: number;
  readonly warnings: readonly string[];
  readonly cells: Int32Array;
  readonly structure: AdjustmentStructure;
  /** Respondents whose g-weight is at a calibration bound. */
  readonly atBounds: number;
}

export function adjust(
  baseWeights: Float64Array,
  margins: readonly Margin[],
  plan: WeightingPlan,
  population: number,
  iso3: string,
  waveId: string,
): Adjusted {
  try {
    if (plan.method === 'calibrate') return calibrateCountry(baseWeights, margins, plan, population);
    const design = createDesign({ weights: baseWeights });
    if (plan.method === 'poststratify') {
      const margin = margins[0];
      if (!margin || margins.length !== 1)
        throw new WeightingInputError('inconsistent_margins', `${iso3}: post-stratification needs exactly one margin`, {
          wave: waveId,
          country: iso3,
        });
      const result = postStratify(design, margin);
      return {
        design: result.design,
        converged: true,
        sweeps: 1,
        warnings: result.warnings,
        cells: margin.factor.codes,
        structure: { kind: 'poststratify', cellLabels: [...margin.factor.levels] },
        atBounds: 0,
      };
    }
    const result = rake(design, margins, { maxit: plan.maxit, epsilon: plan.epsilon });
    const adj = result.design.adjustments.at(-1);
    if (adj?.kind !== 'rake') throw new Error('raking recorded no adjustment');
    return {
      design: result.design,
      converged: result.converged,
      sweeps: result.sweeps,
      warnings: result.warnings,
      cells: adj.cell,
      structure: {
        kind: 'rake',
        cellLabels: jointLabels(margins, adj.cell, adj.nCells),
        margins: adj.margins.map((m, j) => ({
          name: margins[j]?.name ?? String(j),
          levelOfCell: Array.from(m.levelOfCell),
          nLevels: m.nLevels,
          ratio: Array.from(m.ratio),
        })),
        sweeps: adj.sweeps,
      },
      atBounds: 0,
    };
  } catch (err) {
    if (err instanceof SurveyError)
      throw new WeightingInputError('inconsistent_margins', `${iso3}: ${err.message}`, { wave: waveId, country: iso3 });
    throw err;
  }
}

/**
 * Bounded calibration of one country: design weights d = base × N/Σbase (so the bounds read as
 * multiples of the mean weight N/n for equal base weights, and R does not rescale them), then
 * `calibrate` to every margin at once. The structure stored is the joint cell of each respondent
 * and each margin's level of every cell: with d it rebuilds the model matrix for the variance.
 */
function calibrateCountry(
  baseWeights: Float64Array,
  margins: readonly Margin[],
  plan: WeightingPlan,
  population: number,
): Adjusted {
  const designScale = population / baseWeights.reduce((a, b) => a + b, 0);
  const design = createDesign({ weights: Float64Array.from(baseWeights, (b) => b * designScale) });
  const factors = margins.map((m) => m.factor);
  const joint = crossFactors(factors);
  let result: CalibrateResult;
  try {
    result = calibrate(design, margins, {
      calfun: plan.calfun,
      ...(plan.bounds ? { bounds: plan.bounds } : {}),
      maxit: plan.maxit,
      epsilon: plan.epsilon,
    });
  } catch (err) {
    if (!(err instanceof SurveyError) || err.reason !== 'calibration_failed') throw err;
    // No finite step: keep the design weights (bounded, but not calibrated) and flag the country.
    return {
      design,
      converged: false,
      sweeps: plan.maxit,
      warnings: [err.message],
      cells: joint.codes,
      structure: { kind: 'none', cellLabels: jointLabels(margins, joint.codes, joint.levels.length) },
      atBounds: 0,
    };
  }
  const components = cellComponents(factors, joint);
  let atBounds = 0;
  if (plan.bounds) {
    const { lower, upper } = plan.bounds;
    result.design.weights.forEach((w, i) => {
      const g = w / (design.weights[i] ?? 1);
      if (Math.abs(g - lower) <= 1e-9 * lower || Math.abs(g - upper) <= 1e-9 * upper) atBounds++;
    });
  }
  return {
    design: result.design,
    converged: result.converged,
    sweeps: result.iterations,
    warnings: result.warnings,
    cells: joint.codes,
    structure: {
      kind: 'calibrate',
      cellLabels: jointLabels(margins, joint.codes, joint.levels.length),
      margins: margins.map((m, j) => ({
        name: m.name,
        levelOfCell: Array.from(components[j] ?? []),
        nLevels: m.factor.levels.length,
      })),
      designScale,
    },
    atBounds,
  };
}

/** The label of each joint cell: its margins' levels joined by "|". */
function jointLabels(margins: readonly Margin[], cell: Int32Array, nCells: number): string[] {
  const labels = new Array<string>(nCells).fill('');
  for (let i = 0; i < cell.length; i++) {
    const c = at(cell, i);
    if (labels[c] === '') labels[c] = margins.map((m) => m.factor.levels[at(m.factor.codes, i)]).join('|');
  }
  return labels;
}

/**
 * Each margin's worst cell after weighting and the country's flag — `not_converged`, or
 * `margins_not_met` when a cell is more than MARGIN_TOLERANCE off its target (or was dropped) —
 * with warnings naming the cells.
 */
export function judgeFit(input: {
  readonly margins: readonly Margin[];
  readonly weights: Float64Array;
  readonly collapsed: readonly CollapsedMargin[];
  readonly sources: readonly CountryMargin[];
  readonly adjusted: Adjusted;
  readonly plan: WeightingPlan;
  readonly iso3: string;
  readonly warn: (w: WeightingWarning) => void;
}): { fit: MarginFit[]; flag: WeightingFlag | null } {
  const { adjusted, plan, iso3, warn } = input;
  const fit = input.margins.map((m, j) =>
    marginFit(m, input.weights, input.collapsed[j]?.dropped ?? [], input.sources[j]),
  );
  const worst = fit.reduce<MarginFit | null>(
    (a, b) => (a === null || b.relativeDeviation > a.relativeDeviation ? b : a),
    null,
  );
  const notMet = fit.filter((f) => f.relativeDeviation > MARGIN_TOLERANCE);
  if (!adjusted.converged) {
    const what = plan.method === 'calibrate' ? 'calibration' : 'raking';
    const unit = plan.method === 'calibrate' ? 'steps' : 'sweeps';
    warn({
      code: 'not_converged',
      country: iso3,
      cell: worst ? `${worst.margin}=${worst.cell}` : null,
      message: `${iso3}: ${what} did not converge in ${plan.maxit} ${unit}${worst ? `; worst cell ${worst.margin} = ${worst.cell} is ${percent(worst.relativeDeviation)} off its target` : ''}; its estimates are flagged (${adjusted.warnings.join('; ')})`,
    });
  }
  for (const f of notMet) {
    warn({
      code: 'margins_not_met',
      country: iso3,
      cell: `${f.margin}=${f.cell}`,
      message: `${iso3}: the weighted total of margin cell ${f.margin} = ${f.cell} is ${percent(f.relativeDeviation)} off its target; its estimates are flagged`,
    });
  }
  return { fit, flag: !adjusted.converged ? 'not_converged' : notMet.length > 0 ? 'margins_not_met' : null };
}
