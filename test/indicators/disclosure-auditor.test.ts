/**
 * The disclosure auditor on hand-made tables whose recoverable cells are known by hand: a cell
 * that one published equation gives away, the same cell once a complementary cell is withheld,
 * and the differencing attack (region Asia by education, numbers from the attack report).
 */
import { describe, expect, it } from 'vitest';
import { feasibleIntervals, protectTables, type LinearTable, type TableCell } from '../../src/indicators/index.ts';
import { protectReach } from '../../src/indicators/campaign/reach-disclosure.ts';
import { DisclosureRule, protectionInterval } from '../../src/instrument/index.ts';

const rule = DisclosureRule.parse({});

function cell(key: string, value: number, n: number, primary = false): TableCell {
  return { key, values: [value], n, primary, pattern: key, label: key };
}

/** P = (50·A + 30·B + 20·C) / 100 with A = 0.4, B = 0.6, C = 0.8, so P = 0.54. */
function threeChildren(): LinearTable {
  const cells = [cell('P', 0.54, 300), cell('A', 0.4, 150), cell('B', 0.6, 90), cell('C', 0.8, 30, true)];
  return {
    id: 'hand',
    scale: { min: 0, max: 1 },
    columns: ['share'],
    sumsToOne: false,
    cells: new Map(cells.map((c) => [c.key, c])),
    relations: [
      {
        parent: 'P',
        children: [
          { key: 'A', weight: 50 },
          { key: 'B', weight: 30 },
          { key: 'C', weight: 20 },
        ],
        total: 100,
      },
    ],
  };
}

describe('protection interval', () => {
  it('is the value ± 10 points, clipped to the scale and widened on the open side to 20 points', () => {
    const p = { halfWidth: 0.1, minWidth: 0.2 };
    expect(protectionInterval(0.5, { min: 0, max: 1 }, p).map((x) => +x.toFixed(12))).toEqual([0.4, 0.6]);
    expect(protectionInterval(0.02, { min: 0, max: 1 }, p).map((x) => +x.toFixed(12))).toEqual([0, 0.2]);
    expect(protectionInterval(0.97, { min: 0, max: 1 }, p).map((x) => +x.toFixed(12))).toEqual([0.8, 1]);
    // A 0–9 index: 10% of the range is 0.9 points.
    expect(protectionInterval(4, { min: 0, max: 9 }, p).map((x) => +x.toFixed(12))).toEqual([3.1, 4.9]);
  });
});

describe('the auditor (LP, HiGHS)', () => {
  it('finds the cell one equation discloses: C = (100·0.54 − 50·0.4 − 30·0.6) / 20 = 0.8 exactly', async () => {
    const table = threeChildren();
    const [c] = await feasibleIntervals(table, (k) => k === 'C', rule);
    expect(c?.cell).toBe('C');
    expect(c?.feasible[0]).toBeCloseTo(0.8, 9);
    expect(c?.feasible[1]).toBeCloseTo(0.8, 9);
    expect(c?.required).toEqual([expect.closeTo(0.7, 12), expect.closeTo(0.9, 12)]);
    expect(c?.protected).toBe(false);
  });

  it('passes C once B is withheld as its complement: 30·B + 20·C = 34 gives C ∈ [0.2, 1], B ∈ [0.4667, 1]', async () => {
    const table = threeChildren();
    const out = await feasibleIntervals(table, (k) => k === 'C' || k === 'B', rule);
    const c = out.find((i) => i.cell === 'C');
    const b = out.find((i) => i.cell === 'B');
    expect(c?.feasible[0]).toBeCloseTo((34 - 30) / 20, 9);
    expect(c?.feasible[1]).toBeCloseTo(1, 9);
    expect(b?.feasible[0]).toBeCloseTo((34 - 20) / 30, 9);
    expect(b?.feasible[1]).toBeCloseTo(1, 9);
    expect(out.every((i) => i.protected)).toBe(true);
  });

  it('a withheld parent whose children are all published is disclosed too', async () => {
    const [p] = await feasibleIntervals(threeChildren(), (k) => k === 'P', rule);
    expect(p?.feasible[0]).toBeCloseTo(0.54, 9);
    expect(p?.feasible[1]).toBeCloseTo(0.54, 9);
    expect(p?.protected).toBe(false);
  });
});

