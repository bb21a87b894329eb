/**
 * Weighting one country of a wave: base weights from the design, sparse margin cells collapsed
 * into their neighbours (collapse.ts), then bounded calibration (or raking, or post-stratification)
 * to the population margins of the study definition — all with `src/stats`, so the variance later
 * accounts for the adjustment. Problems the data cause (a cell that cannot be merged,
 * non-convergence, a margin not met, too few completes) are warnings naming the country and cell,
 * and the last two flag the country's estimates; impossible definitions are
 * `WeightingInputError`s (see margins.ts).
 */
import { quantileSorted } from 'simple-statistics';
import type { Answers, WaveCountry, WaveWeighting, WeightingVariable } from '../instrument/index.ts';
import { weightingLevel } from '../instrument/index.ts';
import {
  calibrate,
  cellComponents,
  createDesign,
  crossFactors,
  effectiveSampleSize,
  encodeFactor,
  kishDesignEffect,
  postStratify,
  rake,
  SurveyError,
  type CalibrateResult,
  type Margin,
  type SurveyDesign,
} from '../stats/index.ts';
import { WeightingInputError } from './errors.ts';
import type {
  AdjustmentStructure,
  CountryDiagnostics,
  MarginFit,
  WeightingWarning,
  WeightSummary,
} from './run-schema.ts';
import { collapseMargin } from './collapse.ts';
import { cellLabel, countryMargins, type CountryMargin } from './margins.ts';

export type { AdjustmentStructure, CountryDiagnostics, WeightingWarning, WeightSummary };

/** A weighted country: everything stored for it, and its design for estimation. */
export interface CountryWeights {
  readonly diagnostics: CountryDiagnostics;
  readonly responseIds: readonly number[];
  readonly baseWeights: Float64Array;
  readonly rakedWeights: Float64Array;
  readonly weights: Float64Array;
  readonly cells: Int32Array;
  readonly structure: AdjustmentStructure;
}

export interface CountryInput {
  readonly waveId: string;
  readonly country: WaveCountry;
  readonly weighting: WaveWeighting;
  readonly variables: ReadonlyMap<string, WeightingVariable>;
  /** The country's respondents, in response id order. */
  readonly respondents: readonly { readonly id: number; readonly answers: Readonly<Answers> }[];
}

