/**
 * The linked tables of one wave's series, and the suppression pattern applied to them. Per
 * indicator, one table over geography × subgroup (countries within regions and the world, levels
 * of each subgroup variable within all adults); per single-choice question, one table of answer
 * distributions over geography. A cell's pattern key names its table; an indicator's all-adults
 * cell is linked to the distributions of the questions it reads, so that when it is withheld the
 * distribution cannot restate it.
 */
import {
  findQuestion,
  indicatorQuestions,
  type DisclosureRule,
  type Indicator,
  type Instrument,
  type Study,
} from '../instrument/index.ts';
import type { DistributionPoint, Geography, SeriesPoint, Subgroup } from './types.ts';
import { protectTables, type Pattern } from './disclosure-protect.ts';
import { gapScale } from './invariants.ts';
import { mergeTables, type LinearTable, type Relation, type Scale, type TableCell } from './disclosure-table.ts';

export function geoKey(g: Geography): string {
  return g.kind === 'country' ? `c:${g.iso3}` : g.kind === 'region' ? `r:${g.region}` : 'w';
}

function subKey(s: Subgroup): string {
  return s ? `${s.variable}=${s.level}` : '';
}

/** Key of a point's weight: indicator, geography, subgroup. */
export function pointWeightKey(p: Pick<SeriesPoint, 'indicator' | 'geography' | 'subgroup'>): string {
  return `s|${p.indicator}|${geoKey(p.geography)}|${subKey(p.subgroup)}`;
}

export function distributionWeightKey(d: Pick<DistributionPoint, 'question' | 'geography'>): string {
  return `d|${d.question}|${geoKey(d.geography)}`;
}

/** The values an indicator can take: [0, 1] for a share, the stated range of an index, the scores (or the numeric question's bounds) of a mean. */
export function indicatorScale(indicator: Indicator, instrument: Instrument): Scale {
  if (indicator.kind === 'share' || indicator.kind === 'overestimate') return { min: 0, max: 1 };
  if (indicator.kind === 'index') return indicator.range;
  const scores = indicator.kind === 'mean' ? Object.values(indicator.scores ?? {}) : [];
  if (scores.length > 0) return { min: Math.min(...scores), max: Math.max(...scores) };
  const q = findQuestion(instrument, indicator.question);
  if (q?.kind === 'numeric' && q.min !== undefined && q.max !== undefined)
    return indicator.kind === 'gap' ? gapScale({ min: q.min, max: q.max }) : { min: q.min, max: q.max };
  throw new Error(
    `indicator ${indicator.id}: its scale is unknown (give scores, or bound question ${indicator.question} with min and max), so withheld values cannot be protected`,
  );
}

interface Placed {
  readonly key: string;
  readonly geography: Geography;
  readonly weight: number;
}

/** Each region and the world as the weighted mean of its countries (weights: weighted base totals). */
function geographyRelations(items: readonly Placed[]): Relation[] {
  const countries = items.filter((i) => i.geography.kind === 'country');
  const out: Relation[] = [];
  for (const parent of items) {
    const g = parent.geography;
    if (g.kind === 'country') continue;
    const children = countries
      .filter((c) => g.kind === 'world' || (c.geography.kind === 'country' && c.geography.region === g.region))
      .map((c) => ({ key: c.key, weight: c.weight }));
    out.push({ parent: parent.key, children, total: parent.weight });
    // The world is also the mean of its regions (implied by the above; it names regions as siblings for the search).
    if (g.kind === 'world') {
      const regions = items.filter((i) => i.geography.kind === 'region');
      out.push({
        parent: parent.key,
        children: regions.map((r) => ({ key: r.key, weight: r.weight })),
        total: parent.weight,
      });
    }
  }
  return out;
}

function weightOf(weights: ReadonlyMap<string, number>, key: string): number {
  const w = weights.get(key);
  if (w === undefined) throw new Error(`disclosure: no weighted total for ${key}`);
  return w;
}

/**
 * The cost of moving a cell by one unit in the complement search (`selectComplements`): its share
 * of the table's weighted total (so moving a cell costs the mass it moves: within one relation,
 * every sibling absorbing a change costs the same) times its value to readers — subgroup cells
 * before all-adults ones (×1,000), countries before regions (×100) before the world (×100) — and,
 * to break ties towards the smallest cells, 1 + n/10⁶.
 */
