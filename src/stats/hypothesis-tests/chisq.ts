import type { SurveyDesign } from '../design/types.ts';
import { pchisq } from '../distributions/chi-squared.ts';
import { pf } from '../distributions/fisher-f.ts';
import { surveyMean, surveyTotal } from '../estimation/mean.ts';
import type { Variable } from '../estimation/types.ts';
import type { Factor } from '../factor.ts';
import { matMul, solveLinear, trace, transpose } from '../linalg.ts';
import { at } from '../checked.ts';

export type ChisqStatistic = 'F' | 'Chisq' | 'Wald' | 'adjWald';

export interface ChisqResult {
  readonly statistic: ChisqStatistic;
  /** F for `F`, `Wald`, `adjWald`; Pearson's X² for `Chisq`. */
  readonly value: number;
  readonly p: number;
  /** `Chisq`: df; the others: ndf and ddf. */
  readonly df?: number;
  readonly ndf?: number;
  readonly ddf?: number;
}

/** Weighted two-way table Σw per cell, row-major [r][c] (R `svytable`). */
export function weightedTable(weights: ArrayLike<number>, rows: Factor, cols: Factor): number[][] {
  const table = rows.levels.map(() => cols.levels.map(() => 0));
  for (let i = 0; i < weights.length; i++) {
    const row = table[at(rows.codes, i)];
    const c = at(cols.codes, i);
    if (row) row[c] = at(row, c) + at(weights, i);
  }
  return table;
}

/**
 * Design-based tests of independence in a two-way table (R `svychisq`), for rows r and columns c:
 * - `F` (default): Rao & Scott's second-order correction. X² is Pearson's statistic of the
 *   weighted table rescaled to n; Δ = (CᵀD⁻¹C/n)⁻¹ CᵀD⁻¹VD⁻¹C with D = diag(p̂), V the design
 *   covariance of the cell proportions and C the interaction contrasts orthogonal to the main
 *   effects; F = X²/tr Δ on d0 = (tr Δ)²/tr Δ² and d0·ν df, ν = PSUs − strata.
 * - `Chisq`: first-order, p from χ²_{(r−1)(c−1)} of X²/mean(diag Δ).
 * - `Wald`: the Wald statistic of the interaction (cell minus product-of-margins totals) / ((r−1)(c−1)), F on ((r−1)(c−1), ν).
 * - `adjWald`: the same times (ν − k + 1)/(k ν), F on (k, ν − k + 1), k = (r−1)(c−1).
 * References: Rao & Scott (1984) Ann. Statist. 12, 46–60; Thomas & Rao (1987) JASA 82, 630–636.
 */
export function surveyChisq(
  design: SurveyDesign,
  rows: Factor,
  cols: Factor,
  statistic: ChisqStatistic = 'F',
): ChisqResult {
  const nr = rows.levels.length;
  const nc = cols.levels.length;
  const n = design.n;
  const nu = allRowsDf(design);
  const indicator = (pred: (i: number) => boolean, name: string): Variable => {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = pred(i) ? 1 : 0;
    return { name, values };
  };
  const cells: Variable[] = [];
  for (let c = 0; c < nc; c++) {
    for (let r = 0; r < nr; r++) cells.push(indicator((i) => rows.codes[i] === r && cols.codes[i] === c, `${r}:${c}`));
  }
  if (statistic === 'Wald' || statistic === 'adjWald')
    return waldTest(design, rows, cols, cells, nu, statistic, indicator);
  const pearson = pearsonStatistic(weightedTable(design.weights, rows, cols), n);
  const mean = surveyMean(design, cells);
  const k = nr * nc;
  const p = mean.estimate;
  const cmat = interactionContrasts(nr, nc);
  const m = (nr - 1) * (nc - 1);
  const iD = new Float64Array(k * k);
  for (let a = 0; a < k; a++) iD[a * k + a] = at(p, a) === 0 ? 0 : 1 / at(p, a);
  const ct = transpose(cmat, k, m);
  const ctiD = matMul(ct, iD, m, k, k);
  const denom = matMul(ctiD, cmat, m, k, m).map((v) => v / n);
  const numr = matMul(matMul(matMul(ctiD, mean.vcov, m, k, k), iD, m, k, k), cmat, m, k, m);
  const delta = solveLinear(denom, numr, m);
  const trDelta = trace(delta, m);
  const d0 = (trDelta * trDelta) / trace(matMul(delta, delta, m, m, m), m);
  if (statistic === 'F') {
    const value = pearson / trDelta;
    return { statistic, value, p: pf(value, d0, d0 * nu, false), ndf: d0, ddf: d0 * nu };
  }
  return { statistic, value: pearson, p: pchisq(pearson / (trDelta / m), m, false), df: m };
}