/** Weights one country; `null` (with a warning) when no respondent can be weighted. */
export function weightCountry(input: CountryInput, warn: (w: WeightingWarning) => void): CountryWeights | null {
  const { country, weighting, variables, waveId } = input;
  const iso3 = country.iso3;
  const margins = countryMargins(waveId, country, variables);
  const used = [...new Set(margins.flatMap((m) => m.variables))];
  const rows: { id: number; levels: Map<string, string>; base: number }[] = [];
  const missing = new Map<string, number>();
  let missingBase = 0;
  for (const r of input.respondents) {
    const levels = new Map<string, string>();
    let complete = true;
    for (const name of used) {
      const variable = variables.get(name);
      const level = variable ? weightingLevel(variable, r.answers[variable.question]) : undefined;
      if (level === undefined) {
        missing.set(name, (missing.get(name) ?? 0) + 1);
        complete = false;
      } else levels.set(name, level);
    }
    const base = baseWeight(weighting, r.answers);
    if (base === undefined) missingBase++;
    if (complete && base !== undefined) rows.push({ id: r.id, levels, base });
  }
  for (const [name, count] of missing) {
    warn({
      code: 'missing_level',
      country: iso3,
      cell: name,
      message: `${iso3}: ${count} respondent(s) have no ${name} (missing or refused) and get no weight`,
    });
  }
  if (missingBase > 0 && weighting.base.kind === 'question') {
    warn({
      code: 'missing_base',
      country: iso3,
      cell: weighting.base.question,
      message: `${iso3}: ${missingBase} respondent(s) have no usable ${weighting.base.question} for the base weight and get no weight`,
    });
  }
  if (rows.length < country.targetCompletes) {
    warn({
      code: 'below_target',
      country: iso3,
      cell: null,
      message: `${iso3}: ${rows.length} weighted respondents, below the target of ${country.targetCompletes} completes`,
    });
  }
  if (rows.length === 0) {
    warn({
      code: 'no_respondents',
      country: iso3,
      cell: null,
      message: `${iso3}: no respondent can be weighted; the country has no estimates in this wave`,
    });
    return null;
  }
  const collapsed = margins.map((m) => {
    checkLevels(m, rows, iso3, waveId);
    return collapseMargin(
      m,
      rows.map((r) => r.levels),
      variables,
      weighting.collapse.minRespondents,
      iso3,
      warn,
    );
  });
  const statsMargins: Margin[] = collapsed.map((c) => ({
    name: c.name,
    factor: encodeFactor(c.rowLabels),
    totals: c.totals,
  }));
  const baseWeights = Float64Array.from(rows, (r) => r.base);
  const plan = weightingPlan(weighting);
  const adjusted = adjust(baseWeights, statsMargins, plan, country.adultPopulation.value, iso3, waveId);
  const weights = adjusted.design.weights;
  const fit = statsMargins.map((m, j) => marginFit(m, weights, collapsed[j]?.dropped ?? [], margins[j]));
  const worst = fit.reduce<MarginFit | null>(
    (a, b) => (a === null || b.relativeDeviation > a.relativeDeviation ? b : a),
    null,
  );
  const notMet = fit.filter((f) => f.relativeDeviation > MARGIN_TOLERANCE);
  const flag = !adjusted.converged ? 'not_converged' : notMet.length > 0 ? 'margins_not_met' : null;
  if (!adjusted.converged) {
    warn({
      code: 'not_converged',
      country: iso3,
      cell: worst ? `${worst.margin}=${worst.cell}` : null,
      message: `${iso3}: ${plan.method === 'calibrate' ? 'calibration' : 'raking'} did not converge in ${weighting.maxIterations} ${plan.method === 'calibrate' ? 'steps' : 'sweeps'}${worst ? `; worst cell ${worst.margin} = ${worst.cell} is ${percent(worst.relativeDeviation)} off its target` : ''}; its estimates are flagged (${adjusted.warnings.join('; ')})`,
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
  const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
  const relative = Array.from(weights, (w) => w / mean).sort((a, b) => a - b);
  return {
    diagnostics: {
      iso3,
      name: country.name,
      region: country.region,
      adultPopulation: country.adultPopulation.value,
      targetCompletes: country.targetCompletes,
      respondents: input.respondents.length,
      weighted: rows.length,
      method: plan.method,
      converged: adjusted.converged,
      sweeps: adjusted.sweeps,
      kishDeff: kishDesignEffect(weights),
      effectiveN: effectiveSampleSize(weights),
      meanWeight: mean,
      relativeWeights: {
        min: relative[0] ?? Number.NaN,
        q1: quantileSorted(relative, 0.25),
        median: quantileSorted(relative, 0.5),
        q3: quantileSorted(relative, 0.75),
        max: relative[relative.length - 1] ?? Number.NaN,
      },
      cap: null,
      shareTrimmed: 0,
      shareAtBounds: adjusted.atBounds / rows.length,
      collapsed: collapsed.flatMap((c) => c.merged),
      marginFit: fit,
      flag,
    },
    responseIds: rows.map((r) => r.id),
    baseWeights,
    rakedWeights: weights,
    weights,
    cells: adjusted.cells,
    structure: adjusted.structure,
  };
}

/**
 * A margin's worst cell after weighting: the largest |Σw − target| / target over its (collapsed)
 * cells, or a dropped cell (no respondent: 100% off its target in the definition).
 */
function marginFit(
  margin: Margin,
  weights: Float64Array,
  dropped: readonly string[],
  source?: CountryMargin,
): MarginFit {
  const achieved = new Float64Array(margin.factor.levels.length);
  for (let i = 0; i < weights.length; i++) {
    const c = margin.factor.codes[i] ?? 0;
    achieved[c] = (achieved[c] ?? 0) + (weights[i] ?? 0);
  }
  let worst: MarginFit = { margin: margin.name, cell: '', target: 0, achieved: 0, relativeDeviation: 0 };
  margin.factor.levels.forEach((label, c) => {
    const target = margin.totals[label] ?? 0;
    const got = achieved[c] ?? 0;
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

function percent(x: number): string {
  return `${(100 * x).toPrecision(3)}%`;
}

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

function baseWeight(weighting: WaveWeighting, answers: Readonly<Answers>): number | undefined {
  if (weighting.base.kind === 'equal') return 1;
  const value = answers[weighting.base.question];
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : undefined;
}

/** A respondent level with no population cell in the margin is impossible input. */
function checkLevels(
  margin: CountryMargin,
  rows: readonly { levels: ReadonlyMap<string, string> }[],
  iso3: string,
  waveId: string,
): void {
  for (const r of rows) {
    const label = cellLabel(margin.variables.map((v) => r.levels.get(v) ?? ''));
    if (!((margin.totals.get(label) ?? 0) > 0)) {
      throw new WeightingInputError(
        'unknown_level',
        `${iso3}: respondents are in cell ${label} of margin ${margin.name}, which has no population in the definition`,
        { wave: waveId, country: iso3, cell: label },
      );
    }
  }
}

interface Adjusted {
  readonly design: SurveyDesign;
  readonly converged: boolean;
  readonly sweeps: number;
  readonly warnings: readonly string[];
  readonly cells: Int32Array;
  readonly structure: AdjustmentStructure;
  /** Respondents whose g-weight is at a calibration bound. */
  readonly atBounds: number;
}

function adjust(
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
    if (!(err instanceof SurveyError) || err.code !== 'calibration_failed') throw err;
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
    const c = cell[i] ?? 0;
    if (labels[c] === '') labels[c] = margins.map((m) => m.factor.levels[m.factor.codes[i] ?? 0]).join('|');
  }
  return labels;
}
