import { SurveyError } from '../errors.ts';
import type { Factor } from '../factor.ts';
import { at } from '../checked.ts';

/**
 * A weighting target: a (possibly cross-classified) factor and the population total of each of
 * its levels, keyed by level label. `name` is used in messages ("margin stype").
 */
export interface Margin {
  readonly name: string;
  readonly factor: Factor;
  readonly totals: Readonly<Record<string, number>>;
}

/**
 * Matches the population totals of a margin to the sample levels. Throws, naming the cell, when
 * a population cell has no sampled weight (unless `partial`) or a sampled level has no
 * population total — R's postStratify checks. Returns the population total per level index
 * (NaN for cells ignored under `partial`) and the warnings issued.
 */
export function matchTotals(
  margin: Margin,
  sampleTotals: Float64Array,
  partial = false,
): { readonly target: Float64Array; readonly warnings: string[] } {
  const { factor, totals, name } = margin;
  const target = new Float64Array(factor.levels.length).fill(Number.NaN);
  const warnings: string[] = [];
  const index = new Map(factor.levels.map((l, k) => [l, k]));
  for (const [label, total] of Object.entries(totals)) {
    if (!(total >= 0) || !Number.isFinite(total)) {
      throw new SurveyError('invalid_argument', `margin ${name}: population total of cell "${label}" is ${total}`);
    }
    const k = index.get(label);
    const sampled = k === undefined ? 0 : at(sampleTotals, k);
    if (sampled === 0 && total > 0) {
      if (!partial) {
        throw new SurveyError(
          'empty_cell',
          `margin ${name}: population cell "${label}" (total ${total}) has no sampled weight; merge cells or allow partial`,
        );
      }
      warnings.push(`margin ${name}: population cell "${label}" has no sample and was ignored`);
      continue;
    }
    if (k !== undefined) target[k] = total;
  }
  factor.levels.forEach((label, k) => {
    const t = target[k] ?? Number.NaN;
    if (at(sampleTotals, k) > 0 && (Number.isNaN(t) || t === 0)) {
      throw new SurveyError('unknown_cell', `margin ${name}: sample cell "${label}" has no population total`);
    }
  });
  return { target, warnings };
}
