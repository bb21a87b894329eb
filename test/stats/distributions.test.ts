import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pbeta, pchisq, pf, pnorm, pt, qbeta, qnorm, qt } from '../../src/stats/index.ts';

/** Values from R 4.2.2 (test/stats/fixtures/generate.R), printed with %.17g. */
const R = JSON.parse(readFileSync(new URL('./fixtures/r-values.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, number>[]
>;

function close(actual: number, expected: number, rel: number): void {
  const diff = Math.abs(actual - expected);
  // Below 1e-290 R's results are subnormal and carry few digits: compare absolutely there.
  if (!(diff <= rel * Math.abs(expected) || (Math.abs(expected) < 1e-290 && diff < 1e-300))) {
    expect.fail(`got ${actual}, R has ${expected} (relative error ${(diff / Math.abs(expected)).toExponential(2)})`);
  }
}

const cases = (name: string): Record<string, number>[] => R[name] ?? [];

describe('distribution functions agree with R to 1e-12 relative', () => {
  it.each(cases('qt'))('qt($p, $df)', ({ p, df, value }) => close(qt(p ?? 0, df ?? 0), value ?? 0, 1e-12));
  it.each(cases('pt'))('pt($t, $df) both tails', ({ t, df, lower, upper }) => {
    close(pt(t ?? 0, df ?? 0), lower ?? 0, 1e-12);
    close(pt(t ?? 0, df ?? 0, false), upper ?? 0, 1e-12);
  });
  it.each(cases('qbeta'))('qbeta($p, $a, $b)', ({ p, a, b, value }) =>
    close(qbeta(p ?? 0, a ?? 0, b ?? 0), value ?? 0, 1e-12),
  );
  it.each(cases('pbeta'))('pbeta($x, $a, $b) both tails', ({ x, a, b, lower, upper }) => {
    close(pbeta(x ?? 0, a ?? 0, b ?? 0), lower ?? 0, 1e-12);
    close(pbeta(x ?? 0, a ?? 0, b ?? 0, false), upper ?? 0, 1e-12);
  });
  // With df2 = 1e5 the incomplete beta has b = 5e4 and keeps ~1.5e-12: allow 1e-11 here.
  it.each(cases('pf'))('pf($f, $d1, $d2) both tails', ({ f, d1, d2, lower, upper }) => {
    close(pf(f ?? 0, d1 ?? 0, d2 ?? 0), lower ?? 0, 1e-11);
    close(pf(f ?? 0, d1 ?? 0, d2 ?? 0, false), upper ?? 0, 1e-11);
  });
  it.each(cases('pchisq'))('pchisq($x, $df) both tails', ({ x, df, lower, upper }) => {
    close(pchisq(x ?? 0, df ?? 0), lower ?? 0, 1e-12);
    close(pchisq(x ?? 0, df ?? 0, false), upper ?? 0, 1e-12);
  });
  it.each(cases('qnorm'))('qnorm($p)', ({ p, value }) => close(qnorm(p ?? 0), value ?? 0, 1e-14));
  it.each(cases('pnorm'))('pnorm($x) both tails', ({ x, lower, upper }) => {
    close(pnorm(x ?? 0), lower ?? 0, 1e-13);
    close(pnorm(x ?? 0, false), upper ?? 0, 1e-13);
  });
});
