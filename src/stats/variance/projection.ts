import type { CalibrationAdjustment, PostStratumAdjustment, RakingAdjustment, SurveyDesign } from '../design/types.ts';
import { SurveyError } from '../errors.ts';
import { solveLinear } from '../linalg.ts';
import { multiplySquare, symmetricPseudoInverse } from '../pseudo-inverse.ts';
import { at, atF64, atI32, float64 } from '../checked.ts';

/**
 * Replaces influence values by their residuals from every weighting adjustment of the design, in
 * the order they were made (R: the `postStrata` loop of `survey:::svyrecvar`). The inputs are not
 * modified (they are returned as they are when the design has no adjustments).
 */
export function projectAdjustments(
  design: SurveyDesign,
  z: readonly ArrayLike<number>[],
): readonly ArrayLike<number>[] {
  let out: readonly ArrayLike<number>[] = z;
  for (const adj of design.adjustments) {
    if (adj.kind === 'poststratify') out = out.map((col) => postStratumResidual(adj, col));
    else if (adj.kind === 'rake') out = out.map((col) => rakingResidual(adj, col));
    else out = calibrationResidual(adj, out);
  }
  return out;
}

/**
 * Post-stratification residual: z_i − w_i · m_g with m_g = Σ_g z·w⁰/w / Σ_g w⁰, the mean of z/w
 * in post-stratum g weighted by the pre-adjustment weights w⁰. For a mean this is
 * z_i = w_i (y_i − ȳ_g)/N̂. Reference: Valliant (1993) JASA 88, 89–96; R `svyrecvar`.
 */
export function postStratumResidual(adj: PostStratumAdjustment, values: ArrayLike<number>): Float64Array {
  const z = float64(values);
  const num = new Float64Array(adj.nCells);
  const den = new Float64Array(adj.nCells);
  const n = z.length;
  for (let i = 0; i < n; i++) {
    const g = atI32(adj.cell, i);
    const oldw = atF64(adj.oldWeights, i);
    let psw = atF64(adj.newWeights, i);
    if (psw === 0 && oldw === 0) psw = 1;
    num[g] = atF64(num, g) + (atF64(z, i) * oldw) / psw;
    den[g] = atF64(den, g) + oldw;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = atI32(adj.cell, i);
    const oldw = atF64(adj.oldWeights, i);
    let psw = atF64(adj.newWeights, i);
    if (psw === 0 && oldw === 0) psw = 1;
    out[i] = atF64(z, i) - (atF64(num, g) / atF64(den, g)) * psw;
  }
  return out;
}

/**
 * The cell shifts a_c of the raking residual: `adj.sweeps` backfitting passes over the margins on
 * the cell sums of z/w (`cellSum`) and the number of rows per cell (`cellCount`) — see
 * `rakingResidual`. Shared with the aggregated domain estimates, which work on cell sums directly.
 */
export function rakingShift(adj: RakingAdjustment, sums: ArrayLike<number>, counts: ArrayLike<number>): Float64Array {
  const cellSum = float64(sums);
  const cellCount = float64(counts);
  const nc = adj.nCells;
  const shift = new Float64Array(nc); // a_c
  for (let sweep = 0; sweep < adj.sweeps; sweep++) {
    for (const margin of adj.margins) {
      const levelSum = new Float64Array(margin.nLevels);
      const levelCount = new Float64Array(margin.nLevels);
      for (let c = 0; c < nc; c++) {
        const l = atI32(margin.levelOfCell, c);
        levelSum[l] =
          atF64(levelSum, l) + atF64(margin.ratio, c) * (atF64(cellSum, c) - atF64(cellCount, c) * atF64(shift, c));
        levelCount[l] = atF64(levelCount, l) + atF64(cellCount, c);
      }
      for (let c = 0; c < nc; c++) {
        const l = atI32(margin.levelOfCell, c);
        const count = atF64(levelCount, l);
        if (count > 0) shift[c] = atF64(shift, c) + atF64(levelSum, l) / count / atF64(margin.ratio, c);
      }
    }
  }
  return shift;
}