export function readerCost(where: Geography['kind'], subgroup: boolean, mass: number, n: number): number {
  const level = where === 'country' ? 1 : where === 'region' ? 100 : 10_000;
  return (subgroup ? level : 1_000 * level) * mass * (1 + n / 1e6);
}

function label(g: Geography, s: Subgroup): string {
  const where = g.kind === 'country' ? g.iso3 : g.kind === 'region' ? g.region : 'world';
  return s ? `${where}, ${s.variable}=${s.level}` : where;
}

/** One indicator's table: geography × subgroup, with the relations over geography and over each subgroup variable. */
export function seriesTable(
  id: string,
  scale: Scale,
  points: readonly SeriesPoint[],
  weights: ReadonlyMap<string, number>,
): LinearTable {
  const cells = new Map<string, TableCell>();
  const placed = new Map<string, Placed[]>();
  const heaviest = Math.max(...points.map((p) => weights.get(pointWeightKey(p)) ?? 0));
  for (const p of points) {
    if (p.n === 0 || p.estimate === null || p.suppressed === 'no_data') continue;
    const key = `${geoKey(p.geography)}|${subKey(p.subgroup)}`;
    const pattern = pointWeightKey(p);
    cells.set(key, {
      key,
      values: [p.estimate],
      n: p.n,
      primary: p.suppressed === 'below_minimum_n',
      pattern,
      label: label(p.geography, p.subgroup),
      cost: readerCost(p.geography.kind, p.subgroup !== null, weightOf(weights, pattern) / heaviest, p.n),
    });
    const list = placed.get(subKey(p.subgroup)) ?? [];
    list.push({ key, geography: p.geography, weight: weightOf(weights, pointWeightKey(p)) });
    placed.set(subKey(p.subgroup), list);
  }
  const relations = [...placed.values()].flatMap(geographyRelations);
  const all = placed.get('') ?? [];
  for (const parent of all) {
    const byVariable = new Map<string, { key: string; weight: number }[]>();
    for (const [sub, list] of placed) {
      if (sub === '') continue;
      const child = list.find((c) => geoKey(c.geography) === geoKey(parent.geography));
      const variable = sub.slice(0, sub.indexOf('='));
      if (child)
        byVariable.set(variable, [...(byVariable.get(variable) ?? []), { key: child.key, weight: child.weight }]);
    }
    for (const children of byVariable.values()) relations.push({ parent: parent.key, children, total: parent.weight });
  }
  return { id, scale, columns: [id], sumsToOne: false, cells, relations };
}

/** One question's answer distributions over geography (shares of every answer, summing to 1). */
export function distributionTable(
  question: string,
  points: readonly DistributionPoint[],
  weights: ReadonlyMap<string, number>,
): LinearTable {
  const columns = [...new Set(points.flatMap((p) => Object.keys(p.shares)))].sort();
  const cells = new Map<string, TableCell>();
  const placed: Placed[] = [];
  const heaviest = Math.max(...points.map((p) => weights.get(distributionWeightKey(p)) ?? 0));
  for (const p of points) {
    if (p.n === 0 || p.suppressed === 'no_data' || Object.keys(p.shares).length === 0) continue;
    const key = geoKey(p.geography);
    cells.set(key, {
      key,
      values: columns.map((c) => p.shares[c] ?? 0),
      n: p.n,
      primary: p.suppressed === 'below_minimum_n',
      pattern: distributionWeightKey(p),
      label: label(p.geography, null),
      cost: readerCost(p.geography.kind, false, weightOf(weights, distributionWeightKey(p)) / heaviest, p.n),
    });
    placed.push({ key, geography: p.geography, weight: weightOf(weights, distributionWeightKey(p)) });
  }
  return {
    id: question,
    scale: { min: 0, max: 1 },
    columns,
    sumsToOne: true,
    cells,
    relations: geographyRelations(placed),
  };
}

/**
 * The tables of share indicators of one question over one base. Where their options are disjoint,
 * their shares in one geography and subgroup add up to at most 1 — exactly 1 when they cover every
 * option and "don't know" and refusals are outside the base — which an attacker can use across indicators: one
 * table with those bounds, each cell keeping its own pattern key.
 */
