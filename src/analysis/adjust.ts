import {
  calibrateLinear,
  postStratify,
  rake,
  TIGHT_RAKING,
  trimWeights,
  type Margin,
  type SurveyDesign,
  type WeightingResult,
} from '../stats/index.ts';
import { jointFactor, jointLabel } from './columns.ts';
import type { DataTable } from './csv.ts';
import { AnalysisError, type AdjustSpec, type MarginSpec } from './spec.ts';

/** A spec margin as a stats Margin: joint cells of its variables and the population totals. */
export function buildMargin(data: DataTable, margin: MarginSpec, path: string): Margin {
  const { factor } = jointFactor(data, margin.variables, `${path}.variables`, true);
  const totals: Record<string, number> = {};
  margin.population.forEach((cell, j) => {
    const keys = Object.keys(cell.levels);
    const extra = keys.find((k) => !margin.variables.includes(k));
    const lacking = margin.variables.find((v) => !(v in cell.levels));
    if (extra || lacking) {
      throw new AnalysisError(
        `${path}.population[${j}].levels: needs exactly the margin variables ${margin.variables.join(', ')}` +
          (extra ? ` (unexpected "${extra}")` : ` (missing "${lacking}")`),
      );
    }
    const label = jointLabel(margin.variables, cell.levels);
    if (label in totals) throw new AnalysisError(`${path}.population[${j}]: cell ${label} is listed twice`);
    totals[label] = cell.total;
  });
  return { name: margin.variables.join('×'), factor, totals };
}

/** Applies one weighting step of the spec. */
export function applyAdjustment(
  design: SurveyDesign,
  data: DataTable,
  step: AdjustSpec,
  path: string,
): WeightingResult {
  switch (step.method) {
    case 'poststratify':
      return postStratify(design, buildMargin(data, { variables: step.variables, population: step.population }, path), {
        partial: step.partial ?? false,
      });
    case 'rake': {
      const margins = step.margins.map((m, j) => buildMargin(data, m, `${path}.margins[${j}]`));
      const control = step.tight
        ? TIGHT_RAKING
        : {
            ...(step.epsilon !== undefined ? { epsilon: step.epsilon } : {}),
            ...(step.maxit !== undefined ? { maxit: step.maxit } : {}),
          };
      return rake(design, margins, control);
    }
    case 'calibrate': {
      const margins = step.margins.map((m, j) => buildMargin(data, m, `${path}.margins[${j}]`));
      const numeric = Object.entries(step.numeric).map(([name, total]) => ({
        name,
        total,
        values: data.numeric(name, `${path}.numeric.${name}`),
      }));
      return calibrateLinear(design, margins, numeric);
    }
    case 'trim':
      return trimWeights(design, {
        ...(step.lower !== undefined ? { lower: step.lower } : {}),
        ...(step.upper !== undefined ? { upper: step.upper } : {}),
        strict: step.strict ?? false,
      });
  }
}
