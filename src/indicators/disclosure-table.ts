/**
 * Linear tables, the model of everything a reader can combine: cells (one value per column, e.g.
 * one share per answer option) related by published weighted means — a region is the mean of its
 * countries weighted by their weighted base totals, all adults the mean of the levels of a
 * subgroup variable (plus an unpublished remainder: respondents with no level). In normal form a
 * relation is Σ cᵢ·xᵢ = 0 with c = −1 for the parent and weightₖ / total for each child.
 * Hundepool et al. (2012), *Statistical Disclosure Control*, §4.2 (linked tables, protection levels).
 */
import { protectionInterval, type DisclosureRule } from '../instrument/index.ts';

export interface Scale {
  readonly min: number;
  readonly max: number;
}

export interface TableCell {
  readonly key: string;
  /** The true value of each column (researchers' view). */
  readonly values: readonly number[];
  readonly n: number;
  /** Withheld on its own (below a threshold): primary suppression. */
  readonly primary: boolean;
  /** Cells of any table sharing a pattern key are withheld together. */
  readonly pattern: string;
  /** How readers name the cell (the auditor's report). */
  readonly label: string;
  /**
   * The cost of moving the cell one unit in the complement search, which minimises the total
   * (`selectComplements`; `readerCost` for the series): a country's subgroup cell is cheap, the
   * world's all-adults value dear.
   */
  readonly cost: number;
}

/** Whether the rule requires `cell`, when withheld, to keep its protection interval. */
export function needsProtection(cell: TableCell, rule: DisclosureRule): boolean {
  return cell.primary || rule.protect === 'every-withheld';
}

export interface Relation {
  readonly parent: string;
  readonly children: readonly { readonly key: string; readonly weight: number }[];
  /** The parent's weight: Σ children's weights plus the weight of an unpublished remainder. */
  readonly total: number;
}

/**
 * Σ of some cells' values in column `k` lies within [lower, upper]: the shares of disjoint options
 * of one question over one base, in one geography and subgroup, add up to at most 1 (exactly 1 when
 * they cover every answer in the base).
 */
export interface SumBound {
  readonly cells: readonly string[];
  readonly k: number;
  readonly lower: number;
  readonly upper: number;
}

export interface LinearTable {
  readonly id: string;
  readonly scale: Scale;
  readonly columns: readonly string[];
  /** Every cell's columns sum to 1 (an answer distribution). */
  readonly sumsToOne: boolean;
  readonly cells: ReadonlyMap<string, TableCell>;
  readonly relations: readonly Relation[];
  /** Bounds on sums of cells beyond the relations (none when absent). */
  readonly bounds?: readonly SumBound[];
}

/**
 * Several tables of one scale and one column as one: cell keys and relations prefixed with each
 * table's id, so bounds can tie cells of different tables (`bounds` use the prefixed keys).
 */
export function mergeTables(id: string, tables: readonly LinearTable[], bounds: readonly SumBound[]): LinearTable {
  const first = tables[0];
  if (
    !first ||
    tables.some((t) => t.columns.length !== 1 || t.scale.min !== first.scale.min || t.scale.max !== first.scale.max)
  )
    throw new Error(
      `disclosure: cannot merge tables ${tables.map((t) => t.id).join(', ')} (one column and one scale needed)`,
    );
  const cells = new Map<string, TableCell>();
  const relations: Relation[] = [];
  for (const t of tables) {
    const key = (k: string) => `${t.id}#${k}`;
    for (const c of t.cells.values()) cells.set(key(c.key), { ...c, key: key(c.key), label: `${t.id}: ${c.label}` });
    for (const r of t.relations)
      relations.push({
        parent: key(r.parent),
        children: r.children.map((c) => ({ key: key(c.key), weight: c.weight })),
        total: r.total,
      });
  }
  return { id, scale: first.scale, columns: ['share'], sumsToOne: false, cells, relations, bounds };
}

/** One member of a relation in normal form; `key` null is the unpublished remainder (always unknown). */
export interface Member {
  readonly key: string | null;
  readonly coefficient: number;
  readonly values: readonly number[];
}

/** The remainder is ignored below this share of the parent's weight (rounding of sums). */
const REMAINDER_TOLERANCE = 1e-9;

/** The members of a relation in normal form, the remainder's true value derived from the others. */
export function members(table: LinearTable, relation: Relation): Member[] {
  const parent = table.cells.get(relation.parent);
  if (!parent || !(relation.total > 0)) return [];
  const out: Member[] = [{ key: parent.key, coefficient: -1, values: parent.values }];
  let childWeight = 0;
  for (const c of relation.children) {
    const cell = table.cells.get(c.key);
    if (!cell || !(c.weight > 0)) continue;
    childWeight += c.weight;
    out.push({ key: c.key, coefficient: c.weight / relation.total, values: cell.values });
  }
  const rest = (relation.total - childWeight) / relation.total;
  if (rest > REMAINDER_TOLERANCE) {
    const values = table.columns.map((_, k) => {
      let v = parent.values[k] ?? 0;
      for (const m of out.slice(1)) v -= m.coefficient * (m.values[k] ?? 0);
      return Math.min(table.scale.max, Math.max(table.scale.min, v / rest));
    });
    out.push({ key: null, coefficient: rest, values });
  }
  return out;
}

/**
 * Whether, within one relation, the other unknowns can absorb moving member `target` to either
 * end of its protection interval in column `k`: with Δᵢ ∈ [min − xᵢ, max − xᵢ] for each other
 * unknown, Σ cᵢΔᵢ must reach −c_t·(end − x_t) for both ends. A necessary condition (the LP decides).
 */
export function relationProtects(
  table: LinearTable,
  relationMembers: readonly Member[],
  target: Member,
  k: number,
  unknown: (key: string | null) => boolean,
  rule: DisclosureRule,
): boolean {
  const { min, max } = table.scale;
  let low = 0;
  let high = 0;
  for (const m of relationMembers) {
    if (m === target || !unknown(m.key)) continue;
    const x = m.values[k] ?? 0;
    const a = m.coefficient * (min - x);
    const b = m.coefficient * (max - x);
    low += Math.min(a, b);
    high += Math.max(a, b);
  }
  const x = target.values[k] ?? 0;
  const [pLow, pHigh] = protectionInterval(x, table.scale, rule.protection);
  const tolerance = 1e-9 * (max - min);
  return [pLow, pHigh].every((end) => {
    const need = -target.coefficient * (end - x);
    return need >= low - tolerance && need <= high + tolerance;
  });
}
