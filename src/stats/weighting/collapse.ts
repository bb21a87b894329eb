/** The groups of a collapsed line of ordered cells. */
import { at } from '../checked.ts';
export interface CollapsedLine {
  /** Consecutive runs of cell indices, in order; together they cover every cell once. */
  readonly groups: readonly (readonly number[])[];
  /** Respondents in each group. */
  readonly counts: readonly number[];
}

/**
 * Collapses a line of ordered weighting cells (adjacent age groups, adjacent education levels)
 * so that every group holds at least k respondents, as world polls do before weighting (e.g. the
 * European Social Survey's and Gallup's practice of merging sparse adjacent categories): while a
 * group has fewer than k respondents and more than one group remains, the group with the fewest
 * (the first such on a tie) is merged with its neighbour having fewer respondents (the earlier
 * one on a tie, or the only one at an end). A single remaining group may still hold fewer than k:
 * the caller warns. Deterministic; `test/stats/fixtures/sparse-calibration.R` writes the same rule in R.
 */
export function collapseLine(counts: readonly number[], k: number): CollapsedLine {
  const groups: number[][] = counts.map((_, i) => [i]);
  const sizes = [...counts];
  for (;;) {
    if (groups.length <= 1) break;
    let pick = -1;
    for (let g = 0; g < groups.length; g++) {
      const size = at(sizes, g);
      if (size < k && (pick < 0 || size < at(sizes, pick))) pick = g;
    }
    if (pick < 0) break;
    const left = pick - 1;
    const right = pick + 1;
    const into = left < 0 ? right : right >= groups.length ? left : at(sizes, right) < at(sizes, left) ? right : left;
    const [a, b] = into < pick ? [into, pick] : [pick, into];
    groups.splice(a, 2, [...(groups[a] ?? []), ...(groups[b] ?? [])]);
    sizes.splice(a, 2, at(sizes, a) + at(sizes, b));
  }
  return { groups, counts: sizes };
}
