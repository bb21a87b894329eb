import { degreesOfFreedom } from '../design/modify.ts';
import type { DesignStage, RakingAdjustment, SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { addAt, at, atF64, atI32, float64 } from '../checked.ts';
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
  const layout = cellLayout(design, domain);
  if (!layout) return null;
  const w = completeCaseWeights(design, variables);
  const sums = cellSums(design, layout, variables, w);
  const columns = domainColumns(statistic, variables, domain, layout, sums);
  const shifts = rakingShifts(layout, sums, columns);
  const p = columns.names.length;
  const vcov = new Float64Array(p * p);
  for (let h = 0; h < layout.stage.nStrata; h++) {
    if (!addStratumCovariance(design, layout, sums, columns, shifts, h, vcov)) return null;
  }
  const joint: SurveyStatistic = {
    names: columns.names,
    estimate: columns.estimate,
    vcov,
    df: degreesOfFreedom(design),
    n: countNonZero(w),
  };
  return {
    domains: columns.present.map((d) => at(domain.levels, d)),
    joint,
    n: columns.present.map((d) => atF64(columns.domainPositive, d)),
  };
}

/** Where the rows fall: the one stage, the raking (if any), each row's cell and each cell's domain. */
interface CellLayout {
  readonly stage: DesignStage;
  readonly rake: RakingAdjustment | null;
  readonly cells: Int32Array;
  readonly nCells: number;
  /** Domain of each cell (−1: a cell no row falls in). */
  readonly cellDomain: Int32Array;
}

/** The cells of a design that qualifies (one stage, every row its own PSU, at most one raking, domains unions of cells), else null. */
function cellLayout(design: SurveyDesign, domain: Factor): CellLayout | null {
  const stage = design.stages[0];
  if (!stage || design.stages.length !== 1 || stage.nClusters !== design.n) return null;
  const adjustments = design.adjustments;
  const first = adjustments[0];
  const rake: RakingAdjustment | null = adjustments.length === 1 && first?.kind === 'rake' ? first : null;
  if (adjustments.length > 0 && (!rake || rake.finalWeights !== design.weights)) return null;
  const n = design.n;
  for (let i = 0; i < n; i++) if (stage.cluster[i] !== i) return null;
  const cells = rake ? rake.cell : domain.codes;
  const nCells = rake ? rake.nCells : domain.levels.length;
  const cellDomain = new Int32Array(nCells).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = atI32(cells, i);
    const d = atI32(domain.codes, i);
    if (atI32(cellDomain, c) === -1) cellDomain[c] = d;
    else if (cellDomain[c] !== d) return null;
  }
  return { stage, rake, cells, nCells, cellDomain };
}

/**
 * The sums over rows of each cell (and cell × stratum, `key` = c·nStrata + h) that the estimates
 * and their covariance expand into; y is shifted by a constant per variable (its first kept value)
 * to keep the expanded sums of squares well conditioned.
 */
interface CellSums {
  readonly nv: number;
  readonly shift: readonly number[];
  /** Rows of each cell (all rows, for the raking averages), and those with w ≠ 0. */
  readonly count: Float64Array;
  readonly positive: Float64Array;
  /** Σ y over the rows of a cell with w ≠ 0 (unweighted), per variable. */
  readonly sumY: Float64Array;
  /** Σ w_final and Σ w_final² over all rows (rows left out still carry the raking term). */
  readonly SF: Float64Array;
  readonly QFF: Float64Array;
  readonly Sw: Float64Array;
  readonly Swy: Float64Array;
  readonly Qww: Float64Array;
  readonly Qwwy: Float64Array;
  /** Σ w²·y_a·y_b for a ≤ b. */
  readonly Qwwyy: Float64Array;
}

