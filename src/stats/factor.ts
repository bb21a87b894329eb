/** A categorical variable: one level index per row and the level labels, sorted as R sorts them. */
import { at } from './checked.ts';
export interface Factor {
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

/** Labels a categorical variable may take. Numbers sort numerically, strings by code point. */
export type Labels = ArrayLike<string | number>;

function compareLabels(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Encodes labels as a factor with sorted levels (R's `factor()` default: the sorted distinct
 * values). Integer typed arrays of small non-negative codes take a fast path.
 */
export function encodeFactor(values: Labels): Factor {
  const n = values.length;
  if (values instanceof Int32Array || values instanceof Uint8Array || values instanceof Uint16Array) {
    return encodeSmallIntegers(values);
  }
  const seen = new Map<string | number, number>();
  const distinct: (string | number)[] = [];
  const raw = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === undefined) throw new RangeError(`row ${i + 1}: missing category`);
    let code = seen.get(v);
    if (code === undefined) {
      code = distinct.length;
      seen.set(v, code);
      distinct.push(v);
    }
    raw[i] = code;
  }
  const order = distinct.map((_, i) => i).sort((a, b) => compareLabels(at(distinct, a), at(distinct, b)));
  const rank = new Int32Array(order.length);
  order.forEach((original, sorted) => {
    rank[original] = sorted;
  });
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = at(rank, at(raw, i));
  return { codes, levels: order.map((o) => String(distinct[o])) };
}

function encodeSmallIntegers(values: Int32Array | Uint8Array | Uint16Array): Factor {
  let max = -1;
  for (let i = 0; i < values.length; i++) {
    const v = at(values, i);
    if (v < 0) return encodeFactor(Array.from(values));
    if (v > max) max = v;
  }
  const used = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < values.length; i++) used[at(values, i)] = 1;
  const levels: string[] = [];
  for (let v = 0; v <= max; v++) {
    if (used[v] === 1) {
      used[v] = levels.length;
      levels.push(String(v));
    }
  }
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = at(used, at(values, i));
  return { codes, levels };
}

/**
 * Cross-classifies factors into one factor of their joint cells (R's `interaction`, observed
 * cells only). Cells are ordered with the first factor varying fastest, as R's tables are;
 * labels join the component labels with `separator` ("." as R does).
 */
export function crossFactors(factors: readonly Factor[], separator = '.'): Factor {
  const first = factors[0];
  if (!first) throw new RangeError('crossFactors needs at least one factor');
  if (factors.length === 1) return first;
  const n = first.codes.length;
  let stride = 1;
  for (const f of factors) stride *= Math.max(f.levels.length, 1);
  if (stride > 1 << 24) throw new RangeError('too many joint cells to cross-classify');
  const key = new Int32Array(n);
  let mult = 1;
  for (const f of factors) {
    const codes = f.codes;
    for (let i = 0; i < n; i++) key[i] = at(key, i) + at(codes, i) * mult;
    mult *= Math.max(f.levels.length, 1);
  }
  const slot = new Int32Array(stride).fill(-1);
  for (let i = 0; i < n; i++) slot[at(key, i)] = 0;
  const levels: string[] = [];
  for (let k = 0; k < stride; k++) {
    if (slot[k] !== 0) continue;
    slot[k] = levels.length;
    const parts: string[] = [];
    let rest = k;
    for (const f of factors) {
      const m = Math.max(f.levels.length, 1);
      parts.push(f.levels[rest % m] ?? '');
      rest = Math.floor(rest / m);
    }
    levels.push(parts.join(separator));
  }
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = at(slot, at(key, i));
  return { codes, levels };
}

/**
 * For factors crossed by `crossFactors`, the level index of each factor in every joint cell
 * (one Int32Array per factor, indexed by joint cell).
 */
export function cellComponents(factors: readonly Factor[], joint: Factor): Int32Array[] {
  const out = factors.map(() => new Int32Array(joint.levels.length));
  const seen = new Uint8Array(joint.levels.length);
  let remaining = joint.levels.length;
  const n = joint.codes.length;
  for (let i = 0; i < n && remaining > 0; i++) {
    const c = at(joint.codes, i);
    if (seen[c]) continue;
    seen[c] = 1;
    remaining--;
    for (let k = 0; k < factors.length; k++) {
      const arr = out[k];
      if (arr) arr[c] = at(at(factors, k).codes, i);
    }
  }
  return out;
}

/** Number of rows in each level of a factor. */
export function levelCounts(factor: Factor): Float64Array {
  const counts = new Float64Array(factor.levels.length);
  for (let i = 0; i < factor.codes.length; i++) counts[at(factor.codes, i)] = at(counts, at(factor.codes, i)) + 1;
  return counts;
}
