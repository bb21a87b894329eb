/**
 * A country's population margins as the study definition states them, checked and turned into
 * raking targets: every cell's level must be a level of its variable, no cell may repeat, and a
 * margin must sum to the adult population (persons) or to 1 (shares) within 0.1% — otherwise the
 * input is impossible and nothing is weighted. Each margin is then scaled to sum exactly to the
 * adult population, so margins agree on the total and weights are in persons.
 */
import type { WaveCountry, WeightingVariable } from '../instrument/index.ts';
import { weightingLevels } from '../instrument/index.ts';
import { WeightingInputError } from './errors.ts';

export interface CountryMargin {
  /** `age_group×sex` */
  readonly name: string;
  readonly variables: readonly string[];
  /** Cell label (levels joined by ":") → population (persons), summing to the adult population. */
  readonly totals: ReadonlyMap<string, number>;
}

/** The label of a margin cell for given levels, in the margin's variable order. */
export function cellLabel(levels: readonly string[]): string {
  return levels.join(':');
}

export function countryMargins(
  waveId: string,
  country: WaveCountry,
  variables: ReadonlyMap<string, WeightingVariable>,
): CountryMargin[] {
  const total = country.adultPopulation.value;
  return country.margins.map((margin) => {
    const name = margin.variables.join('×');
    const where = { wave: waveId, country: country.iso3 };
    for (const v of margin.variables) {
      if (!variables.has(v))
        throw new WeightingInputError(
          'unknown_level',
          `${country.iso3}: margin ${name} uses weighting variable "${v}", which the study does not define`,
          where,
        );
    }
    const totals = new Map<string, number>();
    let sum = 0;
    for (const cell of margin.cells) {
      const levels = margin.variables.map((v) => {
        const level = cell.levels[v];
        const variable = variables.get(v);
        if (level === undefined || !variable || !weightingLevels(variable).includes(level)) {
          throw new WeightingInputError(
            'unknown_level',
            `${country.iso3}: margin ${name} has a cell ${JSON.stringify(cell.levels)} whose ${v} level is not one of ${variable ? weightingLevels(variable).join(', ') : '?'}`,
            { ...where, cell: JSON.stringify(cell.levels) },
          );
        }
        return level;
      });
      const label = cellLabel(levels);
      if (totals.has(label))
        throw new WeightingInputError('duplicate_cell', `${country.iso3}: margin ${name} lists cell ${label} twice`, {
          ...where,
          cell: label,
        });
      totals.set(label, cell.value);
      sum += cell.value;
    }
    const expected = margin.unit === 'share' ? 1 : total;
    if (!(Math.abs(sum - expected) <= expected * 0.001)) {
      throw new WeightingInputError(
        'margin_total',
        `${country.iso3}: margin ${name} sums to ${sum}, expected ${expected} (${margin.unit === 'share' ? 'shares sum to 1' : 'the adult population'}, within 0.1%)`,
        where,
      );
    }
    const scaled = new Map<string, number>();
    for (const [label, value] of totals) scaled.set(label, (value / sum) * total);
    return { name, variables: margin.variables, totals: scaled };
  });
}