/** The attack of issue 20: region Asia, wantsDecrease by education, mp-2022 (shares of the published EDUCATION distribution). */
function asiaByEducation(): LinearTable {
  const shares = { primary_or_less: 0.310814, secondary: 0.536296, tertiary: 0.152891 };
  const all = 0.375653;
  const secondary = 0.225826;
  const tertiary = 0.412246;
  const primary = (all - shares.secondary * secondary - shares.tertiary * tertiary) / shares.primary_or_less;
  const cells = [
    cell('all', all, 193),
    cell('primary_or_less', primary, 22, true),
    cell('secondary', secondary, 100),
    cell('tertiary', tertiary, 71),
  ];
  return {
    id: 'wantsDecrease',
    scale: { min: 0, max: 1 },
    columns: ['share'],
    sumsToOne: false,
    cells: new Map(cells.map((c) => [c.key, c])),
    relations: [
      {
        parent: 'all',
        children: Object.entries(shares).map(([key, weight]) => ({ key, weight })),
        total: 1,
      },
    ],
  };
}

describe('complementary suppression', () => {
  it("recovers the issue's withheld cell (0.61617485…) when only it is withheld", async () => {
    const [p] = await feasibleIntervals(asiaByEducation(), (k) => k === 'primary_or_less', rule);
    // A single point (the shares are published to 6 digits, so it is 0.616175 to 5).
    expect((p?.feasible[1] ?? 1) - (p?.feasible[0] ?? 0)).toBeLessThan(1e-9);
    expect(p?.feasible[0]).toBeCloseTo(0.61617485490196, 5);
    expect(p?.protected).toBe(false);
  });

  it('withholds the sibling with the fewest respondents that protects it (tertiary, n = 71), and the LP agrees', async () => {
    const table = asiaByEducation();
    const pattern = await protectTables([table], new Map(), rule);
    expect([...pattern.withheld].sort()).toEqual(['primary_or_less', 'tertiary']);
    // 0.310814·p + 0.152891·t = c with t ∈ [0, 1]: p ∈ [(c − 0.152891)/0.310814, c/0.310814].
    const c = 0.375653 - 0.536296 * 0.225826;
    const out = await feasibleIntervals(table, (k) => pattern.withheld.has(k), rule);
    const p = out.find((i) => i.cell === 'primary_or_less');
    expect(p?.feasible[0]).toBeCloseTo((c - 0.152891) / 0.310814, 9);
    expect(p?.feasible[1]).toBeCloseTo(Math.min(1, c / 0.310814), 9);
    expect(out.every((i) => i.protected)).toBe(true);
  });
});

describe('campaign reach', () => {
  const share = (estimate: number, n: number, suppressed: 'below_minimum_n' | null = null) => ({
    estimate,
    se: 1,
    ci: [estimate - 2, estimate + 2] as const,
    level: 0.95,
    n,
    suppressed,
  });
  it('withholds the other campaign country when one is below the minimum n (pooled 40% = 0.6·30% + 0.4·55%)', () => {
    const reach = {
      byCountry: [
        { country: 'AAA', ...share(30, 200) },
        { country: 'BBB', ...share(55, 30, 'below_minimum_n') },
      ],
      comparison: share(5, 400),
      bySubgroup: [
        { subgroup: { variable: 'sex', level: 'female' }, ...share(38, 120) },
        { subgroup: { variable: 'sex', level: 'male' }, ...share(42, 110) },
      ],
      overall: share(40, 230),
      falseRecall: share(3, 230),
      netOfFalseRecall: 37,
      unaided: null,
      channels: [],
    };
    const out = protectReach(reach, { overall: 100, byCountry: [60, 40], bySubgroup: [52, 48] }, rule);
    expect(out.byCountry.map((c) => c.suppressed)).toEqual(['complementary', 'below_minimum_n']);
    // Sex: both published, nothing withheld there.
    expect(out.bySubgroup.map((c) => c.suppressed)).toEqual([null, null]);
    expect(out.overall.suppressed).toBeNull();
  });
});
