/**
 * The attacker's linear program: for each withheld cell (and column), the smallest and largest
 * value consistent with every published equation of its table and the scale's bounds —
 *   min / max x_j  subject to  Σ cᵢ·xᵢ = −Σ (published cᵢ·xᵢ) for every relation,
 *                              Σ_columns x = 1 for a distribution's cells, min ≤ x ≤ max,
 * over the withheld cells and each relation's unpublished remainder. Solved by HiGHS (Huangfu &
 * Hall 2018) compiled to WebAssembly (npm `highs`). Only components of withheld cells joined by
 * relations that carry a published value are solved: in any other the constant solution shows
 * every cell can take every value of the scale.
 */
import { createRequire } from 'node:module';
import type { Highs, Model as HighsModel } from 'highs';
import { protectionInterval, type DisclosureRule } from '../instrument/index.ts';
import { members, needsProtection, type LinearTable, type Member, type SumBound } from './disclosure-table.ts';

// The package's types describe its CommonJS build, whose `default` is the loader.
const highsLoader: (typeof import('highs'))['default'] = createRequire(import.meta.url)('highs').default;
let loaded: Promise<Highs> | undefined;

/** The HiGHS solver (loaded once per process; the wasm ships inside the npm package, no network). */
export function solver(): Promise<Highs> {
  const highs = loaded ?? highsLoader();
  loaded = highs;
  return highs;
}

export interface FeasibleInterval {
  readonly table: string;
  readonly cell: string;
  readonly label: string;
  readonly column: string;
  readonly value: number;
  /** The tightest bounds an attacker can derive. */
  readonly feasible: readonly [number, number];
  /** Withheld on its own (below a threshold), not as a complement. */
  readonly primary: boolean;
  /** The protection interval of the disclosure rule; null for a cell the rule does not protect (a complementary cell under `protect: 'primary'`). */
  readonly required: readonly [number, number] | null;
  readonly protected: boolean;
}

interface Component {
  readonly cells: string[];
  readonly relations: { readonly members: Member[]; readonly rest: boolean }[];
  readonly bounds: SumBound[];
  readonly published: boolean;
}

/** Withheld cells grouped by the relations joining them (union–find). */
function components(table: LinearTable, withheld: (key: string) => boolean): Component[] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(k, r);
    return r;
  };
  for (const key of table.cells.keys()) if (withheld(key)) parent.set(key, key);
  const related = table.relations.map((r) => members(table, r));
  const joined = [
    ...related.map((ms) => ms.flatMap((m) => (m.key !== null && withheld(m.key) ? [m.key] : []))),
    ...(table.bounds ?? []).map((b) => b.cells.filter(withheld)),
  ];
  for (const unknown of joined) for (const k of unknown.slice(1)) parent.set(find(k), find(unknown[0] ?? k));
  const out = new Map<string, Component>();
  for (const key of parent.keys()) {
    const root = find(key);
    const c = out.get(root) ?? { cells: [], relations: [], bounds: [], published: false };
    c.cells.push(key);
    out.set(root, c);
  }
  // A bound is information even among withheld cells only (all at the top of the scale break Σ ≤ 1).
  for (const b of table.bounds ?? []) {
    const first = b.cells.find(withheld);
    const c = first === undefined ? undefined : out.get(find(first));
    if (!c || first === undefined) continue;
    c.bounds.push(b);
    out.set(find(first), { ...c, published: true });
  }
  for (const ms of related) {
    const first = ms.find((m) => m.key !== null && withheld(m.key));
    if (!first?.key) continue;
    const c = out.get(find(first.key));
    if (!c) continue;
    const published = ms.some((m) => m.key !== null && !withheld(m.key));
    c.relations.push({ members: ms, rest: ms.some((m) => m.key === null) });
    if (published) out.set(find(first.key), { ...c, published: true });
  }
  return [...out.values()];
}

/**
 * Feasible intervals of every withheld cell of `table` (each column). Withholding more cells only
 * frees values the LP held fixed, so a feasible interval can only widen as the pattern grows:
 * `settled` (table|cell|column → an interval found protected in an earlier round) is reused, not
 * solved again, and every protected interval found is added to it.
 */
