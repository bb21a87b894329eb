import type { SurveyDesign, VarianceAdjustment } from './types.ts';
import { at } from '../checked.ts';

/** The design with new weights and, optionally, one more adjustment recorded for the variance. */
export function withWeights(
  design: SurveyDesign,
  weights: Float64Array,
  adjustment?: VarianceAdjustment,
): SurveyDesign {
  return {
    ...design,
    weights,
    adjustments: adjustment ? [...design.adjustments, adjustment] : design.adjustments,
  };
}

/**
 * Restricts a design to a domain by giving every row outside it weight 0 (R's `subset` and
 * `svyby`): the rows, their PSUs and n_h stay, so a PSU without domain members counts as a zero total.
 */
export function restrictToDomain(design: SurveyDesign, inDomain: (row: number) => boolean): SurveyDesign {
  const weights = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) weights[i] = inDomain(i) ? at(design.weights, i) : 0;
  return { ...design, weights };
}

/**
 * Degrees of freedom of the design: the number of PSUs minus the number of strata, counting only
 * rows with non-zero weight (R: `degf`).
 */
export function degreesOfFreedom(design: SurveyDesign): number {
  if (!design.stages[0]) return design.n - 1;
  const { psus, strata } = psuAndStratumCounts(design);
  return psus - strata;
}

/** PSUs and strata with at least one row of non-zero weight (no stages: every such row is a PSU). */
export function psuAndStratumCounts(design: SurveyDesign): { psus: number; strata: number } {
  const stage = design.stages[0];
  let psus = 0;
  let strata = 0;
  if (!stage) {
    psus = sampleSize(design);
    return { psus, strata: psus > 0 ? 1 : 0 };
  }
  const psuSeen = new Uint8Array(stage.nClusters);
  const stratumSeen = new Uint8Array(stage.nStrata);
  for (let i = 0; i < design.n; i++) {
    if (at(design.weights, i) === 0) continue;
    const c = at(stage.cluster, i);
    if (psuSeen[c] === 0) {
      psuSeen[c] = 1;
      psus++;
    }
    const h = at(stage.stratum, i);
    if (stratumSeen[h] === 0) {
      stratumSeen[h] = 1;
      strata++;
    }
  }
  return { psus, strata };
}

/** Number of rows with non-zero weight. */
export function sampleSize(design: SurveyDesign): number {
  let count = 0;
  for (let i = 0; i < design.n; i++) if (at(design.weights, i) !== 0) count++;
  return count;
}
