/**
 * The quadratic program of a synthetic control: the weights w of J donors, non-negative and
 * summing to 1, that minimise ½ wᵀHw − cᵀw with H symmetric positive definite (Abadie, Diamond &
 * Hainmueller 2010, eq. 2, with V = I: H = X₀ᵀX₀ + λI and c = X₀ᵀx₁ for the pre-period values
 * x₁ of the treated unit and X₀ of the donors).
 *
 * Solved by the primal active-set method (Nocedal & Wright 2006, *Numerical Optimization*,
 * Algorithm 16.3): start at equal weights with no bound active; on the current face (the free
 * weights, the others fixed at 0) solve the equality-constrained problem exactly through its KKT
 * system [H_FF −1; 1ᵀ 0][z; ν] = [c_F; 1]; if z keeps every weight non-negative, move there and
 * check the multipliers of the active bounds, μᵢ = (Hw − c)ᵢ − ν: all ≥ 0 is the optimum (the KKT
 * conditions hold), otherwise the bound with the most negative μ is released; if z leaves the
 * simplex, step to the first bound met and make it active. Each face's problem is strictly convex
 * (H positive definite), so the solution is unique and the method ends in finitely many steps; a
 * run past 20·J + 50 steps throws rather than return a point that is not the optimum.
 */
import { SurveyError } from '../errors.ts';
import { solveLinear } from '../linalg.ts';
import { at } from '../checked.ts';

export interface SimplexQpResult {
  readonly weights: Float64Array;
  /** Active-set steps taken. */
  readonly iterations: number;
}

/** argmin ½wᵀHw − cᵀw subject to w ≥ 0, Σw = 1; H is J × J, row-major, positive definite. */
export function simplexQuadraticProgram(h: Float64Array, c: ArrayLike<number>, j: number): SimplexQpResult {
  if (j < 1 || h.length !== j * j || c.length !== j)
    throw new SurveyError('invalid_argument', `the quadratic program needs a ${j} × ${j} matrix and ${j} values`);
  const w = new Float64Array(j).fill(1 / j);
  const active = new Set<number>();
  const scale = Math.max(1, ...Array.from(h, Math.abs), ...Array.from(c, Math.abs));
  const tol = 1e-12 * scale;
  const limit = 20 * j + 50;
  for (let iteration = 1; iteration <= limit; iteration++) {
    const free = [...Array(j).keys()].filter((i) => !active.has(i));
    const m = free.length + 1;
    const kkt = new Float64Array(m * m);
    const rhs = new Float64Array(m);
    free.forEach((r, a) => {
      free.forEach((s, b) => (kkt[a * m + b] = at(h, r * j + s)));
      kkt[a * m + free.length] = -1;
      kkt[free.length * m + a] = 1;
      rhs[a] = at(c, r);
    });
    rhs[free.length] = 1;
    const solution = solveLinear(kkt, rhs, m);
    const nu = at(solution, free.length);
    // The largest step towards z that keeps every free weight non-negative.
    let step = 1;
    let blocking = -1;
    free.forEach((i, a) => {
      const p = at(solution, a) - at(w, i);
      if (p < 0 && -at(w, i) / p < step) {
        step = -at(w, i) / p;
        blocking = i;
      }
    });
    free.forEach((i, a) => (w[i] = at(w, i) + step * (at(solution, a) - at(w, i))));
    if (blocking >= 0) {
      w[blocking] = 0;
      active.add(blocking);
      continue;
    }
    // At the face's optimum: release the bound whose multiplier is the most negative, if any.
    let release = -1;
    let worst = -tol;
    for (const i of active) {
      let g = -at(c, i);
      for (let k = 0; k < j; k++) g += at(h, i * j + k) * at(w, k);
      if (g - nu < worst) {
        worst = g - nu;
        release = i;
      }
    }
    if (release < 0) return { weights: w, iterations: iteration };
    active.delete(release);
  }
  throw new SurveyError('invalid_argument', `the synthetic-control weights did not converge in ${limit} steps`);
}
