/**
 * Natural logarithm of the gamma function, ln Γ(x), for x > 0.
 *
 * For x ≥ 10 the Stirling series ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + Σ B₂ₖ / (2k(2k−1) x^{2k−1})
 * is summed to eight terms (error below 1e-17 relative); smaller arguments are shifted up with
 * Γ(x) = Γ(x + k) / (x (x+1) … (x+k−1)). Reference: Abramowitz & Stegun 6.1.40.
 */
import { at } from '../checked.ts';
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === 1 || x === 2) return 0;
  let shift = 1;
  let y = x;
  while (y < 10) {
    shift *= y;
    y += 1;
  }
  return stirling(y) - Math.log(shift);
}

const HALF_LOG_TWO_PI = 0.91893853320467274178;

/** Bernoulli coefficients B₂ₖ / (2k (2k − 1)), k = 1…8. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];

function stirling(y: number): number {
  return (y - 0.5) * Math.log(y) - y + HALF_LOG_TWO_PI + stirlingCorrection(y);
}

/** The Stirling remainder ln Γ(y) − ((y − ½) ln y − y + ½ ln 2π), for y ≥ 10. */
export function stirlingCorrection(y: number): number {
  const inv2 = 1 / (y * y);
  let sum = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) sum = sum * inv2 + at(STIRLING, k);
  return sum / y;
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), computed so that a large a with a small b
 * does not lose digits to cancellation (the Stirling terms of a and a + b are combined first).
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p >= 10) {
    // All three in the Stirling range: combine the leading terms analytically.
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(p + q);
    return (
      -0.5 * Math.log(q) + HALF_LOG_TWO_PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q))
    );
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}