function sharesOfOneQuestion(
  group: readonly { indicator: Indicator & { kind: 'share' }; table: LinearTable }[],
  instrument: Instrument,
): LinearTable[] {
  const first = group[0];
  const options = group.flatMap((g) => g.indicator.options);
  if (!first || group.length < 2 || new Set(options).size < options.length) return group.map((g) => g.table);
  const question = findQuestion(instrument, first.indicator.question);
  const all = question && 'options' in question ? question.options.map((o) => o.code) : [];
  const { dontKnow, refused } = first.indicator.base;
  const exact =
    dontKnow === 'excluded' && refused === 'excluded' && all.length > 0 && all.every((o) => options.includes(o));
  const keys = new Map<string, string[]>();
  for (const { table } of group)
    for (const key of table.cells.keys()) keys.set(key, [...(keys.get(key) ?? []), `${table.id}#${key}`]);
  const bounds = [...keys.values()]
    .filter((cells) => cells.length > 1)
    .map((cells) => ({ cells, k: 0, lower: exact ? 1 : 0, upper: 1 }));
  const id = group.map((g) => g.table.id).join(' + ');
  return [
    mergeTables(
      id,
      group.map((g) => g.table),
      bounds,
    ),
  ];
}

export interface WaveTables {
  readonly tables: LinearTable[];
  readonly links: Map<string, string[]>;
}

/** Every table of a wave, and the links between a geography's all-adults cells and its distributions. */
export function waveTables(
  study: Study,
  instrument: Instrument,
  points: readonly SeriesPoint[],
  distributions: readonly DistributionPoint[],
  weights: ReadonlyMap<string, number>,
): WaveTables {
  const tables: LinearTable[] = [];
  const links = new Map<string, string[]>();
  const link = (a: string, b: string) => links.set(a, [...(links.get(a) ?? []), b]);
  const shares = new Map<string, { indicator: Indicator & { kind: 'share' }; table: LinearTable }[]>();
  for (const indicator of study.indicators) {
    const mine = points.filter((p) => p.indicator === indicator.id);
    if (mine.length === 0) continue;
    const table = seriesTable(indicator.id, indicatorScale(indicator, instrument), mine, weights);
    if (indicator.kind === 'share') {
      const key = `${indicator.question}|${JSON.stringify(indicator.base)}`;
      shares.set(key, [...(shares.get(key) ?? []), { indicator, table }]);
    } else tables.push(table);
    for (const q of indicatorQuestions(indicator))
      for (const d of distributions)
        if (d.question === q) link(`s|${indicator.id}|${geoKey(d.geography)}|`, distributionWeightKey(d));
  }
  for (const group of shares.values()) tables.push(...sharesOfOneQuestion(group, instrument));
  const questions = [...new Set(distributions.map((d) => d.question))];
  for (const q of questions)
    tables.push(
      distributionTable(
        q,
        distributions.filter((d) => d.question === q),
        weights,
      ),
    );
  return { tables, links };
}

/** Points and distributions with the pattern applied: a withheld cell that is not primary gets `complementary`. */
export function applyPattern<T extends SeriesPoint | DistributionPoint>(items: readonly T[], pattern: Pattern): T[] {
  return items.map((p) => {
    // A point whose variance was not estimable still publishes its estimate: it can be withheld too.
    if (p.suppressed !== null && p.suppressed !== 'variance_not_estimable') return p;
    const key = 'indicator' in p ? pointWeightKey(p) : distributionWeightKey(p);
    return pattern.withheld.has(key) ? { ...p, suppressed: 'complementary' } : p;
  });
}

/** The wave's points and distributions after primary and complementary suppression (LP-verified). */
export async function protectWave(
  study: Study,
  instrument: Instrument,
  series: { readonly points: readonly SeriesPoint[]; readonly distributions: readonly DistributionPoint[] },
  weights: ReadonlyMap<string, number>,
  rule: DisclosureRule,
): Promise<{ points: SeriesPoint[]; distributions: DistributionPoint[] }> {
  const { tables, links } = waveTables(study, instrument, series.points, series.distributions, weights);
  const pattern = await protectTables(tables, links, rule);
  return { points: applyPattern(series.points, pattern), distributions: applyPattern(series.distributions, pattern) };
}
