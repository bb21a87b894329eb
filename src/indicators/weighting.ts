/**
 * Weighting one country of a wave, as the Gallup World Poll weights: base weights from the design,
 * raking (or post-stratification) to the population margins of the study definition, trimming at
 * a cap relative to the median weight — all with `src/stats`, so the variance later accounts for
 * the adjustment. Problems the data cause (an empty margin cell, non-convergence, weights beyond
 * the cap, too few completes) are warnings naming the country and cell; impossible definitions
 * are `WeightingInputError`s (see margins.ts).
 */
import { quantileSorted } from 'simple-statistics';
import type { Answers, WaveCountry, WaveWeighting, WeightingVariable } from '../instrument/index.ts';
import { weightingLevel } from '../instrument/index.ts';
import {
  createDesign,
  effectiveSampleSize,
  encodeFactor,
  kishDesignEffect,
  postStratify,
  rake,
  SurveyError,
  trimWeights,
  type Margin,
  type SurveyDesign,
} from '../stats/index.ts';
import { WeightingInputError } from './errors.ts';
import type { AdjustmentStructure, CountryDiagnostics, WeightingWarning, WeightSummary } from './run-schema.ts';
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
  const statsMargins = margins.map((m) => toStatsMargin(m, rows, iso3, waveId, warn));
  const baseWeights = Float64Array.from(rows, (r) => r.base);
  const design = createDesign({ weights: baseWeights });
  const adjusted = adjust(design, statsMargins, weighting, iso3, waveId);
  if (!adjusted.converged) {
    warn({
      code: 'not_converged',
      country: iso3,
      cell: null,
      message: `${iso3}: raking did not converge in ${weighting.maxIterations} sweeps (${adjusted.warnings.join('; ')})`,
    });
  }
  const rakedWeights = adjusted.design.weights;
  const sorted = Float64Array.from(rakedWeights).sort();
  const median = quantileSorted(Array.from(sorted), 0.5);
  const cap = weighting.trim ? weighting.trim.cap * median : null;
  let weights = rakedWeights;
  let trimmed = 0;
  if (cap !== null) {
    const cellCounts = new Map<string, number>();
    rakedWeights.forEach((w, i) => {
      if (w > cap) {
        trimmed++;
        const label = describeCell(rows[i]?.levels);
        cellCounts.set(label, (cellCounts.get(label) ?? 0) + 1);
      }
    });
    if (trimmed > 0) {
      weights = trimAtCap(adjusted.design, cap, (message) =>
        warn({ code: 'beyond_cap', country: iso3, cell: null, message: `${iso3}: ${message}` }),
      );
      for (const [label, count] of cellCounts) {
        warn({
          code: 'beyond_cap',
          country: iso3,
          cell: label,
          message: `${iso3}: ${count} weight(s) in cell ${label} were above the cap (${weighting.trim?.cap} × median = ${cap.toPrecision(6)}) and were trimmed`,
        });
      }
    }
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
      method: weighting.method,
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
      cap,
      shareTrimmed: trimmed / rows.length,
    },
    responseIds: rows.map((r) => r.id),
    baseWeights,
    rakedWeights,
    weights,
    cells: adjusted.cells,
    structure: adjusted.structure,
  };
}

/**
 * Strict trimming (repeat until no weight is above the cap); when the cap cannot hold the weight
 * total the repetition never settles, and one pass is kept instead, with a warning.
 */
function trimAtCap(design: SurveyDesign, cap: number, warn: (message: string) => void): Float64Array {
  try {
    return trimWeights(design, { upper: cap, strict: true }).design.weights;
  } catch (err) {
    if (!(err instanceof SurveyError)) throw err;
    const once = trimWeights(design, { upper: cap }).design.weights;
    const above = once.filter((w) => w > cap).length;
    warn(
      `the cap ${cap.toPrecision(6)} cannot hold the weight total (strict trimming does not settle); weights were trimmed once and ${above} remain above it`,
    );
    return once;
  }
}