/** One pass over the rows: the cell sums. */
function cellSums(design: SurveyDesign, layout: CellLayout, variables: readonly Variable[], w: Float64Array): CellSums {
  const { stage, cells, nCells } = layout;
  const n = design.n;
  const nv = variables.length;
  const nh = stage.nStrata;
  const K = nCells * nh;
  const values = variables.map((v) => float64(v.values));
  const shift = values.map((v) => {
    for (let i = 0; i < n; i++) if (atF64(w, i) !== 0) return atF64(v, i);
    return 0;
  });
  const shifts = Float64Array.from(shift);
  const s: CellSums = {
    nv,
    shift,
    count: new Float64Array(nCells),
    positive: new Float64Array(nCells),
    sumY: new Float64Array(nCells * nv),
    SF: new Float64Array(K),
    QFF: new Float64Array(K),
    Sw: new Float64Array(K),
    Swy: new Float64Array(K * nv),
    Qww: new Float64Array(K),
    Qwwy: new Float64Array(K * nv),
    Qwwyy: new Float64Array(K * nv * nv),
  };
  const finalWeights = layout.rake ? layout.rake.finalWeights : design.weights;
  const y = new Float64Array(nv);
  // Accumulated as `t[k] = atF64(t, k) + amount` (`addAt` reads through the shared `at`).
  const { count, positive, sumY, SF, QFF, Sw, Swy, Qww, Qwwy, Qwwyy } = s;
  for (let i = 0; i < n; i++) {
    const c = atI32(cells, i);
    count[c] = atF64(count, c) + 1;
    const key = c * nh + atI32(stage.stratum, i);
    const wf = atF64(finalWeights, i);
    SF[key] = atF64(SF, key) + wf;
    QFF[key] = atF64(QFF, key) + wf * wf;
    const wi = atF64(w, i);
    if (wi === 0) continue;
    positive[c] = atF64(positive, c) + 1;
    const w2 = wi * wi;
    Sw[key] = atF64(Sw, key) + wi;
    Qww[key] = atF64(Qww, key) + w2;
    for (let j = 0; j < nv; j++) {
      const yj = atF64(at(values, j), i) - atF64(shifts, j);
      y[j] = yj;
      const cj = c * nv + j;
      const kj = key * nv + j;
      sumY[cj] = atF64(sumY, cj) + yj;
      Swy[kj] = atF64(Swy, kj) + wi * yj;
      Qwwy[kj] = atF64(Qwwy, kj) + w2 * yj;
    }
    for (let a = 0; a < nv; a++) {
      for (let b = a; b < nv; b++) {
        const k = (key * nv + a) * nv + b;
        Qwwyy[k] = atF64(Qwwyy, k) + w2 * atF64(y, a) * atF64(y, b);
      }
    }
  }
  return s;
}

/** The columns of the result: one per (present domain, variable), with its estimate, β and centre. */
interface DomainColumns {
  /** The domains with rows, in factor order, and each domain's rows with positive weight. */
  readonly present: readonly number[];
  readonly domainPositive: Float64Array;
  readonly names: string[];
  readonly estimate: Float64Array;
  readonly colDomain: Int32Array;
  readonly colVar: Int32Array;
  readonly beta: Float64Array;
  /** In shifted units. */
  readonly centre: Float64Array;
}

/** The domains' weight totals and estimates; a domain with rows but no positive weight is an error. */
function domainColumns(
  statistic: 'mean' | 'total',
  variables: readonly Variable[],
  domain: Factor,
  layout: CellLayout,
  s: CellSums,
): DomainColumns {
  const { nCells, cellDomain } = layout;
  const nh = layout.stage.nStrata;
  const nv = s.nv;
  const nd = domain.levels.length;
  const dW = new Float64Array(nd);
  const dWy = new Float64Array(nd * nv);
  const dRows = new Float64Array(nd);
  const domainPositive = new Float64Array(nd);
  for (let c = 0; c < nCells; c++) {
    const d = atI32(cellDomain, c);
    if (d < 0) continue;
    addAt(dRows, d, atF64(s.count, c));
    addAt(domainPositive, d, atF64(s.positive, c));
    for (let h = 0; h < nh; h++) {
      const key = c * nh + h;
      addAt(dW, d, atF64(s.Sw, key));
      for (let j = 0; j < nv; j++) addAt(dWy, d * nv + j, atF64(s.Swy, key * nv + j));
    }
  }
  const present: number[] = [];
  for (let d = 0; d < nd; d++) {
    if (atF64(dRows, d) === 0) continue;
    if (atF64(domainPositive, d) === 0)
      throw new SurveyError('empty_domain', `domain "${at(domain.levels, d)}" has no rows with positive weight`);
    present.push(d);
  }
  const p = present.length * nv;
  const columns: DomainColumns = {
    present,
    domainPositive,
    names: [],
    estimate: new Float64Array(p),
    colDomain: new Int32Array(p),
    colVar: new Int32Array(p),
    beta: new Float64Array(p),
    centre: new Float64Array(p),
  };
  present.forEach((d, k) => {
    variables.forEach((v, j) => {
      const col = k * nv + j;
      const level = at(domain.levels, d);
      columns.names.push(nv === 1 ? level : `${level}:${v.name}`);
      const total = atF64(dWy, d * nv + j);
      const weight = atF64(dW, d);
      const shift = at(s.shift, j);
      if (statistic === 'mean') {
        columns.centre[col] = total / weight;
        columns.beta[col] = 1 / weight;
        columns.estimate[col] = total / weight + shift;
      } else {
        columns.centre[col] = -shift;
        columns.beta[col] = 1;
        columns.estimate[col] = total + shift * weight;
      }
      columns.colDomain[col] = d;
      columns.colVar[col] = j;
    });
  });
  return columns;
}

