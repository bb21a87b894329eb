import { withWeights } from '../design/modify.ts';
import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import type { WeightingResult } from './poststratify.ts';
import { at } from '../checked.ts';

export interface TrimOptions {
  readonly lower?: number;
  readonly upper?: number;
  /** Repeat until no weight is outside the bounds (R `strict=TRUE`). */
  readonly strict?: boolean;
}

/**
 * Weight trimming as R's `trimWeights`: weights are clamped to [lower, upper] and the total
 * trimmed off is shared EQUALLY (not proportionally) among the units that were not trimmed, so
 * the weight total is kept. With `strict` this repeats until no weight is outside the bounds.
 * Earlier adjustments stay recorded, so variances still use their residuals. Rows with zero
 * weight (outside the sample) are left alone.
 */
export function trimWeights(design: SurveyDesign, options: TrimOptions): WeightingResult {
  const lower = options.lower ?? -Infinity;
  const upper = options.upper ?? Infinity;
  if (lower > upper)
    throw new SurveyError('invalid_argument', `trim bounds are reversed: lower ${lower} > upper ${upper}`);
  let weights: Float64Array = Float64Array.from(design.weights);
  for (let round = 0; round < 10_000; round++) {
    const next = trimOnce(weights, lower, upper);
    if (!next) return { design: withWeights(design, weights), warnings: [] };
    weights = next;
    if (!options.strict) return { design: withWeights(design, weights), warnings: [] };
  }
  throw new SurveyError(
    'invalid_argument',
    `strict trimming to [${lower}, ${upper}] did not settle; the bounds cannot hold the weight total`,
  );
}

function trimOnce(w: Float64Array, lower: number, upper: number): Float64Array | null {
  let trimmed = 0;
  let inside = 0;
  let any = false;
  const out = Float64Array.from(w);
  for (let i = 0; i < w.length; i++) {
    const x = at(w, i);
    if (x === 0) continue;
    if (x < lower || x > upper) {
      const clamped = Math.max(lower, Math.min(x, upper));
      trimmed += x - clamped;
      out[i] = clamped;
      any = true;
    } else inside++;
  }
  if (!any) return null;
  if (inside === 0) {
    throw new SurveyError(
      'invalid_argument',
      `every weight is outside [${lower}, ${upper}]; nothing can absorb the trimmed weight`,
    );
  }
  const share = trimmed / inside;
  for (let i = 0; i < w.length; i++) {
    const x = at(w, i);
    if (x !== 0 && x >= lower && x <= upper) out[i] = x + share;
  }
  return out;
}