/**
 * Raking residual: R applies `sweeps` (10) backfitting passes z ← z − w_m · ave_m(z / w_m) over
 * the margins m, where w_m are the weights right after margin m was post-stratified in the last
 * raking sweep and ave_m the unweighted mean within each level of margin m. Because every margin
 * is constant within a joint raking cell and w_m/w is too, the passes run on cell sums:
 * z_i ← z_i − w_i·a_c, with a_c accumulated per cell. At convergence this is the unweighted
 * least-squares residual of z/w on the margin indicators (Deville & Särndal 1992).
 */
export function rakingResidual(adj: RakingAdjustment, values: ArrayLike<number>): Float64Array {
  const z = float64(values);
  const n = z.length;
  const nc = adj.nCells;
  const cellSum = new Float64Array(nc); // Σ z/w over the cell
  const cellCount = new Float64Array(nc);
  for (let i = 0; i < n; i++) {
    const c = atI32(adj.cell, i);
    const w = atF64(adj.finalWeights, i);
    cellSum[c] = atF64(cellSum, c) + (w === 0 ? 0 : atF64(z, i) / w);
    cellCount[c] = atF64(cellCount, c) + 1;
  }
  const shift = rakingShift(adj, cellSum, cellCount);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = atF64(z, i) - atF64(adj.finalWeights, i) * atF64(shift, atI32(adj.cell, i));
  return out;
}

/**
 * GREG calibration residual: z_i − g_i d_i x_iᵀβ with β = (Σ d x xᵀ)⁻¹ Σ x_i z_i/g_i, i.e. the
 * residual of the regression of z/(g d) on the calibration variables weighted by the design
 * weights d, times g d (R: `qr.resid(qr(mm·√d), z/(g√d))·g√d`). Redundant columns (a margin
 * cell that coincides with another in the sample) are handled with a pseudo-inverse: the residual
 * is the projection onto the column space, as R's pivoting QR gives. Reference: Särndal, Swensson &
 * Wretman (1992) §6.6.
 */
export function calibrationResidual(adj: CalibrationAdjustment, z: readonly ArrayLike<number>[]): Float64Array[] {
  const q = adj.columns.length;
  const n = adj.g.length;
  const xtdx = new Float64Array(q * q);
  for (let a = 0; a < q; a++) {
    const xa = adj.columns[a];
    if (!xa) continue;
    for (let b = a; b < q; b++) {
      const xb = adj.columns[b];
      if (!xb) continue;
      let s = 0;
      for (let i = 0; i < n; i++) s += atF64(adj.designWeights, i) * atF64(xa, i) * atF64(xb, i);
      xtdx[a * q + b] = s;
      xtdx[b * q + a] = s;
    }
  }
  const solve = normalEquations(xtdx, q);
  return z.map((values) => {
    const col = float64(values);
    const rhs = new Float64Array(q);
    for (let a = 0; a < q; a++) {
      const xa = adj.columns[a];
      if (!xa) continue;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const g = atF64(adj.g, i);
        if (g !== 0) s += (atF64(xa, i) * atF64(col, i)) / g;
      }
      rhs[a] = s;
    }
    const beta = solve(rhs);
    // x_iᵀβ column by column (the same sum, in the same order, as row by row: a ascending).
    const fit = new Float64Array(n);
    for (let a = 0; a < q; a++) {
      const xa = at(adj.columns, a);
      const ba = atF64(beta, a);
      for (let i = 0; i < n; i++) fit[i] = atF64(fit, i) + atF64(xa, i) * ba;
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = atF64(col, i) - atF64(adj.g, i) * atF64(adj.designWeights, i) * atF64(fit, i);
    return out;
  });
}

/**
 * Solves (Σ d x xᵀ) β = r: by elimination when the system is regular (as precise as R's QR on an
 * ill-conditioned numeric column), by the pseudo-inverse when it is singular (redundant columns).
 */
function normalEquations(xtdx: Float64Array, q: number): (rhs: Float64Array) => Float64Array {
  try {
    solveLinear(xtdx, new Float64Array(q), q);
  } catch (err) {
    if (!(err instanceof SurveyError) || err.reason !== 'singular') throw err;
    const inverse = symmetricPseudoInverse(xtdx, q);
    return (rhs) => multiplySquare(inverse, rhs, q);
  }
  return (rhs) => solveLinear(xtdx, rhs, q);
}
