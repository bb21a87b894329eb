import { withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { matchTotals, type Margin } from './margin.ts';
import { at } from '../checked.ts';

export interface WeightingResult {
  readonly design: SurveyDesign;
  readonly warnings: readonly string[];
}

/**
 * Post-stratification (Holt & Smith 1979; R `postStratify`): w_i ← w_i · N_g / Σ_{j∈g} w_j for
 * the post-stratum g of row i. The adjustment is recorded so that variances use the residual from
 * the post-stratum means. A population cell with no sample is an error unless `partial`.
 */
export function postStratify(
  design: SurveyDesign,
  margin: Margin,
  options: { readonly partial?: boolean } = {},
): WeightingResult {
  const { factor } = margin;
  const sample = new Float64Array(factor.levels.length);
  for (let i = 0; i < design.n; i++) {
    const g = at(factor.codes, i);
    sample[g] = at(sample, g) + at(design.weights, i);
  }
  const { target, warnings } = matchTotals(margin, sample, options.partial ?? false);
  const weights = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) {
    const g = at(factor.codes, i);
    const w = at(design.weights, i);
    const t = target[g] ?? Number.NaN;
    weights[i] = w === 0 || Number.isNaN(t) ? w : w * (t / at(sample, g));
  }
  return {
    design: withWeights(design, weights, {
      kind: 'poststratify',
      cell: factor.codes,
      nCells: factor.levels.length,
      oldWeights: design.weights,
      newWeights: weights,
    }),
    warnings,
  };
}
