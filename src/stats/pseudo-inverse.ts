/**
 * Moore–Penrose pseudo-inverse of a symmetric matrix, as R's `MASS::ginv(X, tol)` computes it for
 * a symmetric X: with the eigen decomposition X = V Λ Vᵀ (cyclic Jacobi rotations; Golub & Van
 * Loan 2013, §8.5), X⁺ = Σ_{|λ_k| > tol·max|λ|} v_k v_kᵀ / λ_k (the singular values of a symmetric
 * matrix are |λ|). Eigenvalues at or below the tolerance are treated as zero, so a singular or
 * redundant system is solved in the least-squares sense instead of failing.
 */
import { at } from './checked.ts';
export function symmetricPseudoInverse(a: Float64Array, m: number, tol = 256 * Number.EPSILON): Float64Array {
  const { values, vectors } = symmetricEigen(a, m);
  let largest = 0;
  for (let k = 0; k < m; k++) largest = Math.max(largest, Math.abs(at(values, k)));
  const out = new Float64Array(m * m);
  for (let k = 0; k < m; k++) {
    const lambda = at(values, k);
    if (!(Math.abs(lambda) > tol * largest)) continue;
    for (let i = 0; i < m; i++) {
      const vi = at(vectors, i * m + k) / lambda;
      if (vi === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] = at(out, i * m + j) + vi * at(vectors, j * m + k);
    }
  }
  return out;
}

/** y = A x for A m × m (row-major). */
export function multiplySquare(a: Float64Array, x: ArrayLike<number>, m: number): Float64Array {
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += at(a, i * m + j) * at(x, j);
    y[i] = s;
  }
  return y;
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major m × m) of a symmetric matrix by
 * cyclic Jacobi rotations until the off-diagonal mass is below 1e-30 of the total (or 100 sweeps).
 */
export function symmetricEigen(a: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const s = Float64Array.from(a);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  let total = 0;
  for (let i = 0; i < m * m; i++) total += at(s, i) ** 2;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += at(s, p * m + q) ** 2;
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = at(s, p * m + q);
        if (apq === 0) continue;
        const theta = (at(s, q * m + q) - at(s, p * m + p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < m; k++) {
          const skp = at(s, k * m + p);
          const skq = at(s, k * m + q);
          s[k * m + p] = c * skp - sn * skq;
          s[k * m + q] = sn * skp + c * skq;
        }
        for (let k = 0; k < m; k++) {
          const spk = at(s, p * m + k);
          const sqk = at(s, q * m + k);
          s[p * m + k] = c * spk - sn * sqk;
          s[q * m + k] = sn * spk + c * sqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = at(v, k * m + p);
          const vkq = at(v, k * m + q);
          v[k * m + p] = c * vkp - sn * vkq;
          v[k * m + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(m);
  for (let i = 0; i < m; i++) values[i] = at(s, i * m + i);
  return { values, vectors: v };
}