/** The raking shift a_c of each column in each cell (col · nCells + c); zeros without raking. */
function rakingShifts(layout: CellLayout, s: CellSums, columns: DomainColumns): Float64Array {
  const { rake, nCells, cellDomain } = layout;
  const p = columns.names.length;
  const shiftOf = new Float64Array(p * nCells);
  if (!rake) return shiftOf;
  const nv = s.nv;
  for (let col = 0; col < p; col++) {
    const d = atI32(columns.colDomain, col);
    const j = atI32(columns.colVar, col);
    const b = atF64(columns.beta, col);
    const centre = atF64(columns.centre, col);
    const sums = Float64Array.from({ length: rake.nCells }, (_, c) =>
      cellDomain[c] === d ? b * (atF64(s.sumY, c * nv + j) - atF64(s.positive, c) * centre) : 0,
    );
    shiftOf.set(rakingShift(rake, sums, s.count), col * nCells);
  }
  return shiftOf;
}

/**
 * Adds stratum h's share of the covariance to `vcov`, from z_i = −w_final,i·a_c + [row kept, in
 * the domain]·w_i·β(y_i − centre). False when the stratum has one PSU under a lonely-PSU rule the
 * row-level path handles (the caller then gives up); throws under lonelyPsu 'fail'.
 */
function addStratumCovariance(
  design: SurveyDesign,
  layout: CellLayout,
  s: CellSums,
  columns: DomainColumns,
  shiftOf: Float64Array,
  h: number,
  vcov: Float64Array,
): boolean {
  const { stage, nCells, cellDomain } = layout;
  const { colVar, colDomain, beta, centre } = columns;
  const nh = stage.nStrata;
  const nv = s.nv;
  const p = columns.names.length;
  const nSampled = atF64(stage.sampled, h);
  const pop = stage.population ? atF64(stage.population, h) : Infinity;
  const f = pop === Infinity ? 1 : (pop - nSampled) / pop;
  if (f < 1e-7 || nSampled === 0) return true;
  if (nSampled === 1) {
    if (design.lonelyPsu === 'fail') {
      throw new SurveyError(
        'lonely_psu',
        `stratum "${at(design.strataLabels, h)}" has only one PSU at stage 1 (choose lonelyPsu: certainty, remove, adjust or average)`,
      );
    }
    return false;
  }
  const scale = (f * nSampled) / (nSampled - 1);
  const inside = (col: number, c: number): number => (cellDomain[c] === colDomain[col] ? atF64(beta, col) : 0);
  const sums = new Float64Array(p);
  for (let col = 0; col < p; col++) {
    const j = atI32(colVar, col);
    const ce = atF64(centre, col);
    let total = 0;
    for (let c = 0; c < nCells; c++) {
      const key = c * nh + h;
      total +=
        -atF64(shiftOf, col * nCells + c) * atF64(s.SF, key) +
        inside(col, c) * (atF64(s.Swy, key * nv + j) - ce * atF64(s.Sw, key));
    }
    sums[col] = total;
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const ja = atI32(colVar, a);
      const jb = atI32(colVar, b);
      const ca = atF64(centre, a);
      const cb = atF64(centre, b);
      const lo = Math.min(ja, jb);
      const hi = Math.max(ja, jb);
      let total = 0;
      for (let c = 0; c < nCells; c++) {
        const key = c * nh + h;
        const Aa = -atF64(shiftOf, a * nCells + c);
        const Ab = -atF64(shiftOf, b * nCells + c);
        const Ba = inside(a, c);
        const Bb = inside(b, c);
        const qww = atF64(s.Qww, key);
        const qya = atF64(s.Qwwy, key * nv + ja);
        const qyb = atF64(s.Qwwy, key * nv + jb);
        total += Aa * Ab * atF64(s.QFF, key);
        if (Bb !== 0) total += Aa * Bb * (qyb - cb * qww);
        if (Ba !== 0) total += Ab * Ba * (qya - ca * qww);
        if (Ba !== 0 && Bb !== 0) {
          total += Ba * Bb * (atF64(s.Qwwyy, (key * nv + lo) * nv + hi) - ca * qyb - cb * qya + ca * cb * qww);
        }
      }
      const value = scale * (total - (atF64(sums, a) * atF64(sums, b)) / nSampled);
      addAt(vcov, a * p + b, value);
      if (a !== b) addAt(vcov, b * p + a, value);
    }
  }
  return true;
}
