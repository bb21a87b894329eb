/**
 * Complementary suppression of a campaign's reach (docs/disclosure.md): aided recall in the
 * campaign countries pooled is the weighted mean of recall in each campaign country, and of
 * recall in each level of each subgroup variable, so publishing all but one term would give the
 * withheld one away. The same greedy search as the series (`complementaryPass`) withholds
 * siblings until each relation protects its withheld terms. With the pooled share published the
 * relations share no unknown, so each is its own linear program with one equation over a box,
 * whose bounds are exactly what `relationProtects` checks: no LP is needed. When the pooled share
 * itself is withheld, every term is.
 */
import type { DisclosureRule } from '../../instrument/index.ts';
import { complementaryPass, primaryPattern } from '../disclosure-protect.ts';
import type { LinearTable, Relation, TableCell } from '../disclosure-table.ts';
import type { Reach, ReachWeights, Share } from './reach.ts';

function cellOf(key: string, s: Share): TableCell | undefined {
  if (s.estimate === null || s.suppressed === 'no_data') return undefined;
  return {
    key,
    values: [s.estimate / 100],
    n: s.n,
    primary: s.suppressed === 'below_minimum_n',
    pattern: key,
    label: key,
    // The greedy search picks among siblings by their n; the pooled share is withheld last.
    cost: key === 'overall' ? 1_000 : 1,
  };
}

/** The reach with complementary cells flagged `complementary` (withheld publicly like `below_minimum_n`). */
export function protectReach(reach: Reach, weights: ReachWeights, rule: DisclosureRule): Reach {
  const cells = new Map<string, TableCell>();
  const add = (key: string, s: Share) => {
    const c = cellOf(key, s);
    if (c) cells.set(key, c);
  };
  add('overall', reach.overall);
  reach.byCountry.forEach((s) => add(`country:${s.country}`, s));
  reach.bySubgroup.forEach((s) => add(`${s.subgroup.variable}=${s.subgroup.level}`, s));
  const relations: Relation[] = [
    {
      parent: 'overall',
      children: reach.byCountry.map((s, k) => ({ key: `country:${s.country}`, weight: weights.byCountry[k] ?? 0 })),
      total: weights.overall,
    },
  ];
  const variables = [...new Set(reach.bySubgroup.map((s) => s.subgroup.variable))];
  for (const v of variables)
    relations.push({
      parent: 'overall',
      children: reach.bySubgroup.flatMap((s, k) =>
        s.subgroup.variable === v ? [{ key: `${v}=${s.subgroup.level}`, weight: weights.bySubgroup[k] ?? 0 }] : [],
      ),
      total: weights.overall,
    });
  const table: LinearTable = {
    id: 'reach',
    scale: { min: 0, max: 1 },
    columns: ['aware'],
    sumsToOne: false,
    cells,
    relations,
  };
  const pattern = primaryPattern([table], new Map());
  while (complementaryPass([table], pattern, rule));
  const everything = pattern.withheld.has('overall');
  const mark = <T extends Share>(key: string, s: T): T =>
    s.suppressed === null && (everything || pattern.withheld.has(key)) ? { ...s, suppressed: 'complementary' } : s;
  return {
    ...reach,
    overall: mark('overall', reach.overall),
    byCountry: reach.byCountry.map((s) => mark(`country:${s.country}`, s)),
    bySubgroup: reach.bySubgroup.map((s) => mark(`${s.subgroup.variable}=${s.subgroup.level}`, s)),
  };
}
