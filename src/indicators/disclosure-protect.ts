/**
 * Secondary (complementary) suppression over linked tables (Hundepool et al. 2012 §4.2–4.3):
 * start from the primary cells; the attacker's LP (`feasibleIntervals`) finds each protected cell
 * that cannot reach an end of its protection interval, and a second LP (`selectComplements`)
 * withholds the cells cheapest to readers that let it — until the attacker's LP finds nothing.
 * A one-level table with its total published (a campaign's reach) needs no LP: the greedy search
 * of `complementaryPass` is exact there. Cells sharing a pattern key, or linked (an all-adults cell
 * and the distributions of the questions it reads), are withheld together.
 */
import type { DisclosureRule } from '../instrument/index.ts';
import { feasibleIntervals, type FeasibleInterval } from './disclosure-lp.ts';
import { selectComplements, type Target } from './disclosure-select.ts';
import { members, needsProtection, relationProtects, type LinearTable, type Member } from './disclosure-table.ts';

export interface Pattern {
  /** Withheld pattern keys. */
  readonly withheld: Set<string>;
  /** Pattern key → keys withheld together with it (e.g. a geography's all-adults cell and its answer distributions). */
  readonly links: ReadonlyMap<string, readonly string[]>;
}

/** Withholds `key` and everything linked to it; true when something new was withheld. */
export function withhold(pattern: Pattern, key: string): boolean {
  const todo = [key];
  let added = false;
  while (todo.length > 0) {
    const k = todo.pop() ?? '';
    if (pattern.withheld.has(k)) continue;
    pattern.withheld.add(k);
    added = true;
    todo.push(...(pattern.links.get(k) ?? []));
  }
  return added;
}

export function isWithheld(table: LinearTable, pattern: Pattern): (key: string | null) => boolean {
  return (key) => {
    if (key === null) return true;
    const cell = table.cells.get(key);
    return cell !== undefined && pattern.withheld.has(cell.pattern);
  };
}

/** The published member to withhold next for `target`, or undefined when every member is withheld. */
function complement(
  table: LinearTable,
  ms: readonly Member[],
  target: Member,
  k: number,
  unknown: (key: string | null) => boolean,
  rule: DisclosureRule,
): Member | undefined {
  const open = ms.filter((m) => !unknown(m.key));
  const children = open.filter((m) => m.coefficient > 0);
  const n = (m: Member) => table.cells.get(m.key ?? '')?.n ?? Infinity;
  const enough = children
    .filter((c) => relationProtects(table, ms, target, k, (key) => unknown(key) || key === c.key, rule))
    .sort((a, b) => n(a) - n(b));
  if (enough[0]) return enough[0];
  const largest = [...children].sort((a, b) => b.coefficient - a.coefficient)[0];
  return largest ?? open[0];
}

/** One pass over every relation of every table; true when a cell was added. */
export function complementaryPass(tables: readonly LinearTable[], pattern: Pattern, rule: DisclosureRule): boolean {
  let changed = false;
  for (const table of tables) {
    const unknown = isWithheld(table, pattern);
    for (const relation of table.relations) {
      const ms = members(table, relation);
      for (let guard = 0; guard <= ms.length; guard++) {
        const failing = firstUnprotected(table, ms, unknown, rule);
        if (!failing) break;
        const add = complement(table, ms, failing.target, failing.k, unknown, rule);
        const cell = add?.key ? table.cells.get(add.key) : undefined;
        if (!cell || !withhold(pattern, cell.pattern)) break;
        changed = true;
      }
    }
  }
  return changed;
}

function firstUnprotected(
  table: LinearTable,
  ms: readonly Member[],
  unknown: (key: string | null) => boolean,
  rule: DisclosureRule,
): { target: Member; k: number } | undefined {
  for (const target of ms) {
    if (target.key === null || !unknown(target.key)) continue;
    const cell = table.cells.get(target.key);
    if (!cell || !needsProtection(cell, rule)) continue;
    for (let k = 0; k < table.columns.length; k++)
      if (!relationProtects(table, ms, target, k, unknown, rule)) return { target, k };
  }
  return undefined;
}

/** The primary cells of every table, withheld with what they are linked to. */
export function primaryPattern(tables: readonly LinearTable[], links: Pattern['links']): Pattern {
  const pattern: Pattern = { withheld: new Set(), links };
  for (const t of tables) for (const c of t.cells.values()) if (c.primary) withhold(pattern, c.pattern);
  return pattern;
}

/** Every withheld cell's feasible interval, table by table (with `protectedOnly`, only the cells the rule protects). */
export async function auditTables(
  tables: readonly LinearTable[],
  pattern: Pattern,
  rule: DisclosureRule,
  options: { readonly settled?: Map<string, FeasibleInterval>; readonly protectedOnly?: boolean } = {},
): Promise<FeasibleInterval[]> {
  const out: FeasibleInterval[] = [];
  for (const t of tables) {
    const unknown = isWithheld(t, pattern);
    out.push(...(await feasibleIntervals(t, (key) => unknown(key), rule, options)));
  }
  return out;
}

/** The ends of its protection interval a failing cell cannot reach yet. */
function missedEnds(f: FeasibleInterval, table: LinearTable): Target[] {
  if (!f.required) return [];
  const k = table.columns.indexOf(f.column);
  const tolerance = 1e-7 * (table.scale.max - table.scale.min);
  const out: Target[] = [];
  if (f.feasible[0] > f.required[0] + tolerance) out.push({ cell: f.cell, k, end: f.required[0] });
  if (f.feasible[1] < f.required[1] - tolerance) out.push({ cell: f.cell, k, end: f.required[1] });
  return out;
}

/**
 * Primary and complementary suppression of linked tables: returns the withheld pattern keys.
 * Starting from the primary cells, the attacker's LP finds every protected cell (the rule's
 * `protect`) that cannot reach an end of its protection interval; for each, the cheapest cells to
 * withhold (`selectComplements`) are added, and the LP checks again. Cells linked across tables
 * (an all-adults cell and its answer distributions) are withheld together, so a round can open a
 * new gap elsewhere; the pattern only grows, so the loop ends. When no choice of cells can protect
 * a cell, its table is withheld whole.
 */
export async function protectTables(
  tables: readonly LinearTable[],
  links: Pattern['links'],
  rule: DisclosureRule,
): Promise<Pattern> {
  const pattern = primaryPattern(tables, links);
  // The pattern only grows, so an interval once protected stays protected: solved once.
  const settled = new Map<string, FeasibleInterval>();
  for (;;) {
    const failures = (await auditTables(tables, pattern, rule, { settled, protectedOnly: true })).filter(
      (f) => !f.protected,
    );
    if (failures.length === 0) return pattern;
    let added = false;
    for (const table of tables) {
      const targets = failures.filter((f) => f.table === table.id).flatMap((f) => missedEnds(f, table));
      if (targets.length === 0) continue;
      const unknown = isWithheld(table, pattern);
      const before = pattern.withheld.size;
      const withholdCell = (key: string) => {
        const cell = table.cells.get(key);
        if (cell) withhold(pattern, cell.pattern);
      };
      const possible = await selectComplements(table, targets, (key) => unknown(key), withholdCell);
      if (!possible || pattern.withheld.size === before)
        for (const c of table.cells.values()) withhold(pattern, c.pattern);
      added ||= pattern.withheld.size > before;
    }
    if (!added) throw new Error(`disclosure: cannot protect ${failures[0]?.table} ${failures[0]?.cell}`);
  }
}
