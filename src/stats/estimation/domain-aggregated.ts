import { degreesOfFreedom } from '../design/modify.ts';
import type { RakingAdjustment, SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import type { Factor } from '../factor.ts';
import { rakingShift } from '../variance/projection.ts';
import { completeCaseWeights, countNonZero } from './complete-cases.ts';
import type { DomainStatistic, SurveyStatistic, Variable } from './types.ts';

/**
 * Domain means or totals and their joint linearisation covariance computed from cell aggregates
 * instead of row-level influence arrays — the same numbers as `domainEstimates`, in one pass over
 * the rows and O(cells × p²) work after it. It applies when every row is its own PSU (stratified
 * or not, one stage), the only weighting step is a raking whose weights are still the design's,
 * and each domain is a union of joint raking cells (e.g. regions that are a raking margin).
 *
 * Why it works: within a raking cell c and stratum h, the projected influence of column
 * (domain d, variable j) is z_i = −w_i·a_c + [i kept and in d]·w_i·β_d·(y_ij − centre_dj), with
 * β_d = 1/N̂_d and centre the domain mean for a mean (β = 1, centre 0 for a total) and a_c the
 * backfitting shift of the raking residual (R: 10 sweeps; rows left out for missing values keep
 * their raking term, as in R). So Σz and Σ z_a z_b expand into cell sums of w, w·y, w², w²·y and
 * w²·y·y'. Returns null when the design does not qualify.
 */
export function aggregatedDomainEstimates(
  design: SurveyDesign,
  statistic: 'mean' | 'total',
  variables: readonly Variable[],
  domain: Factor,
): DomainStatistic | null {
  const stage = design.stages[0];
  if (!stage || design.stages.length !== 1 || stage.nClusters !== design.n) return null;
  const adjustments = design.adjustments;
  const rakeAdj: RakingAdjustment | null =
    adjustments.length === 1 && adjustments[0]?.kind === 'rake' ? adjustments[0] : null;
  if (adjustments.length > 0 && (!rakeAdj || rakeAdj.finalWeights !== design.weights)) return null;
  const n = design.n;
  for (let i = 0; i < n; i++) if (stage.cluster[i] !== i) return null;
  const cells = rakeAdj ? rakeAdj.cell : domain.codes;
  const nCells = rakeAdj ? rakeAdj.nCells : domain.levels.length;
  const cellDomain = new Int32Array(nCells).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = cells[i] ?? 0;
    const d = domain.codes[i] ?? 0;
    if (cellDomain[c] === -1) cellDomain[c] = d;
    else if (cellDomain[c] !== d) return null;
  }
  const w = completeCaseWeights(design, variables);
  const nv = variables.length;
  const nh = stage.nStrata;
  const K = nCells * nh;
  // Shift each variable by a constant to keep the expanded sums of squares well conditioned.
  const shift = variables.map((v) => {
    for (let i = 0; i < n; i++) if ((w[i] ?? 0) !== 0) return v.values[i] ?? 0;
    return 0;
  });
  const count = new Float64Array(nCells); // all rows, for the raking averages
  const sumY = new Float64Array(nCells * nv); // Σ y over rows with w ≠ 0 (unweighted)
  const positive = new Float64Array(nCells);
  const finalWeights = rakeAdj ? rakeAdj.finalWeights : design.weights;
  const SF = new Float64Array(K); // Σ w_final over all rows (rows left out still carry the raking term)
  const QFF = new Float64Array(K);
  const Sw = new Float64Array(K);
  const Swy = new Float64Array(K * nv);
  const Qww = new Float64Array(K);
  const Qwwy = new Float64Array(K * nv);
  const Qwwyy = new Float64Array(K * nv * nv);
  const y = new Float64Array(nv);
  for (let i = 0; i < n; i++) {
    const c = cells[i] ?? 0;
    count[c] = (count[c] ?? 0) + 1;
    const key = c * nh + (stage.stratum[i] ?? 0);
    const wf = finalWeights[i] ?? 0;
    SF[key] = (SF[key] ?? 0) + wf;
    QFF[key] = (QFF[key] ?? 0) + wf * wf;
    const wi = w[i] ?? 0;
    if (wi === 0) continue;
    positive[c] = (positive[c] ?? 0) + 1;
    const w2 = wi * wi;
    Sw[key] = (Sw[key] ?? 0) + wi;
    Qww[key] = (Qww[key] ?? 0) + w2;
    for (let j = 0; j < nv; j++) {
      const yj = (variables[j]?.values[i] ?? 0) - (shift[j] ?? 0);
      y[j] = yj;
      sumY[c * nv + j] = (sumY[c * nv + j] ?? 0) + yj;
      Swy[key * nv + j] = (Swy[key * nv + j] ?? 0) + wi * yj;
      Qwwy[key * nv + j] = (Qwwy[key * nv + j] ?? 0) + w2 * yj;
    }
    for (let a = 0; a < nv; a++) {
      for (let b = a; b < nv; b++) {
        const idx = (key * nv + a) * nv + b;
        Qwwyy[idx] = (Qwwyy[idx] ?? 0) + w2 * (y[a] ?? 0) * (y[b] ?? 0);
      }
    }
  }
  // Domains present (in factor order), their weight totals and estimates.
  const nd = domain.levels.length;
  const dW = new Float64Array(nd);
  const dWy = new Float64Array(nd * nv);
  const dRows = new Float64Array(nd);
  const dPositive = new Float64Array(nd);
  for (let c = 0; c < nCells; c++) {
    const d = cellDomain[c] ?? -1;
    if (d < 0) continue;
    dRows[d] = (dRows[d] ?? 0) + (count[c] ?? 0);
    dPositive[d] = (dPositive[d] ?? 0) + (positive[c] ?? 0);
    for (let h = 0; h < nh; h++) {
      const key = c * nh + h;
      dW[d] = (dW[d] ?? 0) + (Sw[key] ?? 0);
      for (let j = 0; j < nv; j++) dWy[d * nv + j] = (dWy[d * nv + j] ?? 0) + (Swy[key * nv + j] ?? 0);
    }
  }
  const present: number[] = [];
  for (let d = 0; d < nd; d++) {
    if ((dRows[d] ?? 0) === 0) continue;
    if ((dPositive[d] ?? 0) === 0)
      throw new SurveyError('empty_domain', `domain "${domain.levels[d] ?? d}" has no rows with positive weight`);
    present.push(d);
  }
  const p = present.length * nv;
  const names: string[] = [];
  const estimate = new Float64Array(p);
  const colDomain = new Int32Array(p);
  const colVar = new Int32Array(p);
  const beta = new Float64Array(p);
  const centre = new Float64Array(p); // in shifted units
  present.forEach((d, k) => {
    variables.forEach((v, j) => {
      const col = k * nv + j;
      names.push(nv === 1 ? (domain.levels[d] ?? String(d)) : `${domain.levels[d] ?? d}:${v.name}`);
      const total = dWy[d * nv + j] ?? 0;
      const weight = dW[d] ?? 1;
      if (statistic === 'mean') {
        centre[col] = total / weight;
        beta[col] = 1 / weight;
        estimate[col] = total / weight + (shift[j] ?? 0);
      } else {
        centre[col] = -(shift[j] ?? 0);
        beta[col] = 1;
        estimate[col] = total + (shift[j] ?? 0) * weight;
      }
      colDomain[col] = d;
      colVar[col] = j;
    });
  });
  // Raking shift a_c per column and cell (zero without raking).
  const shiftOf = new Float64Array(p * nCells);
  if (rakeAdj) {
    for (let col = 0; col < p; col++) {
      const d = colDomain[col] ?? 0;
      const j = colVar[col] ?? 0;
      const b = beta[col] ?? 0;
      const sums = Float64Array.from({ length: rakeAdj.nCells }, (_, c) =>
        cellDomain[c] === d ? b * ((sumY[c * nv + j] ?? 0) - (positive[c] ?? 0) * (centre[col] ?? 0)) : 0,
      );
      const a = rakingShift(rakeAdj, sums, count);
      shiftOf.set(a, col * nCells);
    }
  }
  // z_i = −w_final,i·a_c + [row kept, in the domain]·w_i·β(y_i − centre).
  const vcov = new Float64Array(p * p);
  for (let h = 0; h < nh; h++) {
    const nSampled = stage.sampled[h] ?? 0;
    const pop = stage.population?.[h] ?? Infinity;
    const f = pop === Infinity ? 1 : (pop - nSampled) / pop;
    if (f < 1e-7 || nSampled === 0) continue;
    if (nSampled === 1) {
      if (design.lonelyPsu === 'fail') {
        throw new SurveyError(
          'lonely_psu',
          `stratum "${design.strataLabels[h] ?? h}" has only one PSU at stage 1 (choose lonelyPsu: certainty, remove, adjust or average)`,
        );
      }
      return null; // the other lonely-PSU rules are handled by the row-level path
    }
    const scale = (f * nSampled) / (nSampled - 1);
    const inside = (col: number, c: number): number => (cellDomain[c] === colDomain[col] ? (beta[col] ?? 0) : 0);
    const sums = new Float64Array(p);
    for (let col = 0; col < p; col++) {
      const j = colVar[col] ?? 0;
      const ce = centre[col] ?? 0;
      let total = 0;
      for (let c = 0; c < nCells; c++) {
        const key = c * nh + h;
        total +=
          -(shiftOf[col * nCells + c] ?? 0) * (SF[key] ?? 0) +
          inside(col, c) * ((Swy[key * nv + j] ?? 0) - ce * (Sw[key] ?? 0));
      }
      sums[col] = total;
    }
    for (let a = 0; a < p; a++) {
      for (let b = a; b < p; b++) {
        const ja = colVar[a] ?? 0;
        const jb = colVar[b] ?? 0;
        const ca = centre[a] ?? 0;
        const cb = centre[b] ?? 0;
        const lo = Math.min(ja, jb);
        const hi = Math.max(ja, jb);
        let total = 0;
        for (let c = 0; c < nCells; c++) {
          const key = c * nh + h;
          const Aa = -(shiftOf[a * nCells + c] ?? 0);
          const Ab = -(shiftOf[b * nCells + c] ?? 0);
          const Ba = inside(a, c);
          const Bb = inside(b, c);
          const qww = Qww[key] ?? 0;
          const qya = Qwwy[key * nv + ja] ?? 0;
          const qyb = Qwwy[key * nv + jb] ?? 0;
          total += Aa * Ab * (QFF[key] ?? 0);
          if (Bb !== 0) total += Aa * Bb * (qyb - cb * qww);
          if (Ba !== 0) total += Ab * Ba * (qya - ca * qww);
          if (Ba !== 0 && Bb !== 0) {
            total += Ba * Bb * ((Qwwyy[(key * nv + lo) * nv + hi] ?? 0) - ca * qyb - cb * qya + ca * cb * qww);
          }
        }
        const value = scale * (total - ((sums[a] ?? 0) * (sums[b] ?? 0)) / nSampled);
        vcov[a * p + b] = (vcov[a * p + b] ?? 0) + value;
        if (a !== b) vcov[b * p + a] = (vcov[b * p + a] ?? 0) + value;
      }
    }
  }
  const joint: SurveyStatistic = { names, estimate, vcov, df: degreesOfFreedom(design), n: countNonZero(w) };
  return {
    domains: present.map((d) => domain.levels[d] ?? String(d)),
    joint,
    n: present.map((d) => dPositive[d] ?? 0),
  };
}
