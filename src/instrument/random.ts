/**
 * Seeded randomisation: a respondent's seed (e.g. the session id) determines every shuffle,
 * so a resumed session sees the same order. Each shuffle draws from its own stream derived
 * from `seed|purpose`, so one question's order does not depend on any other's.
 */

/** 32-bit FNV-1a over the UTF-16 code units, then a murmur3 finaliser. */
function hashSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic PRNG (mulberry32) returning floats in [0, 1), seeded from a string. */
export function seededRandom(seed: string): () => number {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fisher–Yates shuffle of the non-anchored items into the non-anchored positions;
 * anchored items keep their index. Returns a new array.
 */
export function shuffleWithAnchors<T>(
  items: readonly T[],
  isAnchored: (item: T) => boolean,
  random: () => number,
): T[] {
  const freePositions = items.flatMap((item, i) => (isAnchored(item) ? [] : [i]));
  const free = freePositions.flatMap((i) => {
    const item = items[i];
    return item === undefined ? [] : [item];
  });
  for (let i = free.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = free[i];
    const b = free[j];
    if (a === undefined || b === undefined) continue;
    free[i] = b;
    free[j] = a;
  }
  const out = [...items];
  freePositions.forEach((pos, k) => {
    const item = free[k];
    if (item !== undefined) out[pos] = item;
  });
  return out;
}
