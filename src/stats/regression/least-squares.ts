import { SurveyError } from '../errors.ts';
import { at, atF64, float64 } from '../checked.ts';

export interface LeastSquares {
  readonly coefficients: Float64Array;
  /** (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ, p × p row-major (R's `cov.unscaled` of the fit). */
  readonly unscaled: Float64Array;
}

/**
 * Weighted least squares by Householder QR of √w·X (no normal equations, so the conditioning is
 * that of X, not of XᵀX): minimises Σ w_i (z_i − x_iᵀβ)² over rows with w_i > 0. A column whose
 * diagonal element of R falls below 1e-7 of the column norm is aliased (R's `dqrdc2` tolerance)
 * and is an error naming it. Reference: Golub & Van Loan (2013) §5.3.
 */
export function weightedLeastSquares(
  columns: readonly Float64Array[],
  response: ArrayLike<number>,
  weights: ArrayLike<number>,
  names: readonly string[],
): LeastSquares {
  const z = float64(response);
  const w = float64(weights);
  const p = columns.length;
  const rows: number[] = [];
  for (let i = 0; i < w.length; i++) if (atF64(w, i) > 0) rows.push(i);
  const m = rows.length;
  if (m < p) throw new SurveyError('singular', `${m} rows with positive weight cannot fit ${p} coefficients`);
  // A is m × p column-major; b has m rows.
  const a = columns.map((col) => Float64Array.from(rows, (i) => Math.sqrt(atF64(w, i)) * atF64(col, i)));
  const b = Float64Array.from(rows, (i) => Math.sqrt(atF64(w, i)) * atF64(z, i));
  const norms = a.map((col) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += atF64(col, i) * atF64(col, i);
    return Math.sqrt(s);
  });
  const r = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    const ak = a[k] ?? new Float64Array(m);
    let s = 0;
    for (let i = k; i < m; i++) s += atF64(ak, i) * atF64(ak, i);
    const alpha = Math.sqrt(s);
    if (!(alpha > 1e-7 * at(norms, k)) || at(norms, k) === 0) {
      throw new SurveyError(
        'singular',
        `the coefficient ${names[k] ?? k} cannot be estimated: its column is constant or a combination of earlier ones in the rows used`,
      );
    }
    const diag = atF64(ak, k) > 0 ? -alpha : alpha;
    // v = a_k[k:] − diag·e_1, stored in place; H = I − 2vvᵀ/(vᵀv).
    ak[k] = atF64(ak, k) - diag;
    let vv = 0;
    for (let i = k; i < m; i++) vv += atF64(ak, i) * atF64(ak, i);
    const reflect = (col: Float64Array): void => {
      let dot = 0;
      for (let i = k; i < m; i++) dot += atF64(ak, i) * atF64(col, i);
      const f = (2 * dot) / vv;
      if (f === 0) return;
      for (let i = k; i < m; i++) col[i] = atF64(col, i) - f * atF64(ak, i);
    };
    for (let j = k + 1; j < p; j++) reflect(a[j] ?? new Float64Array(m));
    reflect(b);
    r[k * p + k] = diag;
    for (let j = k + 1; j < p; j++) r[k * p + j] = atF64(at(a, j), k);
  }
  const coefficients = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = atF64(b, k);
    for (let j = k + 1; j < p; j++) s -= atF64(r, k * p + j) * atF64(coefficients, j);
    coefficients[k] = s / atF64(r, k * p + k);
  }
  return { coefficients, unscaled: inverseGram(r, p) };
}

/** (RᵀR)⁻¹ = R⁻¹R⁻ᵀ for upper-triangular R (R's `chol2inv`). */
function inverseGram(r: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p); // R⁻¹, upper triangular
  for (let j = 0; j < p; j++) {
    inv[j * p + j] = 1 / atF64(r, j * p + j);
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += atF64(r, i * p + k) * atF64(inv, k * p + j);
      inv[i * p + j] = -s / atF64(r, i * p + i);
    }
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = j; k < p; k++) s += atF64(inv, i * p + k) * atF64(inv, j * p + k);
      out[i * p + j] = s;
      out[j * p + i] = s;
    }
  }
  return out;
}