export async function feasibleIntervals(
  table: LinearTable,
  withheld: (key: string) => boolean,
  rule: DisclosureRule,
  options: { readonly settled?: Map<string, FeasibleInterval>; readonly protectedOnly?: boolean } = {},
): Promise<FeasibleInterval[]> {
  const { settled } = options;
  const out: FeasibleInterval[] = [];
  const highs = await solver();
  const result = (key: string, k: number, feasible: readonly [number, number]): FeasibleInterval => {
    const cell = table.cells.get(key);
    if (!cell) throw new Error(`disclosure: table ${table.id} has no cell ${key}`);
    const value = cell.values[k] ?? Number.NaN;
    const required = needsProtection(cell, rule) ? protectionInterval(value, table.scale, rule.protection) : null;
    const tolerance = 1e-7 * (table.scale.max - table.scale.min);
    return {
      table: table.id,
      cell: key,
      label: cell.label,
      column: table.columns[k] ?? String(k),
      value,
      primary: cell.primary,
      feasible,
      required,
      protected:
        required === null || (feasible[0] <= required[0] + tolerance && feasible[1] >= required[1] - tolerance),
    };
  };
  // With `protectedOnly`, cells the rule does not protect are neither solved nor reported.
  const wanted = (key: string) => {
    const cell = table.cells.get(key);
    return !options.protectedOnly || (cell !== undefined && needsProtection(cell, rule));
  };
  for (const c of components(table, withheld)) {
    if (!c.published) {
      for (const key of c.cells.filter(wanted))
        table.columns.forEach((_, k) => out.push(result(key, k, [table.scale.min, table.scale.max])));
      continue;
    }
    const id = (key: string, k: number) => `${table.id}|${key}|${k}`;
    const goal = (key: string, k: number): readonly [number, number] => {
      const cell = table.cells.get(key);
      const value = cell?.values[k] ?? Number.NaN;
      const wide: readonly [number, number] = [table.scale.min, table.scale.max];
      return options.protectedOnly && cell ? protectionInterval(value, table.scale, rule.protection) : wide;
    };
    const solved = solveComponent(highs, table, c, withheld, wanted, {
      known: (key, k) => settled?.get(id(key, k))?.feasible,
      goal,
    });
    for (const r of solved) {
      const interval = result(r.key, r.k, r.feasible);
      if (interval.protected) settled?.set(id(r.key, r.k), interval);
      out.push(interval);
    }
  }
  return out;
}

/**
 * The component's LP: the lowest and highest value of every wanted withheld cell and column.
 * `goal` is how far each end must be shown to reach (the scale's ends: exact intervals; the
 * protection interval with `protectedOnly`). First, rounds with one objective for all pending
 * ends at once (+1 on the cells whose low end is pending, −1 on those whose high end is): every
 * solution is a feasible table, so each value it gives a cell is within that cell's interval, and
 * an end seen at its goal needs no LP of its own (at a scale end it is exact). The ends left, and
 * those a round no longer advances, are solved one by one (min, max of the cell), exactly.
 * In a world where most cells are withheld this is a handful of solves instead of two per cell.
 */
