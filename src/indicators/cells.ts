/**
 * Estimation cells: for one indicator, one domain (all adults or a subgroup level) and one
 * country, the weighted totals Ŷ = Σ w·d·y and X̂ = Σ w·d (d: in the indicator's base and the
 * domain) with the linearised covariance of (Ŷ, X̂) under the country's design, the raking
 * adjustment projected out (`linearizedVcov`). Cells of countries add up (countries are
 * independent strata), and a point estimate is the ratio R = Ŷ/X̂ with
 *   Var(R) = (V_YY − 2R·V_XY + R²·V_XX) / X̂²
 * (Taylor linearisation of a ratio; Särndal, Swensson & Wretman 1992 §5.6) — for one country the
 * domain mean R's `svymean(~y, subset(design, d))` gives, and for a region or the world the mean
 * of the pooled design with country as stratum and each country's weights summing to its adult
 * population (weights are in persons), Gallup's aggregation.
 */
import {
  createDesign,
  linearizedVcov,
  projectAdjustments,
  type SurveyDesign,
  type VarianceAdjustment,
} from '../stats/index.ts';
import type { CountryWeights } from './weighting.ts';
import { atF64, atI32, float64 } from '../stats/checked.ts';

export interface Cell {
  /** Unweighted respondents in the domain and base. */
  readonly n: number;
  readonly sumW: number;
  readonly sumW2: number;
  /** Σ w·y, Σ w·y² over the domain. */
  readonly y: number;
  readonly y2: number;
  readonly vyy: number;
  readonly vxy: number;
  readonly vxx: number;
}

export const EMPTY_CELL: Cell = { n: 0, sumW: 0, sumW2: 0, y: 0, y2: 0, vyy: 0, vxy: 0, vxx: 0 };

export function addCells(a: Cell, b: Cell): Cell {
  return {
    n: a.n + b.n,
    sumW: a.sumW + b.sumW,
    sumW2: a.sumW2 + b.sumW2,
    y: a.y + b.y,
    y2: a.y2 + b.y2,
    vyy: a.vyy + b.vyy,
    vxy: a.vxy + b.vxy,
    vxx: a.vxx + b.vxx,
  };
}

/** The country's design after weighting: each respondent its own PSU, one stratum, the adjustment recorded, final weights. */
export function countryDesign(
  c: Pick<CountryWeights, 'baseWeights' | 'rakedWeights' | 'weights' | 'cells' | 'structure'>,
): SurveyDesign {
  const base = createDesign({ weights: c.baseWeights });
  const adjustment = weightingAdjustment(c);
  return { ...base, weights: c.weights, adjustments: adjustment ? [adjustment] : [] };
}

/**
 * The variance record of a country's weighting, rebuilt from what the run stored: raking's
 * per-margin ratios, post-stratification's cells, or calibration's model matrix (an intercept and
 * treatment indicators of each margin's levels, from the joint cell of each respondent) with the
 * design weights d = base × designScale and g = w/d (R's `greg_calibration` record); none when the
 * calibration failed and the design weights were kept.
 */
export function weightingAdjustment(
  c: Pick<CountryWeights, 'baseWeights' | 'rakedWeights' | 'weights' | 'cells' | 'structure'>,
): VarianceAdjustment | null {
  const s = c.structure;
  if (s.kind === 'none') return null;
  const nCells = s.cellLabels.length;
  if (s.kind === 'rake')
    return {
      kind: 'rake',
      cell: c.cells,
      nCells,
      finalWeights: c.rakedWeights,
      margins: s.margins.map((m) => ({
        levelOfCell: Int32Array.from(m.levelOfCell),
        nLevels: m.nLevels,
        ratio: Float64Array.from(m.ratio),
      })),
      sweeps: s.sweeps,
    };
  if (s.kind === 'poststratify')
    return { kind: 'poststratify', cell: c.cells, nCells, oldWeights: c.baseWeights, newWeights: c.rakedWeights };
  const n = c.cells.length;
  const columns: Float64Array[] = [new Float64Array(n).fill(1)];
  for (const m of s.margins) {
    for (let level = 1; level < m.nLevels; level++) {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) if (m.levelOfCell[atI32(c.cells, i)] === level) col[i] = 1;
      columns.push(col);
    }
  }
  const designWeights = Float64Array.from(c.baseWeights, (b) => b * s.designScale);
  const g = Float64Array.from(c.weights, (w, i) => w / (designWeights[i] ?? 1));
  return { kind: 'calibrate', columns, designWeights, g };
}

export interface Domain {
  /** 1 for rows in the indicator's base and the domain. */
  readonly inDomain: Uint8Array;
  /** The indicator's value per row (ignored outside the domain). */
  readonly values: Float64Array;
}

