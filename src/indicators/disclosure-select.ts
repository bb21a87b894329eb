/**
 * Choosing complementary cells by linear programming: for a withheld cell that must reach one end
 * of its protection interval, the cheapest way to move the table there — minimise Σ costᵢ·|dᵢ| over
 * deviations d of every cell from its true value, subject to every relation still holding
 * (Σ cᵢ·dᵢ = 0, each relation's unpublished remainder free), each cell staying on its scale, a
 * distribution's shares still summing to 1, sums of shares of one question still within their
 * bounds, and the target's deviation fixed to reach the end.
 * Withheld cells deviate at no cost. The published cells the optimum moves are withheld: the
 * deviated table then satisfies every published equation, so the attacker's LP can reach the end
 * too — the target is protected by construction. This is the LP relaxation of the fixed-charge
 * cell suppression problem solved one sensitive cell and one direction at a time, as in the
 * network-flow heuristics of Kelly, Golden & Assad (1992, "Cell suppression: disclosure protection
 * for sensitive tabular data", *Networks* 22) and Hundepool et al. (2012, *Statistical Disclosure
 * Control*, §4.2.3, "solutions based on linear programming").
 */
import type { Highs } from 'highs';
import { solver } from './disclosure-lp.ts';
import { members, type LinearTable } from './disclosure-table.ts';

/** A cell and column that must be able to reach `end`. */
export interface Target {
  readonly cell: string;
  readonly k: number;
  readonly end: number;
}

interface DeviationModel {
  readonly model: ReturnType<Highs['createModel']>;
  /** Cell key → index of its first column's "up" variable; "down" follows; 2 variables per column. */
  readonly at: ReadonlyMap<string, number>;
  readonly keys: readonly string[];
}

/** Deviation variables: per cell and column, up ∈ [0, max − x] and down ∈ [0, x − min]; per relation with a remainder, its deviation. */
function deviationModel(highs: Highs, table: LinearTable): DeviationModel {
  const { min, max } = table.scale;
  const nc = table.columns.length;
  const keys = [...table.cells.keys()];
  const at = new Map(keys.map((key, i) => [key, 2 * nc * i]));
  const lower: number[] = [];
  const upper: number[] = [];
  for (const key of keys) {
    const values = table.cells.get(key)?.values ?? [];
    for (let k = 0; k < nc; k++) {
      const x = values[k] ?? 0;
      lower.push(0, 0);
      upper.push(Math.max(0, max - x), Math.max(0, x - min));
    }
  }
  const related = table.relations.map((r) => members(table, r));
  const restAt: number[] = [];
  for (const ms of related) {
    const rest = ms.find((m) => m.key === null);
    restAt.push(rest ? lower.length : -1);
    if (rest)
      for (let k = 0; k < nc; k++) {
        const x = rest.values[k] ?? 0;
        lower.push(min - x);
        upper.push(max - x);
      }
  }
  const model = highs.createModel();
  model.options.set({ output_flag: false });
  model.addVars(Float64Array.from(lower), Float64Array.from(upper));
  related.forEach((ms, ri) => {
    for (let k = 0; k < nc; k++) {
      const indices: number[] = [];
      const values: number[] = [];
      for (const m of ms) {
        if (m.key === null) {
          indices.push((restAt[ri] ?? 0) + k);
          values.push(m.coefficient);
          continue;
        }
        const i = at.get(m.key);
        if (i === undefined) continue;
        indices.push(i + 2 * k, i + 2 * k + 1);
        values.push(m.coefficient, -m.coefficient);
      }
      if (indices.length > 0) model.addRow(0, 0, { indices, values });
    }
  });
  for (const b of table.bounds ?? []) {
    let sum = 0;
    const indices: number[] = [];
    const values: number[] = [];
    for (const key of b.cells) {
      const i = at.get(key);
      if (i === undefined) continue;
      sum += table.cells.get(key)?.values[b.k] ?? 0;
      indices.push(i + 2 * b.k, i + 2 * b.k + 1);
      values.push(1, -1);
    }
    model.addRow(b.lower - sum, b.upper - sum, { indices, values });
  }
  if (table.sumsToOne)
    for (const i of at.values())
      model.addRow(0, 0, {
        indices: table.columns.flatMap((_, k) => [i + 2 * k, i + 2 * k + 1]),
        values: table.columns.flatMap(() => [1, -1]),
      });
  return { model, at, keys };
}

/**
 * For each target in turn, the published cells whose deviation the cheapest solution needs; they
 * are withheld (through `withhold`) before the next target, so later targets reuse them at no cost.
 * Returns false when some target cannot reach its end whatever is withheld (the caller withholds the
 * table whole).
 */
export async function selectComplements(
  table: LinearTable,
  targets: readonly Target[],
  withheld: (key: string) => boolean,
  withhold: (key: string) => void,
): Promise<boolean> {
  const highs = await solver();
  const { model, at, keys } = deviationModel(highs, table);
  const nc = table.columns.length;
  const range = table.scale.max - table.scale.min;
  try {
    const setCosts = () => {
      for (const key of keys) {
        const cell = table.cells.get(key);
        const cost = cell && !withheld(key) ? cell.cost : 0;
        const i = at.get(key) ?? 0;
        for (let j = 0; j < 2 * nc; j++) model.changeColCost(i + j, cost);
      }
    };
    let feasible = true;
    for (const t of targets) {
      const i = at.get(t.cell);
      const cell = table.cells.get(t.cell);
      if (i === undefined || !cell) throw new Error(`disclosure: table ${table.id} has no cell ${t.cell}`);
      setCosts();
      const up = i + 2 * t.k;
      const need = t.end - (cell.values[t.k] ?? 0);
      const x = cell.values[t.k] ?? 0;
      model.changeColBounds(up, Math.max(0, need), Math.max(0, need));
      model.changeColBounds(up + 1, Math.max(0, -need), Math.max(0, -need));
      model.run();
      const solved = model.getModelStatus() === highs.constants.modelStatus.optimal;
      if (solved) {
        const value = model.getSolution().colValue;
        for (const key of keys) {
          if (withheld(key)) continue;
          const j = at.get(key) ?? 0;
          let moved = 0;
          for (let c = 0; c < 2 * nc; c++) moved += value[j + c] ?? 0;
          if (moved > 1e-7 * range) withhold(key);
        }
      } else feasible = false;
      model.changeColBounds(up, 0, Math.max(0, table.scale.max - x));
      model.changeColBounds(up + 1, 0, Math.max(0, x - table.scale.min));
    }
    return feasible;
  } finally {
    model.dispose();
  }
}
