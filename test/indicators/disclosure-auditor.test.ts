/**
 * The disclosure auditor on hand-made tables whose recoverable cells are known by hand: a cell
 * that one published equation gives away, the same cell once a complementary cell is withheld,
 * and the differencing attack (region Asia by education, numbers from the attack report).
 */
import { describe, expect, it } from 'vitest';
import {
  feasibleIntervals,
  mergeTables,
  protectTables,
  type LinearTable,
  type Relation,
  type TableCell,
} from '../../src/indicators/index.ts';
import { protectReach } from '../../src/indicators/campaign/reach-disclosure.ts';
import { DisclosureRule, protectionInterval } from '../../src/instrument/index.ts';

const rule = DisclosureRule.parse({});

/** A hand-made cell; moving it costs its weight (`mass`) per unit, as `readerCost` does for a country's subgroup cells. */
function cell(key: string, value: number, n: number, primary = false, mass = 1): TableCell {
  return { key, values: [value], n, primary, pattern: key, label: key, cost: mass * (1 + n / 1e6) };
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

  it('a withheld parent whose children are all published is disclosed too: a failure where the rule protects every withheld cell', async () => {
    const every = DisclosureRule.parse({ protect: 'every-withheld' });
    const [p] = await feasibleIntervals(threeChildren(), (k) => k === 'P', every);
    expect(p?.feasible[0]).toBeCloseTo(0.54, 9);
    expect(p?.feasible[1]).toBeCloseTo(0.54, 9);
    expect(p?.protected).toBe(false);
    // Under the default rule P, not primary, has no interval of its own to keep (a complement).
    const [q] = await feasibleIntervals(threeChildren(), (k) => k === 'P', rule);
    expect(q?.required).toBeNull();
    expect(q?.protected).toBe(true);
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
    cell('all', all, 193, false, 1_000),
    cell('primary_or_less', primary, 22, true, shares.primary_or_less),
    cell('secondary', secondary, 100, false, shares.secondary),
    cell('tertiary', tertiary, 71, false, shares.tertiary),
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

/**
 * A region of three countries by a two-level subgroup: each country's all-adults value and the
 * region's per level are published; A's small level is primary. Country weights 100 (A), 100 (B),
 * 300 (C); level shares 0.2 / 0.8 in every country; every level value 0.5, so every relation holds.
 */
function regionByLevel(): LinearTable {
  const countries = { A: 100, B: 100, C: 300 };
  const n = { A: 150, B: 120, C: 400 };
  const cells: TableCell[] = [cell('R|', 0.5, 670, false, 10_000), cell('R|1', 0.5, 134, false, 1_000)];
  cells.push(cell('R|2', 0.5, 536, false, 1_000));
  const relations: Relation[] = [];
  for (const [c, w] of Object.entries(countries)) {
    const size = n[c as keyof typeof n];
    cells.push(cell(`${c}|`, 0.5, size, false, 10 * w), cell(`${c}|1`, 0.5, size / 5, c === 'A', 0.2 * w));
    cells.push(cell(`${c}|2`, 0.5, (4 * size) / 5, false, 0.8 * w));
    relations.push({
      parent: `${c}|`,
      children: [
        { key: `${c}|1`, weight: 0.2 * w },
        { key: `${c}|2`, weight: 0.8 * w },
      ],
      total: w,
    });
  }
  for (const level of ['', '1', '2']) {
    const share = level === '' ? 1 : level === '1' ? 0.2 : 0.8;
    const children = Object.entries(countries).map(([c, w]) => ({ key: `${c}|${level}`, weight: share * w }));
    relations.push({ parent: `R|${level}`, children, total: 500 * share });
  }
  return {
    id: 'region',
    scale: { min: 0, max: 1 },
    columns: ['share'],
    sumsToOne: false,
    cells: new Map(cells.map((c) => [c.key, c])),
    relations,
  };
}

describe('complement search by linear programming', () => {
  it("protects A's small level with the 2 × 2 rectangle of the cheapest cells (A and B, levels 1 and 2), no total", async () => {
    const table = regionByLevel();
    const pattern = await protectTables([table], new Map(), rule);
    // B is chosen over C: equal cost per unit of mass moved, B has fewer respondents.
    expect([...pattern.withheld].sort()).toEqual(['A|1', 'A|2', 'B|1', 'B|2']);
    const out = await feasibleIntervals(table, (k) => pattern.withheld.has(k), rule);
    const a1 = out.find((i) => i.cell === 'A|1');
    // 0.2·A1 + 0.8·A2 = 0.5, 0.2·B1 + 0.8·B2 = 0.5, A1 + B1 = 1 (region level 1), A2 + B2 = 1:
    // A1 = 0.5 + 4t, A2 = 0.5 − t, B1 = 0.5 − 4t, B2 = 0.5 + t, all in [0, 1]: t ∈ [−1/8, 1/8], A1 ∈ [0, 1].
    expect(a1?.feasible[0]).toBeCloseTo(0, 9);
    expect(a1?.feasible[1]).toBeCloseTo(1, 9);
    expect(out.filter((i) => !i.primary).every((i) => i.required === null)).toBe(true);
  });

  it('keeps every withheld cell protected where the rule asks for it (every-withheld)', async () => {
    const table = regionByLevel();
    const every = DisclosureRule.parse({ protect: 'every-withheld' });
    const pattern = await protectTables([table], new Map(), every);
    expect(pattern.withheld.size).toBeGreaterThanOrEqual(4);
    const out = await feasibleIntervals(table, (k) => pattern.withheld.has(k), every);
    expect(out.every((i) => i.required !== null && i.protected)).toBe(true);
  });
});

/**
 * Two shares of one question whose options cover every answer (X + Y = 1 in every cell), each the
 * mean of three equal-weight children: X = (0.3, 0.5, 0.6), mean 1.4/3; Y = 1 − X. A is primary in both.
 */
function twoSharesOfOneQuestion(): { x: LinearTable; y: LinearTable } {
  const table = (id: string, values: number[]): LinearTable => {
    const keys = ['A', 'B', 'C'];
    const mean = values.reduce((a, b) => a + b, 0) / 3;
    const cells = [
      cell('P', mean, 300, false, 1_000),
      ...keys.map((k, i) => cell(k, values[i] ?? 0, 100, k === 'A')),
    ].map((c) => ({ ...c, pattern: `${id}|${c.key}` }));
    return {
      id,
      scale: { min: 0, max: 1 },
      columns: [id],
      sumsToOne: false,
      cells: new Map(cells.map((c) => [c.key, c])),
      relations: [{ parent: 'P', children: keys.map((key) => ({ key, weight: 1 })), total: 3 }],
    };
  };
  return { x: table('X', [0.3, 0.5, 0.6]), y: table('Y', [0.7, 0.5, 0.4]) };
}

describe('shares of one question (bounds across indicators)', () => {
  const exact = (cells: string[]) => ({ cells, k: 0, lower: 1, upper: 1 });
  const bounds = ['A', 'B', 'C', 'P'].map((k) => exact([`X#${k}`, `Y#${k}`]));

  it('each table alone protects A, but X + Y = 1 with different complements gives A away: A_x = 1.4 − 0.6 − (1 − 0.5) = 0.3', async () => {
    const { x, y } = twoSharesOfOneQuestion();
    const [ax] = await feasibleIntervals(x, (k) => k === 'A' || k === 'B', rule);
    expect(ax?.feasible[0]).toBeCloseTo(0, 9);
    expect(ax?.feasible[1]).toBeCloseTo(0.8, 9);
    expect(ax?.protected).toBe(true);
    const joint = mergeTables('X + Y', [x, y], bounds);
    const hidden = new Set(['X#A', 'X#B', 'Y#A', 'Y#C']);
    const out = await feasibleIntervals(joint, (k) => hidden.has(k), rule);
    const a = out.find((i) => i.cell === 'X#A');
    expect(a?.feasible[0]).toBeCloseTo(0.3, 9);
    expect(a?.feasible[1]).toBeCloseTo(0.3, 9);
    expect(a?.protected).toBe(false);
  });

  it('protected together, the complements are chosen so that A keeps its interval in both', async () => {
    const { x, y } = twoSharesOfOneQuestion();
    const joint = mergeTables('X + Y', [x, y], bounds);
    const pattern = await protectTables([joint], new Map(), rule);
    const out = await feasibleIntervals(joint, (k) => pattern.withheld.has(joint.cells.get(k)?.pattern ?? ''), rule);
    const primaries = out.filter((i) => i.primary);
    expect(primaries.map((i) => i.cell).sort()).toEqual(['X#A', 'Y#A']);
    expect(primaries.every((i) => i.protected)).toBe(true);
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
