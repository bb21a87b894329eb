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
import { effectiveSampleSize, encodeFactor, kishDesignEffect, type Margin } from '../stats/index.ts';
import { WeightingInputError } from './errors.ts';
import type {
  AdjustmentStructure,
  CountryDiagnostics,
  WeightingWarning,
  WeightSummary,
} from '../../db/weighting-run-shapes.ts';
import { adjust, judgeFit, weightingPlan } from './adjust.ts';
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
  const rows = weightableRows(input, used, warn);
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
  const { fit, flag } = judgeFit({
    margins: statsMargins,
    weights,
    collapsed,
    sources: margins,
    adjusted,
    plan,
    iso3,
    warn,
  });
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

interface Row {
  readonly id: number;
  readonly levels: Map<string, string>;
  readonly base: number;
}

/** The respondents with every margin level and a base weight; the others are counted in warnings. */
function weightableRows(input: CountryInput, used: readonly string[], warn: (w: WeightingWarning) => void): Row[] {
  const { country, weighting, variables } = input;
  const iso3 = country.iso3;
  const rows: Row[] = [];
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
  return rows;
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
