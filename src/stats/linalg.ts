import { SurveyError } from './errors.ts';

/** Small dense linear algebra on row-major Float64Arrays (matrices of a few dozen rows at most). */

/** Solves A x = b (A is m × m, row-major) by Gaussian elimination with partial pivoting. */
export function solveLinear(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const cols = b.length / m;
  const A = Float64Array.from(a);
  const B = Float64Array.from(b);
  for (let k = 0; k < m; k++) {
    let piv = k;
    let best = Math.abs(A[k * m + k] ?? 0);
    for (let r = k + 1; r < m; r++) {
      const v = Math.abs(A[r * m + k] ?? 0);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (best === 0) throw new SurveyError('singular', 'singular system (a variable or category is redundant or empty)');
    if (piv !== k) {
      for (let c = 0; c < m; c++) swap(A, k * m + c, piv * m + c);
      for (let c = 0; c < cols; c++) swap(B, k * cols + c, piv * cols + c);
    }
    const d = A[k * m + k] ?? 1;
    for (let r = k + 1; r < m; r++) {
      const f = (A[r * m + k] ?? 0) / d;
      if (f === 0) continue;
      for (let c = k; c < m; c++) A[r * m + c] = (A[r * m + c] ?? 0) - f * (A[k * m + c] ?? 0);
      for (let c = 0; c < cols; c++) B[r * cols + c] = (B[r * cols + c] ?? 0) - f * (B[k * cols + c] ?? 0);
    }
  }
  for (let k = m - 1; k >= 0; k--) {
    const d = A[k * m + k] ?? 1;
    for (let c = 0; c < cols; c++) {
      let s = B[k * cols + c] ?? 0;
      for (let j = k + 1; j < m; j++) s -= (A[k * m + j] ?? 0) * (B[j * cols + c] ?? 0);
      B[k * cols + c] = s / d;
    }
  }
  return B;
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = x[i] ?? 0;
  x[i] = x[j] ?? 0;
  x[j] = t;
}

/** C = A B with A r × k and B k × c (row-major). */
export function matMul(a: Float64Array, b: Float64Array, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let l = 0; l < k; l++) {
      const v = a[i * k + l] ?? 0;
      if (v === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j] = (out[i * c + j] ?? 0) + v * (b[l * c + j] ?? 0);
    }
  }
  return out;
}

/** Aᵀ for A r × c. */
export function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j] ?? 0;
  return out;
}

/** Trace of a square m × m matrix. */
export function trace(a: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += a[i * m + i] ?? 0;
  return s;
}

/** Quadratic form cᵀ V c. */
export function quadraticForm(v: Float64Array, c: ArrayLike<number>): number {
  const m = c.length;
  let s = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) s += (c[i] ?? 0) * (v[i * m + j] ?? 0) * (c[j] ?? 0);
  return s;
}
