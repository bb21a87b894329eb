import { expect } from 'vitest';

export interface Tolerance {
  /** Relative tolerance. */
  readonly rel: number;
  /** Absolute floor, for quantities that are zero in exact arithmetic. */
  readonly abs?: number;
}

/** Keys of R's result that are labels or not produced by the engine. */
const SKIP = new Set([
  'type',
  'columns',
  'rownames',
  'colnames',
  'ci_names',
  'method',
  'statistic_name',
  'level',
  'conf_level',
]);

/**
 * Compares every number of the R result `expected` with the same path in `actual`, recursing
 * through objects and arrays; string-valued fields (labels) are skipped. Returns the count of
 * numbers compared, so a test can insist it compared something.
 */
export function compareDeep(
  actual: unknown,
  expected: unknown,
  tol: Tolerance,
  where: string,
  tolFor?: (path: string) => Tolerance,
): number {
  if (typeof expected === 'number') {
    const t = tolFor?.(where) ?? tol;
    expect(typeof actual, `${where}: missing`).toBe('number');
    const a = actual as number;
    const diff = Math.abs(a - expected);
    const bound = Math.max(t.rel * Math.abs(expected), t.abs ?? 0);
    if (!(diff <= bound)) {
      expect.fail(`${where}: got ${a}, R has ${expected} (|Δ| ${diff.toExponential(2)} > ${bound.toExponential(2)})`);
    }
    return 1;
  }
  if (typeof expected === 'string' || typeof expected === 'boolean' || expected === null) return 0;
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${where}: expected an array`).toBe(true);
    const arr = actual as unknown[];
    expect(arr.length, `${where}: length`).toBe(expected.length);
    return expected.reduce<number>((n, e, i) => n + compareDeep(arr[i], e, tol, `${where}[${i}]`, tolFor), 0);
  }
  if (typeof expected === 'object') {
    let n = 0;
    for (const [k, v] of Object.entries(expected)) {
      if (SKIP.has(k) || typeof v === 'string') continue;
      const sub = (actual as Record<string, unknown> | undefined)?.[k];
      n += compareDeep(sub, v, tol, `${where}.${k}`, tolFor);
    }
    return n;
  }
  return 0;
}
