/**
 * The cell-collapsing rule applied to a country's margins before weighting (docs/pipeline.md,
 * "Weighting"): a margin cell with fewer than k respondents (the wave's `collapse.minRespondents`,
 * default 5) is merged with its neighbour along the margin's first ORDERED variable (age group by
 * its bins, education by its levels; sex is not ordered and is never merged), within fixed levels
 * of the margin's other variables (`collapseLine` picks which neighbour). A cell that cannot be
 * merged keeps its own target with a `sparse_cell` warning; one with no respondent at all cannot
 * be represented: it is dropped, its population spread over the margin's other cells, and the
 * country's margins are flagged as not met.
 */
import type { WeightingVariable } from '../instrument/index.ts';
import { weightingLevels } from '../instrument/index.ts';
import { collapseLine } from '../stats/index.ts';
import type { CollapsedCells, WeightingWarning } from '../../db/weighting-run-shapes.ts';
import { cellLabel, type CountryMargin } from './margins.ts';
import { at } from '../stats/checked.ts';

export interface CollapsedMargin {
  readonly name: string;
  /** The (possibly merged) cell of each respondent. */
  readonly rowLabels: readonly string[];
  /** Target population of each kept cell (merged cells sum their members). */
  readonly totals: Readonly<Record<string, number>>;
  readonly merged: readonly CollapsedCells[];
  /** Cells with population but no respondent, even after merging: dropped, margin not met. */
  readonly dropped: readonly string[];
}

/** The label of a merged cell: its members' labels joined by " + ". */
export function mergedLabel(cells: readonly string[]): string {
  return cells.join(' + ');
}

export function collapseMargin(
  margin: CountryMargin,
  rowLevels: readonly ReadonlyMap<string, string>[],
  variables: ReadonlyMap<string, WeightingVariable>,
  minRespondents: number,
  iso3: string,
  warn: (w: WeightingWarning) => void,
): CollapsedMargin {
  const rowCells = rowLevels.map((levels) => cellLabel(margin.variables.map((v) => levels.get(v) ?? '')));
  const counts = new Map<string, number>();
  for (const c of rowCells) counts.set(c, (counts.get(c) ?? 0) + 1);
  const axis = margin.variables.findIndex((v) => {
    const variable = variables.get(v);
    return variable !== undefined && (variable.from === 'bins' || variable.ordered === true);
  });
  const axisOrder = axis < 0 ? [] : weightingLevels(variables.get(margin.variables[axis] ?? '') ?? noVariable());
  // Lines: cells sharing the levels of every variable but the axis, ordered along the axis.
  const lines = new Map<string, string[]>();
  for (const label of margin.totals.keys()) {
    if (!((margin.totals.get(label) ?? 0) > 0) && !counts.has(label)) continue;
    const parts = label.split(':');
    const key = axis < 0 ? label : parts.filter((_, j) => j !== axis).join(':');
    lines.set(key, [...(lines.get(key) ?? []), label]);
  }
  const groupOf = new Map<string, string>();
  const totals: Record<string, number> = {};
  const merged: CollapsedCells[] = [];
  const dropped: string[] = [];
  for (const cells of lines.values()) {
    if (axis >= 0)
      cells.sort((a, b) => axisOrder.indexOf(a.split(':')[axis] ?? '') - axisOrder.indexOf(b.split(':')[axis] ?? ''));
    const line = collapseLine(
      cells.map((c) => counts.get(c) ?? 0),
      minRespondents,
    );
    line.groups.forEach((members, g) => {
      const labels = members.map((m) => cells[m] ?? '');
      const label = mergedLabel(labels);
      const respondents = at(line.counts, g);
      if (labels.length > 1) merged.push({ margin: margin.name, cells: labels, into: label, respondents });
      if (respondents === 0) {
        dropped.push(label);
        warn({
          code: 'empty_cell',
          country: iso3,
          cell: `${margin.name}=${label}`,
          message: `${iso3}: margin cell ${margin.name} = ${label} has no respondents and no neighbour to merge with; its population is spread over the margin's other cells, so this margin is not met`,
        });
        return;
      }
      if (respondents < minRespondents)
        warn({
          code: 'sparse_cell',
          country: iso3,
          cell: `${margin.name}=${label}`,
          message: `${iso3}: margin cell ${margin.name} = ${label} has ${respondents} respondent(s), fewer than ${minRespondents}, and no neighbour left to merge with`,
        });
      for (const l of labels) groupOf.set(l, label);
      totals[label] = labels.reduce((s, l) => s + (margin.totals.get(l) ?? 0), 0);
    });
  }
  if (dropped.length > 0) {
    let all = 0;
    for (const v of margin.totals.values()) all += v;
    let kept = 0;
    for (const v of Object.values(totals)) kept += v;
    for (const label of Object.keys(totals)) totals[label] = ((totals[label] ?? 0) / kept) * all;
  }
  return { name: margin.name, rowLabels: rowCells.map((c) => groupOf.get(c) ?? c), totals, merged, dropped };
}

function noVariable(): WeightingVariable {
  throw new Error('the collapsing axis names no weighting variable');
}