function baseWeight(weighting: WaveWeighting, answers: Readonly<Answers>): number | undefined {
  if (weighting.base.kind === 'equal') return 1;
  const value = answers[weighting.base.question];
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : undefined;
}

function describeCell(levels: ReadonlyMap<string, string> | undefined): string {
  return levels ? [...levels].map(([k, v]) => `${k}=${v}`).join(', ') : '?';
}

/**
 * The stats margin of a country margin over the weighted rows. A population cell without
 * respondents is dropped with a warning and the margin's other cells are scaled up to keep the
 * total; a respondent level with no population cell is impossible input.
 */
function toStatsMargin(
  margin: CountryMargin,
  rows: readonly { levels: ReadonlyMap<string, string> }[],
  iso3: string,
  waveId: string,
  warn: (w: WeightingWarning) => void,
): Margin {
  const labels = rows.map((r) => cellLabel(margin.variables.map((v) => r.levels.get(v) ?? '')));
  const factor = encodeFactor(labels);
  const sampled = new Set(factor.levels);
  for (const label of sampled) {
    if (!((margin.totals.get(label) ?? 0) > 0)) {
      throw new WeightingInputError(
        'unknown_level',
        `${iso3}: respondents are in cell ${label} of margin ${margin.name}, which has no population in the definition`,
        {
          wave: waveId,
          country: iso3,
          cell: label,
        },
      );
    }
  }
  let kept = 0;
  let all = 0;
  for (const [label, value] of margin.totals) {
    all += value;
    if (sampled.has(label)) kept += value;
    else if (value > 0) {
      warn({
        code: 'empty_cell',
        country: iso3,
        cell: `${margin.name}=${label}`,
        message: `${iso3}: margin cell ${margin.name} = ${label} has no respondents; its population is spread over the margin's other cells`,
      });
    }
  }
  const totals: Record<string, number> = {};
  for (const label of sampled) totals[label] = ((margin.totals.get(label) ?? 0) / kept) * all;
  return { name: margin.name, factor, totals };
}

interface Adjusted {
  readonly design: SurveyDesign;
  readonly converged: boolean;
  readonly sweeps: number;
  readonly warnings: readonly string[];
  readonly cells: Int32Array;
  readonly structure: AdjustmentStructure;
}

function adjust(
  design: SurveyDesign,
  margins: readonly Margin[],
  weighting: WaveWeighting,
  iso3: string,
  waveId: string,
): Adjusted {
  try {
    if (weighting.method === 'poststratify') {
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
      };
    }
    const result = rake(design, margins, { maxit: weighting.maxIterations, epsilon: weighting.tolerance });
    const adj = result.design.adjustments.at(-1);
    if (adj?.kind !== 'rake') throw new Error('raking recorded no adjustment');
    const cellLabels = new Array<string>(adj.nCells).fill('');
    for (let i = 0; i < design.n; i++) {
      const c = adj.cell[i] ?? 0;
      if (cellLabels[c] === '') cellLabels[c] = margins.map((m) => m.factor.levels[m.factor.codes[i] ?? 0]).join('|');
    }
    return {
      design: result.design,
      converged: result.converged,
      sweeps: result.sweeps,
      warnings: result.warnings,
      cells: adj.cell,
      structure: {
        kind: 'rake',
        cellLabels,
        margins: adj.margins.map((m, j) => ({
          name: margins[j]?.name ?? String(j),
          levelOfCell: Array.from(m.levelOfCell),
          nLevels: m.nLevels,
          ratio: Array.from(m.ratio),
        })),
        sweeps: adj.sweeps,
      },
    };
  } catch (err) {
    if (err instanceof SurveyError)
      throw new WeightingInputError('inconsistent_margins', `${iso3}: ${err.message}`, { wave: waveId, country: iso3 });
    throw err;
  }
}
