/**
 * Cubic spline interpolation with Forsythe, Malcolm & Moler's end conditions (third derivatives
 * at the ends matched to divided differences), evaluated on an equally spaced grid, and linear
 * interpolation — R's `spline(method="fmm")` and `approx()`, which survey uses to read the
 * profile-likelihood interval off a handful of profile points. Reference: Forsythe, Malcolm &
 * Moler (1977) Computer Methods for Mathematical Computations, §4.4; R src/library/stats/src/splines.c.
 */
import { at } from '../checked.ts';
export interface SplineCoefficients {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly d: Float64Array;
}

/** Coefficients of the fmm spline through (x, y); x strictly increasing. */
export function fmmSpline(xs: ArrayLike<number>, ys: ArrayLike<number>): SplineCoefficients {
  const n = xs.length;
  const x = Float64Array.from(xs);
  const y = Float64Array.from(ys);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  const X = (i: number): number => at(x, i - 1); // 1-based views, as in the C original
  const Y = (i: number): number => at(y, i - 1);
  const get = (a: Float64Array, i: number): number => at(a, i - 1);
  const set = (a: Float64Array, i: number, v: number): void => {
    a[i - 1] = v;
  };
  if (n < 2) return { x, y, b, c, d };
  if (n < 3) {
    const t = (Y(2) - Y(1)) / (X(2) - X(1));
    b.fill(t);
    return { x, y, b, c, d };
  }
  const nm1 = n - 1;
  set(d, 1, X(2) - X(1));
  set(c, 2, (Y(2) - Y(1)) / get(d, 1));
  for (let i = 2; i < n; i++) {
    set(d, i, X(i + 1) - X(i));
    set(b, i, 2 * (get(d, i - 1) + get(d, i)));
    set(c, i + 1, (Y(i + 1) - Y(i)) / get(d, i));
    set(c, i, get(c, i + 1) - get(c, i));
  }
  set(b, 1, -get(d, 1));
  set(b, n, -get(d, nm1));
  set(c, 1, 0);
  set(c, n, 0);
  if (n > 3) {
    set(c, 1, get(c, 3) / (X(4) - X(2)) - get(c, 2) / (X(3) - X(1)));
    set(c, n, get(c, nm1) / (X(n) - X(n - 2)) - get(c, n - 2) / (X(nm1) - X(n - 3)));
    set(c, 1, (get(c, 1) * get(d, 1) * get(d, 1)) / (X(4) - X(1)));
    set(c, n, (-get(c, n) * get(d, nm1) * get(d, nm1)) / (X(n) - X(n - 3)));
  }
  for (let i = 2; i <= n; i++) {
    const t = get(d, i - 1) / get(b, i - 1);
    set(b, i, get(b, i) - t * get(d, i - 1));
    set(c, i, get(c, i) - t * get(c, i - 1));
  }
  set(c, n, get(c, n) / get(b, n));
  for (let i = nm1; i >= 1; i--) set(c, i, (get(c, i) - get(d, i) * get(c, i + 1)) / get(b, i));
  set(b, n, (Y(n) - Y(n - 1)) / get(d, n - 1) + get(d, n - 1) * (get(c, n - 1) + 2 * get(c, n)));
  for (let i = 1; i <= nm1; i++) {
    set(b, i, (Y(i + 1) - Y(i)) / get(d, i) - get(d, i) * (get(c, i + 1) + 2 * get(c, i)));
    set(d, i, (get(c, i + 1) - get(c, i)) / get(d, i));
    set(c, i, 3 * get(c, i));
  }
  set(c, n, 3 * get(c, n));
  set(d, n, get(d, nm1));
  return { x, y, b, c, d };
}

/** Evaluates a spline at the points u (R `spline_eval`, fmm branch). */
export function evaluateSpline(s: SplineCoefficients, u: ArrayLike<number>): Float64Array {
  const n = s.x.length;
  const out = new Float64Array(u.length);
  let i = 0;
  for (let l = 0; l < u.length; l++) {
    const ul = at(u, l);
    if (ul < at(s.x, i) || (i < n - 1 && at(s.x, i + 1) < ul)) {
      i = 0;
      let j = n;
      do {
        const k = Math.floor((i + j) / 2);
        if (ul < at(s.x, k)) j = k;
        else i = k;
      } while (j > i + 1);
    }
    const dx = ul - at(s.x, i);
    out[l] = at(s.y, i) + dx * (at(s.b, i) + dx * (at(s.c, i) + dx * at(s.d, i)));
  }
  return out;
}

/** R's `seq.int(from, to, length.out=n)`: endpoints exact, interior points from the nearer end. */
export function equallySpaced(from: number, to: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n > 0) out[0] = from;
  if (n > 1) out[n - 1] = to;
  if (n > 2) {
    const by = (to - from) / (n - 1);
    for (let i = 1; i < n - 1; i++) out[i] = i < Math.floor(n / 2) ? from + i * by : to - (n - 1 - i) * by;
  }
  return out;
}

/**
 * Linear interpolation of y(v) from points (x, y) (R `approx`, rule 1: NaN outside the range;
 * points are sorted by x and tied x values averaged first).
 */
export function approxLinear(xs: ArrayLike<number>, ys: ArrayLike<number>, v: number): number {
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => at(xs, a) - at(xs, b));
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < order.length;) {
    const xv = at(xs, at(order, k));
    let s = 0;
    let m = 0;
    while (k < order.length && at(xs, at(order, k)) === xv) {
      s += at(ys, at(order, k));
      m++;
      k++;
    }
    x.push(xv);
    y.push(s / m);
  }
  const n = x.length;
  if (n === 0 || v < at(x, 0) || v > at(x, n - 1)) return Number.NaN;
  let i = 0;
  let j = n - 1;
  while (i < j - 1) {
    const ij = Math.floor((i + j) / 2);
    if (v < at(x, ij)) j = ij;
    else i = ij;
  }
  if (v === x[j]) return y[j] ?? Number.NaN;
  if (v === x[i]) return y[i] ?? Number.NaN;
  const xi = at(x, i);
  const yi = at(y, i);
  return yi + (at(y, j) - yi) * ((v - xi) / (at(x, j) - xi));
}
