import { logBeta } from './log-gamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100_000;

export interface BetaTails {
  /** I_x(a, b) */
  readonly lower: number;
  /** 1 − I_x(a, b) = I_{1−x}(b, a) */
  readonly upper: number;
}

/**
 * Regularized incomplete beta function I_x(a, b) and its complement, each with full relative
 * accuracy. `y` must equal 1 − x; callers pass it separately so that it keeps its digits when x
 * is close to 1 (e.g. x = ν/(ν+t²), y = t²/(ν+t²)). The continued fraction (modified Lentz) is
 * evaluated on the side where it converges fast, x < (a+1)/(a+b+2), and the other tail is its
 * complement. Reference: Numerical Recipes 3rd ed. §6.4; Abramowitz & Stegun 26.5.8.
 */
export function incompleteBeta(x: number, y: number, a: number, b: number): BetaTails {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (betaFront(x, y, a, b) * betaContinuedFraction(x, a, b)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (betaFront(y, x, b, a) * betaContinuedFraction(y, b, a)) / b;
  return { lower: 1 - upper, upper };
}

/**
 * x^a y^b / B(a, b). The logarithm of the larger of x and y is taken as log1p of the smaller, so
 * that a large exponent does not magnify the rounding of a value close to 1.
 */
function betaFront(x: number, y: number, a: number, b: number): number {
  const lx = x <= y ? Math.log(x) : Math.log1p(-y);
  const ly = x <= y ? Math.log1p(-x) : Math.log(y);
  return Math.exp(a * lx + b * ly - logBeta(a, b));
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}
