/**
 * Secondary (complementary) suppression over linked tables, after tau-ARGUS's and sdcTable's
 * approach (Hundepool et al. 2012 §4.2–4.3; de Wolf 2002, "HiTaS"): start from the primary cells,
 * then, relation by relation, add the published cell that lets the other unknowns absorb a
 * withheld cell's protection interval — a sibling that alone suffices with the fewest
 * respondents, else the sibling with the largest weight, the parent only when no sibling is left
 * — until every relation protects every withheld cell; then verify with the attacker's LP
 * (`feasibleIntervals`) and strengthen where it finds a narrower interval. Cells sharing a pattern
 * key (one geography × subgroup across every indicator of a wave) are withheld together, so no
 * table can be differenced against another.
 */
import type { DisclosureRule } from '../instrument/index.ts';
import { feasibleIntervals, type FeasibleInterval } from './disclosure-lp.ts';
import { members, relationProtects, type LinearTable, type Member } from './disclosure-table.ts';

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

/** Every withheld cell's feasible interval, table by table. */
export async function auditTables(
  tables: readonly LinearTable[],
  pattern: Pattern,
  rule: DisclosureRule,
  settled?: Map<string, FeasibleInterval>,
): Promise<FeasibleInterval[]> {
  const out: FeasibleInterval[] = [];
  for (const t of tables) {
    const unknown = isWithheld(t, pattern);
    out.push(...(await feasibleIntervals(t, (key) => unknown(key), rule, settled)));
  }
  return out;
}

/** After the LP found `failure` recoverable: withhold the published member with the largest weight in one of its relations (the parent last). */
function strengthen(table: LinearTable, pattern: Pattern, failure: FeasibleInterval): boolean {
  const unknown = isWithheld(table, pattern);
  const open: Member[] = [];
  for (const r of table.relations) {
    const ms = members(table, r);
    if (ms.some((m) => m.key === failure.cell)) open.push(...ms.filter((m) => !unknown(m.key)));
  }
  open.sort((a, b) => b.coefficient - a.coefficient);
  for (const m of open) {
    const cell = table.cells.get(m.key ?? '');
    if (cell && withhold(pattern, cell.pattern)) return true;
  }
  return false;
}

/**
 * Primary and complementary suppression of linked tables, verified by the LP: returns the
 * withheld pattern keys. When strengthening finds nothing left to add, the table is withheld whole.
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
    while (complementaryPass(tables, pattern, rule));
    const failures = (await auditTables(tables, pattern, rule, settled)).filter((f) => !f.protected);
    if (failures.length === 0) return pattern;
    let added = false;
    for (const f of failures) {
      const table = tables.find((t) => t.id === f.table);
      if (!table) continue;
      if (strengthen(table, pattern, f)) added = true;
      else for (const c of table.cells.values()) added = withhold(pattern, c.pattern) || added;
    }
    if (!added) throw new Error(`disclosure: cannot protect ${failures[0]?.table} ${failures[0]?.cell}`);
  }
}
