/**
 * Benjamini–Hochberg adjusted p-values (the false discovery rate of a family of tests;
 * Benjamini & Hochberg 1995, JRSS B 57, 289–300), as R's `p.adjust(p, method = "BH")`:
 * with the m non-missing p-values sorted decreasingly, p₍ᵢ₎ at rank i (1 = smallest),
 *   p̃₍ᵢ₎ = min(1, min_{j ≥ i} m/j · p₍ⱼ₎),
 * returned in the input's order. Missing values (`null`, or NaN as R's NA) stay missing and do
 * not count in m; tied p-values get the same adjusted value. Rejecting where p̃ ≤ q controls the
 * false discovery rate at q for independent or positively dependent tests.
 */
import { at } from '../checked.ts';
export function adjustBenjaminiHochberg(p: readonly (number | null)[]): (number | null)[] {
  const present: { value: number; at: number }[] = [];
  p.forEach((value, at) => {
    if (value === null || Number.isNaN(value)) return;
    if (!(value >= 0 && value <= 1)) throw new RangeError(`p-value ${value} at ${at} is not in [0, 1]`);
    present.push({ value, at });
  });
  const m = present.length;
  // R: o <- order(p, decreasing = TRUE) — a stable sort, so ties keep their input order.
  const order = present.map((_, k) => k).sort((a, b) => at(present, b).value - at(present, a).value || a - b);
  const out: (number | null)[] = p.map(() => null);
  let running = Infinity;
  order.forEach((k, r) => {
    const entry = present[k];
    if (!entry) return;
    const i = m - r;
    running = Math.min(running, (m / i) * entry.value);
    out[entry.at] = Math.min(1, running);
  });
  return out;
}
