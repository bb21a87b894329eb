import type { DesignStage, SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { at, atF64, atI32, float64 } from '../checked.ts';

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
export function multistageVariance(design: SurveyDesign, columns: readonly ArrayLike<number>[]): Float64Array {
  const z = columns.map((col) => float64(col));
  const p = z.length;
  const v = new Float64Array(p * p);
  const stages = design.stages;
  const nStagesUsed = design.hasFpc ? stages.length : 1;
  let multiplier: Float64Array | null = null; // per stratum of the current stage
  for (let k = 0; k < nStagesUsed; k++) {
    const stage = stages[k];
    if (!stage) break;
    const totals = isIdentity(stage, design.n) ? z : clusterTotals(stage, z);
    stageVariance(design, k, totals, multiplier, v);
    const next = new Float64Array(stage.nClusters);
    for (let c = 0; c < stage.nClusters; c++) {
      const h = atI32(stage.clusterStratum, c);
      const pop = stage.population?.[h] ?? Infinity;
      next[c] = (multiplier ? atF64(multiplier, h) : 1) * (atF64(stage.sampled, h) / pop);
    }
    multiplier = next;
  }
  return v;
}

/** Whether every row is its own cluster, in row order (then the PSU totals are z itself). */
function isIdentity(stage: DesignStage, n: number): boolean {
  if (stage.nClusters !== n) return false;
  const cluster = stage.cluster;
  for (let i = 0; i < n; i++) if (cluster[i] !== i) return false;
  return true;
}

/** PSU totals of each column (column-major: one array per column). */
function clusterTotals(stage: DesignStage, z: readonly Float64Array[]): Float64Array[] {
  const cluster = stage.cluster;
  return z.map((col) => {
    const t = new Float64Array(stage.nClusters);
    for (let i = 0; i < col.length; i++) {
      const c = atI32(cluster, i);
      t[c] = atF64(t, c) + atF64(col, i);
    }
    return t;
  });
}

function stageVariance(
  design: SurveyDesign,
  k: number,
  totals: readonly Float64Array[],
  multiplier: Float64Array | null,
  v: Float64Array,
): void {
  const stage = design.stages[k];
  if (!stage) return;
  const p = totals.length;
  const nStrata = stage.nStrata;
  const nClusters = stage.nClusters;
  const clusterStratum = stage.clusterStratum;
  const status = new Int8Array(nStrata); // 0 = ok, 1 = contributes nothing, 2 = NA (average)
  const scale = new Float64Array(nStrata);
  const centre = new Uint8Array(nStrata).fill(1);
  for (let h = 0; h < nStrata; h++) {
    const nh = atF64(stage.sampled, h);
    const pop = stage.population?.[h] ?? Infinity;
    const f = pop === Infinity ? 1 : (pop - nh) / pop;
    if (f < 1e-7 || nh === 0) status[h] = 1;
    else if (nh > 1) scale[h] = (f * nh) / (nh - 1);
    else lonely(design, k, h, f, status, scale, centre);
  }
  // Stratum means of the cluster totals (over the n_h sampled units).
  const means = totals.map((col) => {
    const m = new Float64Array(nStrata);
    for (let c = 0; c < nClusters; c++) {
      const h = atI32(clusterStratum, c);
      m[h] = atF64(m, h) + atF64(col, c);
    }
    for (let h = 0; h < nStrata; h++) m[h] = centre[h] ? atF64(m, h) / (atF64(stage.sampled, h) || 1) : 0;
    return m;
  });
  // Per-stratum cross-products, pair by pair (columns stream through the cache).
  const contrib = new Float64Array(nStrata * p * p);
  for (let a = 0; a < p; a++) {
    const ta = at(totals, a);
    const ma = at(means, a);
    for (let b = a; b < p; b++) {
      const tb = at(totals, b);
      const mb = at(means, b);
      const offset = a * p + b;
      if (nStrata === 1) {
        const m1 = atF64(ma, 0);
        const m2 = atF64(mb, 0);
        let s = 0;
        for (let c = 0; c < nClusters; c++) s += (atF64(ta, c) - m1) * (atF64(tb, c) - m2);
        contrib[offset] = s;
        continue;
      }
      for (let c = 0; c < nClusters; c++) {
        const h = atI32(clusterStratum, c);
        const idx = h * p * p + offset;
        contrib[idx] = atF64(contrib, idx) + (atF64(ta, c) - atF64(ma, h)) * (atF64(tb, c) - atF64(mb, h));
      }
    }
  }
  // Strata are grouped as R's recursion groups them: all stage-1 strata together; at later
  // stages each stratum (a unit of the stage above) is its own group.
  const addGroup = (group: Int32Array): void => {
    let ok = 0;
    for (let g = 0; g < group.length; g++) if (status[atI32(group, g)] !== 2) ok++;
    const factor = ok === group.length ? 1 : group.length / ok;
    for (let g = 0; g < group.length; g++) {
      const h = atI32(group, g);
      if (status[h] !== 0) continue;
      const m = (multiplier ? atF64(multiplier, h) : 1) * factor * atF64(scale, h);
      for (let a = 0; a < p; a++) {
        for (let b = a; b < p; b++) {
          const add = m * atF64(contrib, h * p * p + a * p + b);
          v[a * p + b] = atF64(v, a * p + b) + add;
          if (a !== b) v[b * p + a] = atF64(v, b * p + a) + add;
        }
      }
    }
  };
  if (k === 0) addGroup(Int32Array.from({ length: nStrata }, (_, h) => h));
  else for (let h = 0; h < nStrata; h++) addGroup(Int32Array.of(h));
}

/** A stratum with one sampled PSU, per R's `survey.lonely.psu` options. */
function lonely(
  design: SurveyDesign,
  k: number,
  h: number,
  f: number,
  status: Int8Array,
  scale: Float64Array,
  centre: Uint8Array,
): void {
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
      return;
    case 'average':
      status[h] = 2;
      return;
    case 'adjust':
      // Centred at zero (the population mean of a total's influence) instead of its own mean.
      scale[h] = f;
      centre[h] = 0;
      return;
  }
}
