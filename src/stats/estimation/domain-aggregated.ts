import { degreesOfFreedom } from '../design/modify.ts';
import type { DesignStage, RakingAdjustment, SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { addAt, at } from '../checked.ts';
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
    n: columns.present.map((d) => at(columns.domainPositive, d)),
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
    const c = at(cells, i);
    const d = at(domain.codes, i);
    if (at(cellDomain, c) === -1) cellDomain[c] = d;
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
  const values = variables.map((v) => v.values);
  const shift = values.map((v) => {
    for (let i = 0; i < n; i++) if (at(w, i) !== 0) return at(v, i);
    return 0;
  });
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
  for (let i = 0; i < n; i++) {
    const c = at(cells, i);
    addAt(s.count, c, 1);
    const key = c * nh + at(stage.stratum, i);
    const wf = at(finalWeights, i);
    addAt(s.SF, key, wf);
    addAt(s.QFF, key, wf * wf);
    const wi = at(w, i);
    if (wi === 0) continue;
    addAt(s.positive, c, 1);
    const w2 = wi * wi;
    addAt(s.Sw, key, wi);
    addAt(s.Qww, key, w2);
    for (let j = 0; j < nv; j++) {
      const yj = at(at(values, j), i) - at(shift, j);
      y[j] = yj;
      addAt(s.sumY, c * nv + j, yj);
      addAt(s.Swy, key * nv + j, wi * yj);
      addAt(s.Qwwy, key * nv + j, w2 * yj);
    }
    for (let a = 0; a < nv; a++) {
      for (let b = a; b < nv; b++) addAt(s.Qwwyy, (key * nv + a) * nv + b, w2 * at(y, a) * at(y, b));
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
    const d = at(cellDomain, c);
    if (d < 0) continue;
    addAt(dRows, d, at(s.count, c));
    addAt(domainPositive, d, at(s.positive, c));
    for (let h = 0; h < nh; h++) {
      const key = c * nh + h;
      addAt(dW, d, at(s.Sw, key));
      for (let j = 0; j < nv; j++) addAt(dWy, d * nv + j, at(s.Swy, key * nv + j));
    }
  }
  const present: number[] = [];
  for (let d = 0; d < nd; d++) {
    if (at(dRows, d) === 0) continue;
    if (at(domainPositive, d) === 0)
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
      const total = at(dWy, d * nv + j);
      const weight = at(dW, d);
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
    const d = at(columns.colDomain, col);
    const j = at(columns.colVar, col);
    const b = at(columns.beta, col);
    const centre = at(columns.centre, col);
    const sums = Float64Array.from({ length: rake.nCells }, (_, c) =>
      cellDomain[c] === d ? b * (at(s.sumY, c * nv + j) - at(s.positive, c) * centre) : 0,
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
  const nSampled = at(stage.sampled, h);
  const pop = stage.population ? at(stage.population, h) : Infinity;
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
  const inside = (col: number, c: number): number => (cellDomain[c] === colDomain[col] ? at(beta, col) : 0);
  const sums = new Float64Array(p);
  for (let col = 0; col < p; col++) {
    const j = at(colVar, col);
    const ce = at(centre, col);
    let total = 0;
    for (let c = 0; c < nCells; c++) {
      const key = c * nh + h;
      total +=
        -at(shiftOf, col * nCells + c) * at(s.SF, key) +
        inside(col, c) * (at(s.Swy, key * nv + j) - ce * at(s.Sw, key));
    }
    sums[col] = total;
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const ja = at(colVar, a);
      const jb = at(colVar, b);
      const ca = at(centre, a);
      const cb = at(centre, b);
      const lo = Math.min(ja, jb);
      const hi = Math.max(ja, jb);
      let total = 0;
      for (let c = 0; c < nCells; c++) {
        const key = c * nh + h;
        const Aa = -at(shiftOf, a * nCells + c);
        const Ab = -at(shiftOf, b * nCells + c);
        const Ba = inside(a, c);
        const Bb = inside(b, c);
        const qww = at(s.Qww, key);
        const qya = at(s.Qwwy, key * nv + ja);
        const qyb = at(s.Qwwy, key * nv + jb);
        total += Aa * Ab * at(s.QFF, key);
        if (Bb !== 0) total += Aa * Bb * (qyb - cb * qww);
        if (Ba !== 0) total += Ab * Ba * (qya - ca * qww);
        if (Ba !== 0 && Bb !== 0) {
          total += Ba * Bb * (at(s.Qwwyy, (key * nv + lo) * nv + hi) - ca * qyb - cb * qya + ca * cb * qww);
        }
      }
      const value = scale * (total - (at(sums, a) * at(sums, b)) / nSampled);
      addAt(vcov, a * p + b, value);
      if (a !== b) addAt(vcov, b * p + a, value);
    }
  }
  return true;
}