/**
 * The cells of several domains of one country. The influence columns of every domain are
 * projected through the weighting adjustment in one pass; for a country's design (one stratum,
 * every respondent a PSU, no fpc) the covariance of totals is then n/(n−1)·Σ(e_a − ē_a)(e_b − ē_b)
 * (R `survey:::multistage`); any other design goes through `linearizedVcov`.
 *
 * A country of one respondent is a stratum with a single PSU: its contribution follows R's
 * `options(survey.lonely.psu = "adjust")`, Σ e_a·e_b centred at zero instead of the stratum mean
 * and without the n/(n−1) factor, so that a region or the world pooling it still has a variance
 * (the country's own cell, of n = 1, has none: `ratioEstimate`).
 */
export function domainCells(design: SurveyDesign, domains: readonly Domain[]): Cell[] {
  const n = design.n;
  const stage = design.stages[0];
  const simple =
    design.stages.length === 1 && stage !== undefined && stage.nStrata === 1 && stage.nClusters === n && !design.hasFpc;
  const columns: Float64Array[] = [];
  const sums = domains.map(({ inDomain, values }) => {
    const zy = new Float64Array(n);
    const zx = new Float64Array(n);
    let count = 0;
    let sumW = 0;
    let sumW2 = 0;
    let y = 0;
    let y2 = 0;
    for (let i = 0; i < n; i++) {
      if (inDomain[i] !== 1) continue;
      const w = atF64(design.weights, i);
      const v = atF64(values, i);
      count++;
      sumW += w;
      sumW2 += w * w;
      y += w * v;
      y2 += w * v * v;
      zy[i] = w * v;
      zx[i] = w;
    }
    columns.push(zy, zx);
    return { n: count, sumW, sumW2, y, y2 };
  });
  if (!simple) {
    return sums.map((t, k) => {
      if (t.n === 0) return EMPTY_CELL;
      const v = linearizedVcov(design, [
        columns[2 * k] ?? new Float64Array(n),
        columns[2 * k + 1] ?? new Float64Array(n),
      ]);
      return { ...t, vyy: atF64(v, 0), vxy: atF64(v, 1), vxx: atF64(v, 3) };
    });
  }
  const e = projectAdjustments(design, columns);
  const lonely = n === 1;
  const scale = lonely ? 1 : n / (n - 1);
  return sums.map((t, k) => {
    if (t.n === 0) return EMPTY_CELL;
    const ea = e[2 * k];
    const eb = e[2 * k + 1];
    if (!ea || !eb) return EMPTY_CELL;
    const a = float64(ea);
    const b = float64(eb);
    let ma = 0;
    let mb = 0;
    for (let i = 0; i < n; i++) {
      ma += atF64(a, i);
      mb += atF64(b, i);
    }
    ma = lonely ? 0 : ma / n;
    mb = lonely ? 0 : mb / n;
    let saa = 0;
    let sab = 0;
    let sbb = 0;
    for (let i = 0; i < n; i++) {
      const da = atF64(a, i) - ma;
      const db = atF64(b, i) - mb;
      saa += da * da;
      sab += da * db;
      sbb += db * db;
    }
    return { ...t, vyy: scale * saa, vxy: scale * sab, vxx: scale * sbb };
  });
}

export interface RatioEstimate {
  readonly estimate: number;
  readonly se: number;
  readonly effectiveN: number;
  /** Variance over the variance of simple random sampling without replacement of the same n (R `svymean(deff = TRUE)`); null when undefined. */
  readonly deff: number | null;
}

/**
 * The ratio estimate of a (possibly summed) cell; null for an empty one. The variance of a cell
 * of one respondent is not estimable (one observation has no spread; R refuses a lonely
 * PSU by default): its SE is NaN, which the publication invariants withhold.
 */
export function ratioEstimate(cell: Cell): RatioEstimate | null {
  if (cell.n === 0 || !(cell.sumW > 0)) return null;
  const x = cell.sumW;
  const r = cell.y / x;
  const variance = cell.n === 1 ? Number.NaN : (cell.vyy - 2 * r * cell.vxy + r * r * cell.vxx) / (x * x);
  const n = cell.n;
  // svyvar: the weighted variance with the n/(n−1) correction; V_srs = s²·(N̂ − n)/(N̂·n).
  const s2 = n > 1 ? ((cell.y2 - 2 * r * cell.y + r * r * x) / x) * (n / (n - 1)) : Number.NaN;
  const vSrs = (s2 * (x - n)) / (x * n);
  return {
    estimate: r,
    se: Number.isNaN(variance) ? variance : Math.sqrt(Math.max(variance, 0)),
    effectiveN: (cell.sumW * cell.sumW) / cell.sumW2,
    deff: vSrs > 0 && Number.isFinite(vSrs) ? variance / vSrs : null,
  };
}