function pearsonStatistic(table: number[][], total: number): number {
  let sum = 0;
  for (const row of table) for (const v of row) sum += v;
  const scaled = table.map((row) => row.map((v) => (v * total) / sum));
  const rowTot = scaled.map((row) => row.reduce((a, b) => a + b, 0));
  const colTot = (scaled[0] ?? []).map((_, c) => scaled.reduce((a, row) => a + at(row, c), 0));
  let x2 = 0;
  scaled.forEach((row, r) =>
    row.forEach((o, c) => {
      const e = (at(rowTot, r) * at(colTot, c)) / total;
      x2 += ((o - e) * (o - e)) / e;
    }),
  );
  return x2;
}

/**
 * The interaction columns of the saturated model on the r × c grid (rows varying fastest), made
 * orthogonal to the intercept and main effects: R's qr.resid(qr(X1), X12[, interaction]).
 */
function interactionContrasts(nr: number, nc: number): Float64Array {
  const k = nr * nc;
  const q = nr + nc - 1;
  const m = (nr - 1) * (nc - 1);
  const x1 = new Float64Array(k * q);
  const xi = new Float64Array(k * m);
  for (let c = 0; c < nc; c++) {
    for (let r = 0; r < nr; r++) {
      const row = c * nr + r;
      x1[row * q] = 1;
      if (r > 0) x1[row * q + r] = 1;
      if (c > 0) x1[row * q + nr - 1 + c] = 1;
      if (r > 0 && c > 0) xi[row * m + (c - 1) * (nr - 1) + (r - 1)] = 1;
    }
  }
  const x1t = transpose(x1, k, q);
  const beta = solveLinear(matMul(x1t, x1, q, k, q), matMul(x1t, xi, q, k, m), q);
  const fitted = matMul(x1, beta, k, q, m);
  return xi.map((v, i) => v - at(fitted, i));
}

function waldTest(
  design: SurveyDesign,
  rows: Factor,
  cols: Factor,
  cells: Variable[],
  nu: number,
  statistic: 'Wald' | 'adjWald',
  indicator: (pred: (i: number) => boolean, name: string) => Variable,
): ChisqResult {
  const nr = rows.levels.length;
  const nc = cols.levels.length;
  const k = nr * nc;
  const vars = [
    ...cells,
    ...rows.levels.map((_, r) => indicator((i) => rows.codes[i] === r, `r${r}`)),
    ...cols.levels.map((_, c) => indicator((i) => cols.codes[i] === c, `c${c}`)),
    indicator(() => true, 'one'),
  ];
  const tot = surveyTotal(design, vars);
  const t = tot.estimate;
  const P = vars.length;
  const N = at(t, P - 1);
  const rowTot = (r: number): number => at(t, k + r);
  const colTot = (c: number): number => at(t, k + nr + c);
  const jcb = new Float64Array(k * P);
  const y = new Float64Array(k);
  for (let c = 0; c < nc; c++) {
    for (let r = 0; r < nr; r++) {
      const cell = c * nr + r;
      jcb[cell * P + cell] = 1;
      jcb[cell * P + k + r] = -colTot(c) / N;
      jcb[cell * P + k + nr + c] = -rowTot(r) / N;
      jcb[cell * P + P - 1] = (rowTot(r) * colTot(c)) / (N * N);
      y[cell] = at(t, cell) - (rowTot(r) * colTot(c)) / N;
    }
  }
  const v = matMul(matMul(jcb, tot.vcov, k, P, P), transpose(jcb, k, P), k, P, k);
  const use: number[] = [];
  for (let c = 1; c < nc; c++) for (let r = 1; r < nr; r++) use.push(c * nr + r);
  const m = use.length;
  const vu = new Float64Array(m * m);
  const yu = new Float64Array(m);
  use.forEach((a, i) => {
    yu[i] = at(y, a);
    use.forEach((b, j) => {
      vu[i * m + j] = at(v, a * k + b);
    });
  });
  const sol = solveLinear(vu, yu, m);
  let wald = 0;
  for (let i = 0; i < m; i++) wald += at(yu, i) * at(sol, i);
  const ndf = m;
  if (statistic === 'Wald') {
    const value = wald / ndf;
    return { statistic, value, p: pf(value, ndf, nu, false), ndf, ddf: nu };
  }
  const ddf = nu - ndf + 1;
  const value = (wald * ddf) / (ndf * nu);
  return { statistic, value, p: pf(value, ndf, ddf, false), ndf, ddf };
}

/** PSUs − strata over all rows, as svychisq counts them (weights not consulted). */
function allRowsDf(design: SurveyDesign): number {
  const stage = design.stages[0];
  if (!stage) return design.n - 1;
  const strata = new Set<number>();
  for (let i = 0; i < design.n; i++) strata.add(at(stage.stratum, i));
  return stage.nClusters - strata.size;
}
