import type { SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';

/**
 * Variance-covariance (p × p, row-major) of the totals of influence values `z` (p columns of n
 * rows) under a stratified multi-stage design, as R's `survey:::multistage` computes it:
 *
 *   V = Σ_h (1 − f_h) · n_h/(n_h − 1) · Σ_j (Z_hj − Z̄_h)(Z_hj − Z̄_h)ᵀ
 *
 * with Z_hj the PSU totals of z, n_h the number of PSUs sampled in stratum h (fixed at design
 * time, so PSUs without domain members count as zero totals) and f_h = n_h/N_h (0 without an fpc,
 * the with-replacement approximation). When the design has fpcs and several stages, each stage-k
 * unit adds its own within-unit variance multiplied by the sampling fractions of the stages above
 * (Särndal, Swensson & Wretman 1992, §4.3). Strata with f_h ≈ 1 (self-representing) add nothing.
 * A stratum with a single PSU follows `design.lonelyPsu`.
 */
export function multistageVariance(design: SurveyDesign, z: readonly Float64Array[]): Float64Array {
  const p = z.length;
  const v = new Float64Array(p * p);
  const stages = design.stages;
  const nStagesUsed = design.hasFpc ? stages.length : 1;
  let multiplier: Float64Array | null = null; // per stratum of the current stage
  for (let k = 0; k < nStagesUsed; k++) {
    const stage = stages[k];
    if (!stage) break;
    const totals = clusterTotals(stage.cluster, stage.nClusters, z);
    stageVariance(design, k, totals, multiplier, v);
    // Multiplier for the strata of the next stage (= the clusters of this stage).
    const next = new Float64Array(stage.nClusters);
    for (let c = 0; c < stage.nClusters; c++) {
      const h = stage.clusterStratum[c] ?? 0;
      const pop = stage.population?.[h] ?? Infinity;
      next[c] = (multiplier ? (multiplier[h] ?? 1) : 1) * ((stage.sampled[h] ?? 0) / pop);
    }
    multiplier = next;
  }
  return v;
}

function clusterTotals(cluster: Int32Array, nClusters: number, z: readonly Float64Array[]): Float64Array {
  const p = z.length;
  const totals = new Float64Array(nClusters * p);
  for (let j = 0; j < p; j++) {
    const col = z[j];
    if (!col) continue;
    for (let i = 0; i < col.length; i++) totals[(cluster[i] ?? 0) * p + j] = (totals[(cluster[i] ?? 0) * p + j] ?? 0) + (col[i] ?? 0);
  }
  return totals;
}

function stageVariance(
  design: SurveyDesign,
  k: number,
  totals: Float64Array,
  multiplier: Float64Array | null,
  v: Float64Array,
): void {
  const stage = design.stages[k];
  if (!stage) return;
  const p = Math.round(Math.sqrt(v.length));
  const nStrata = stage.nStrata;
  // Stratum sums of cluster totals, for the centring.
  const sums = new Float64Array(nStrata * p);
  for (let c = 0; c < stage.nClusters; c++) {
    const h = stage.clusterStratum[c] ?? 0;
    for (let j = 0; j < p; j++) sums[h * p + j] = (sums[h * p + j] ?? 0) + (totals[c * p + j] ?? 0);
  }
  const contrib = new Float64Array(nStrata * p * p);
  const status = new Int8Array(nStrata); // 0 = ok, 1 = skip (self-representing/certainty), 2 = NA (average)
  const scale = new Float64Array(nStrata);
  for (let h = 0; h < nStrata; h++) {
    const nh = stage.sampled[h] ?? 0;
    const pop = stage.population?.[h] ?? Infinity;
    const f = pop === Infinity ? 1 : (pop - nh) / pop;
    if (f < 1e-7 || nh === 0) {
      status[h] = 1;
      continue;
    }
    if (nh > 1) {
      scale[h] = (f * nh) / (nh - 1);
      continue;
    }
    switch (design.lonelyPsu) {
      case 'fail':
        throw new SurveyError(
          'lonely_psu',
          `stratum "${k === 0 ? (design.strataLabels[h] ?? h) : `unit ${h + 1}`}" has only one PSU at stage ${k + 1}` +
            ' (choose lonelyPsu: certainty, remove, adjust or average)',
        );
      case 'certainty':
      case 'remove':
        status[h] = 1;
        break;
      case 'average':
        status[h] = 2;
        break;
      case 'adjust':
        scale[h] = f;
        break;
    }
  }
  const adjustLonely = design.lonelyPsu === 'adjust';
  for (let c = 0; c < stage.nClusters; c++) {
    const h = stage.clusterStratum[c] ?? 0;
    if (status[h] !== 0) continue;
    const nh = stage.sampled[h] ?? 1;
    const centre = !(adjustLonely && nh === 1);
    const s = scale[h] ?? 0;
    for (let a = 0; a < p; a++) {
      const da = (totals[c * p + a] ?? 0) - (centre ? (sums[h * p + a] ?? 0) / nh : 0);
      for (let b = a; b < p; b++) {
        const db = (totals[c * p + b] ?? 0) - (centre ? (sums[h * p + b] ?? 0) / nh : 0);
        contrib[h * p * p + a * p + b] = (contrib[h * p * p + a * p + b] ?? 0) + (s * da * db);
      }
    }
  }
  // Strata are grouped as R's recursion groups them: all stage-1 strata together; at later
  // stages each stratum (a unit of the stage above) is its own group.
  const groups = k === 0 ? [Array.from({ length: nStrata }, (_, h) => h)] : Array.from({ length: nStrata }, (_, h) => [h]);
  for (const group of groups) {
    const ok = group.filter((h) => status[h] !== 2).length;
    const factor = ok === group.length ? 1 : group.length / ok;
    for (const h of group) {
      if (status[h] !== 0) continue;
      const m = (multiplier ? (multiplier[h] ?? 1) : 1) * factor;
      for (let a = 0; a < p; a++) {
        for (let b = a; b < p; b++) {
          const add = m * (contrib[h * p * p + a * p + b] ?? 0);
          v[a * p + b] = (v[a * p + b] ?? 0) + (add);
          if (a !== b) v[b * p + a] = (v[b * p + a] ?? 0) + (add);
        }
      }
    }
  }
}
