/**
 * The interval of degenerate published shares (Korn–Graubard with the NCHS rule) and the
 * Benjamini–Hochberg adjustment of the changes, against R: the fixtures are written by
 * test/stats/fixtures/ciprop-beta.R and p-adjust-bh.R (R's survey package and p.adjust).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adjustBenjaminiHochberg, kornGraubardInterval } from '../../src/stats/index.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

interface BetaCase {
  name: string;
  p: number;
  se: number;
  n: number;
  level: number;
  ci: [number, number];
  source: string;
}

describe('Korn–Graubard interval of a published share', () => {
  const { cases } = fixture('ciprop-beta.json') as { cases: BetaCase[] };

  it('has cases from svyciprop and from the NCHS rule (p = 0 or 1, se = 0, n.eff > n)', () => {
    expect(cases.filter((c) => c.source.startsWith('svyciprop')).length).toBeGreaterThan(5);
    expect(cases.filter((c) => c.source.startsWith('NCHS')).length).toBeGreaterThan(5);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s equals R to 1e-9', (_name, c) => {
    const [lo, hi] = kornGraubardInterval(c.p, c.se, c.n, c.level);
    expect(close(lo, c.ci[0]), `${lo} vs ${c.ci[0]}`).toBe(true);
    expect(close(hi, c.ci[1]), `${hi} vs ${c.ci[1]}`).toBe(true);
  });

  it('never collapses to a point: 0 of 20 reads [0, 1 − 0.025^(1/20)] (hand calculation: 0.16843)', () => {
    const [lo, hi] = kornGraubardInterval(0, 0, 20, 0.95);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(1 - 0.025 ** (1 / 20), 12);
    expect(hi).toBeCloseTo(0.16843, 5);
    const [lo1, hi1] = kornGraubardInterval(1, 0, 20, 0.95);
    expect(lo1).toBeCloseTo(0.025 ** (1 / 20), 12);
    expect(hi1).toBe(1);
  });

  it('refuses impossible input', () => {
    expect(() => kornGraubardInterval(1.2, 0.1, 20, 0.95)).toThrow(/0 ≤ p ≤ 1/);
    expect(() => kornGraubardInterval(0.2, 0.1, 0, 0.95)).toThrow(/n > 0/);
  });
});

interface BhCase {
  name: string[] | string;
  p: (number | null)[] | number;
  adjusted: (number | null)[] | number;
}

describe('Benjamini–Hochberg adjusted p-values', () => {
  const { cases } = fixture('p-adjust-bh.json') as { cases: BhCase[] };
  const list = <T>(x: T[] | T): T[] => (Array.isArray(x) ? x : [x]);

  it.each(cases.map((c) => [String(c.name), c] as const))('%s equals R p.adjust(method = "BH")', (_n, c) => {
    const got = adjustBenjaminiHochberg(list(c.p));
    const want = list(c.adjusted);
    expect(got.length).toBe(want.length);
    got.forEach((g, k) => {
      const r = want[k] ?? null;
      if (r === null) expect(g).toBeNull();
      else expect(g !== null && close(g, r), `${k}: ${g} vs ${r}`).toBe(true);
    });
  });

  it('hand calculation: m = 3, p = (0.01, 0.02, 0.04) → (0.03, 0.03, 0.04)', () => {
    const got = adjustBenjaminiHochberg([0.04, 0.01, 0.02]);
    expect(got[0]).toBeCloseTo(0.04, 15);
    expect(got[1]).toBeCloseTo(0.03, 15);
    expect(got[2]).toBeCloseTo(0.03, 15);
  });

  it('refuses a p-value outside [0, 1]', () => {
    expect(() => adjustBenjaminiHochberg([0.2, 1.5])).toThrow(/1.5 at 1/);
  });
});