function solveComponent(
  highs: Highs,
  table: LinearTable,
  c: Component,
  withheld: (key: string) => boolean,
  wanted: (key: string) => boolean,
  ask: {
    readonly known: (key: string, k: number) => readonly [number, number] | undefined;
    readonly goal: (key: string, k: number) => readonly [number, number];
  },
): { key: string; k: number; feasible: readonly [number, number] }[] {
  const nc = table.columns.length;
  const index = new Map(c.cells.map((key, i) => [key, i * nc]));
  let next = c.cells.length * nc;
  const model = highs.createModel();
  try {
    model.options.set({ output_flag: false });
    const restAt = c.relations.map((r) => (r.rest ? (next += nc) - nc : -1));
    const lower = new Float64Array(next).fill(table.scale.min);
    const upper = new Float64Array(next).fill(table.scale.max);
    model.addVars(lower, upper);
    c.relations.forEach((r, ri) => {
      for (let k = 0; k < nc; k++) {
        const indices: number[] = [];
        const values: number[] = [];
        let constant = 0;
        for (const m of r.members) {
          const at = m.key === null ? restAt[ri] : withheld(m.key) ? index.get(m.key) : undefined;
          if (at === undefined || at < 0) constant += m.coefficient * (m.values[k] ?? 0);
          else {
            indices.push(at + k);
            values.push(m.coefficient);
          }
        }
        model.addRow(-constant, -constant, { indices, values });
      }
    });
    if (table.sumsToOne)
      for (const key of c.cells) {
        const at = index.get(key) ?? 0;
        model.addRow(1, 1, { indices: table.columns.map((_, k) => at + k), values: table.columns.map(() => 1) });
      }
    for (const b of c.bounds) {
      let known = 0;
      const indices: number[] = [];
      for (const key of b.cells) {
        const at = withheld(key) ? index.get(key) : undefined;
        if (at === undefined) known += table.cells.get(key)?.values[b.k] ?? 0;
        else indices.push(at + b.k);
      }
      model.addRow(b.lower - known, b.upper - known, { indices, values: indices.map(() => 1) });
    }
    const targets: Target[] = [];
    const out: { key: string; k: number; feasible: readonly [number, number] }[] = [];
    for (const key of c.cells.filter(wanted))
      for (let k = 0; k < nc; k++) {
        const before = ask.known(key, k);
        if (before) out.push({ key, k, feasible: before });
        else
          targets.push({ key, k, col: (index.get(key) ?? 0) + k, goal: ask.goal(key, k), seen: [Infinity, -Infinity] });
      }
    extremes(highs, model, table, targets, next);
    return [...out, ...targets.map((t) => ({ key: t.key, k: t.k, feasible: t.seen }))];
  } finally {
    model.dispose();
  }
}

interface Target {
  readonly key: string;
  readonly k: number;
  readonly col: number;
  readonly goal: readonly [number, number];
  /** The lowest and highest value seen in a feasible solution; exact once solved for. */
  seen: [number, number];
}

/** Fills each target's `seen` with its cell's feasible interval, or enough of it to reach its goal. */
function extremes(highs: Highs, model: HighsModel, table: LinearTable, targets: Target[], nVars: number): void {
  const tolerance = 1e-7 * (table.scale.max - table.scale.min);
  const { minimize, maximize } = highs.constants.objectiveSense;
  const solve = (what: string): void => {
    model.run();
    if (model.getModelStatus() !== highs.constants.modelStatus.optimal)
      throw new Error(`disclosure LP of ${table.id} (${what}) did not solve: status ${model.getModelStatus()}`);
    const x = model.getSolution().colValue;
    for (const t of targets) {
      const v = x[t.col] ?? Number.NaN;
      t.seen = [Math.min(t.seen[0], v), Math.max(t.seen[1], v)];
    }
  };
  const lowPending = (t: Target) => t.seen[0] > t.goal[0] + tolerance;
  const highPending = (t: Target) => t.seen[1] < t.goal[1] - tolerance;
  const costs = new Float64Array(nVars);
  const setCosts = () => model.changeColsCost({ kind: 'range', from: 0, to: nVars - 1 }, costs);
  model.changeObjectiveSense(minimize);
  for (let pending = targets.length * 2; ;) {
    costs.fill(0);
    for (const t of targets) {
      if (lowPending(t)) costs[t.col] = 1;
      else if (highPending(t)) costs[t.col] = -1;
    }
    if (!costs.some((x) => x !== 0)) break;
    setCosts();
    solve('all pending ends');
    const left = targets.filter(lowPending).length + targets.filter(highPending).length;
    // A round that settles less than a tenth of what is left is not worth another.
    if (pending - left < Math.max(1, pending / 10)) break;
    pending = left;
  }
  costs.fill(0);
  setCosts();
  for (const t of targets) {
    for (const [sense, end] of [
      [minimize, 0],
      [maximize, 1],
    ] as const) {
      if (end === 0 ? !lowPending(t) : !highPending(t)) continue;
      model.changeColCost(t.col, 1);
      model.changeObjectiveSense(sense);
      solve(t.key);
      t.seen[end] = model.getObjectiveValue();
      model.changeColCost(t.col, 0);
    }
  }
}
