import { SurveyError } from './errors.ts';
import { at } from './checked.ts';

/** Small dense linear algebra on row-major Float64Arrays (matrices of a few dozen rows at most). */

/** Solves A x = b (A is m × m, row-major) by Gaussian elimination with partial pivoting. */
export function solveLinear(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const cols = b.length / m;
  const A = Float64Array.from(a);
  const B = Float64Array.from(b);
  for (let k = 0; k < m; k++) {
    let piv = k;
    let best = Math.abs(at(A, k * m + k));
    for (let r = k + 1; r < m; r++) {
      const v = Math.abs(at(A, r * m + k));
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
    const d = at(A, k * m + k);
    for (let r = k + 1; r < m; r++) {
      const f = at(A, r * m + k) / d;
      if (f === 0) continue;
      for (let c = k; c < m; c++) A[r * m + c] = at(A, r * m + c) - f * at(A, k * m + c);
      for (let c = 0; c < cols; c++) B[r * cols + c] = at(B, r * cols + c) - f * at(B, k * cols + c);
    }
  }
  for (let k = m - 1; k >= 0; k--) {
    const d = at(A, k * m + k);
    for (let c = 0; c < cols; c++) {
      let s = at(B, k * cols + c);
      for (let j = k + 1; j < m; j++) s -= at(A, k * m + j) * at(B, j * cols + c);
      B[k * cols + c] = s / d;
    }
  }
  return B;
}

function swap(x: Float64Array, i: number, j: number): void {
  const t = at(x, i);
  x[i] = at(x, j);
  x[j] = t;
}

/** C = A B with A r × k and B k × c (row-major). */
export function matMul(a: Float64Array, b: Float64Array, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let l = 0; l < k; l++) {
      const v = at(a, i * k + l);
      if (v === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j] = at(out, i * c + j) + v * at(b, l * c + j);
    }
  }
  return out;
}

/** Aᵀ for A r × c. */
export function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = at(a, i * c + j);
  return out;
}

/** Trace of a square m × m matrix. */
export function trace(a: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) s += at(a, i * m + i);
  return s;
}

/** Quadratic form cᵀ V c. */
export function quadraticForm(v: Float64Array, c: ArrayLike<number>): number {
  const m = c.length;
  let s = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) s += at(c, i) * at(v, i * m + j) * at(c, j);
  return s;
}
