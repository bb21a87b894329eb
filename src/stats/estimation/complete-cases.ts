import type { SurveyDesign } from '../design/types.ts';
import type { Variable } from './types.ts';
import { at } from '../checked.ts';

/**
 * Weights with every row that has a missing (NaN) value in any of `variables` set to 0 — R's
 * `na.rm=TRUE`: the rows leave the estimate but their PSUs still count for n_h.
 */
export function completeCaseWeights(design: SurveyDesign, variables: readonly Variable[]): Float64Array {
  const w = Float64Array.from(design.weights);
  for (const v of variables) {
    for (let i = 0; i < design.n; i++) if (Number.isNaN(v.values[i] ?? Number.NaN)) w[i] = 0;
  }
  return w;
}

/** Number of non-zero entries. */
export function countNonZero(w: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < w.length; i++) if (at(w, i) !== 0) k++;
  return k;
}

/** Σ w. */
export function sum(w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += at(w, i);
  return s;
}
