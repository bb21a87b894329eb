/**
 * What the demo prints, and what its test checks: per region and for the world (and per country),
 * the simulation's true value (over the countries with respondents) next to the unweighted sample share (every respondent counts once)
 * and the weighted estimate with its 95% interval from the indicator series.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/index.ts';
import type { TruthGeography, SimulatedWorld } from './world.ts';

/** MIG_LEVEL answers of a wave's responses, counted per country (missing codes as "dont_know"/"refused"). */
export async function migLevelCounts(db: Database, waveId: string): Promise<Map<string, Map<string, number>>> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
    select answers->>'COUNTRY' as country,
           coalesce(answers->'MIG_LEVEL'->>'missing', answers->>'MIG_LEVEL') as answer,
           count(*) as n
      from responses where wave_id = ${waveId}
     group by 1, 2`),
  );
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (typeof r.country !== 'string' || typeof r.answer !== 'string') continue;
    const iso3 = r.country.toUpperCase();
    const counts = out.get(iso3) ?? new Map<string, number>();
    counts.set(r.answer, (counts.get(r.answer) ?? 0) + Number(r.n));
    out.set(iso3, counts);
  }
  return out;
}

/** Unweighted share of `answer` among the respondents of the countries (don't know in the base, refused out), and its n. */
export function unweightedShare(
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
  countries: readonly string[],
  answer: string,
): { share: number; n: number } | null {
  let hit = 0;
  let n = 0;
  for (const iso3 of countries) {
    const c = counts.get(iso3);
    if (!c) continue;
    for (const [a, k] of c) {
      if (a === 'refused') continue;
      n += k;
      if (a === answer) hit += k;
    }
  }
  return n === 0 ? null : { share: hit / n, n };
}

export interface WeightedEstimate {
  readonly estimate: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly n: number;
  readonly coverage: number;
}

export interface ReportRow {
  readonly label: string;
  readonly where: TruthGeography;
  readonly truth: number | null;
  readonly unweighted: { share: number; n: number } | null;
  readonly weighted: WeightedEstimate | null;
}

/** The rows of one wave's table for wantsDecrease: each region of the study, then the world. */
export function regionRows(
  world: SimulatedWorld,
  wave: string,
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
  weighted: (where: TruthGeography) => WeightedEstimate | null,
): ReportRow[] {
  const regions = [...new Set(world.countries.map((c) => c.region))];
  const places: { label: string; where: TruthGeography; members: string[] }[] = [
    ...regions.map((region) => ({
      label: region,
      where: { kind: 'region', region } as const,
      members: world.countries.filter((c) => c.region === region).map((c) => c.iso3),
    })),
    { label: 'World', where: { kind: 'world' }, members: world.countries.map((c) => c.iso3) },
  ];
  return places.map((p) => ({
    label: p.label,
    where: p.where,
    truth: coveredTruth(
      world,
      wave,
      p.members.filter((iso3) => counts.has(iso3)),
    ),
    unweighted: unweightedShare(counts, p.members, 'decreased'),
    weighted: weighted(p.where),
  }));
}

/**
 * The true share over the countries with respondents (adult-population weighted): what an
 * aggregate estimate of those countries estimates. Equal to the region's or world's truth when
 * every country has data, as in the full demo.
 */
function coveredTruth(world: SimulatedWorld, wave: string, members: readonly string[]): number | null {
  let num = 0;
  let den = 0;
  for (const c of world.countries) {
    if (!members.includes(c.iso3)) continue;
    const truth = world.truth('wantsDecrease', { kind: 'country', iso3: c.iso3 }, wave);
    if (truth === null) return null;
    num += c.population * truth;
    den += c.population;
  }
  return den === 0 ? null : num / den;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : (100 * x).toFixed(1));

/** The printed table: one line per row, percentages with one decimal. */
export function formatRows(title: string, rows: readonly ReportRow[]): string {
  const header = ['', 'truth %', 'unweighted %', 'weighted % [95% CI]', 'n', 'coverage'];
  const lines = rows.map((r) => [
    r.label,
    pct(r.truth),
    pct(r.unweighted?.share),
    r.weighted ? `${pct(r.weighted.estimate)} [${pct(r.weighted.ciLow)}, ${pct(r.weighted.ciHigh)}]` : '—',
    String(r.weighted?.n ?? r.unweighted?.n ?? 0),
    r.weighted ? `${(100 * r.weighted.coverage).toFixed(0)}%` : '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [title, fmt(header), ...lines.map(fmt)].join('\n');
}

/** Across cells with a truth and a weighted estimate: interval coverage, mean signed bias and mean absolute error (proportions). */
export function accuracy(cells: readonly { truth: number; unweighted: number; weighted: WeightedEstimate }[]): {
  cells: number;
  covered: number;
  meanBiasWeighted: number;
  meanBiasUnweighted: number;
  meanAbsErrorWeighted: number;
  meanAbsErrorUnweighted: number;
} {
  const covered = cells.filter((c) => c.weighted.ciLow <= c.truth && c.truth <= c.weighted.ciHigh).length;
  const mean = (f: (c: (typeof cells)[number]) => number) =>
    cells.reduce((s, c) => s + f(c), 0) / Math.max(1, cells.length);
  return {
    cells: cells.length,
    covered: covered / Math.max(1, cells.length),
    meanBiasWeighted: mean((c) => c.weighted.estimate - c.truth),
    meanBiasUnweighted: mean((c) => c.unweighted - c.truth),
    meanAbsErrorWeighted: mean((c) => Math.abs(c.weighted.estimate - c.truth)),
    meanAbsErrorUnweighted: mean((c) => Math.abs(c.unweighted - c.truth)),
  };
}

/** A campaign's true effect beside the difference-in-differences the report estimated (points). */
export interface CampaignRecovery {
  readonly id: string;
  readonly trueEffect: number;
  readonly estimate: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** The pre-trend test's p-value and whether it passed (null: no pre-trend test). */
  readonly preTrendP: number | null;
  readonly preTrendPassed: boolean | null;
}

const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;

/**
 * The plain-words account of one run: what weighting removed and what it could not, how often the
 * intervals covered the truth, and whether each campaign's effect was recovered.
 */
export function honestReport(
  scenario: string,
  c: ReturnType<typeof accuracy>,
  campaigns: readonly CampaignRecovery[],
): string {
  const lines = [
    `Scenario "${scenario}", wantsDecrease over ${c.cells} country × wave cells:`,
    `  bias (mean of estimate − truth): unweighted ${pts(100 * c.meanBiasUnweighted)} points, weighted ${pts(100 * c.meanBiasWeighted)} points; mean absolute error ${(100 * c.meanAbsErrorUnweighted).toFixed(2)} → ${(100 * c.meanAbsErrorWeighted).toFixed(2)} points.`,
    `  weighted 95% intervals cover the truth in ${(100 * c.covered).toFixed(1)}% of cells (95% if the estimates were unbiased).`,
  ];
  for (const k of campaigns) {
    const covered = k.ciLow <= k.trueEffect && k.trueEffect <= k.ciHigh;
    const pre =
      k.preTrendP === null
        ? 'no pre-trend test'
        : `pre-trend test p = ${k.preTrendP.toFixed(3)} (${k.preTrendPassed ? 'passed' : 'REJECTS parallel trends'})`;
    lines.push(
      `  campaign ${k.id}: true effect ${pts(k.trueEffect)} points, DiD ${pts(k.estimate)} [${pts(k.ciLow)}, ${pts(k.ciHigh)}] — its interval ${covered ? 'covers' : 'MISSES'} the true effect; ${pre}.`,
    );
  }
  lines.push(
    scenario === 'textbook'
      ? '  Here who answers depends only on age and education, which the weighting uses, so weighting removes the non-response bias by construction, and the campaign countries move in parallel with their neighbours: these figures test the code, not the method.'
      : "  Weighting removes the part of non-response that runs through age, sex and education. It cannot remove what runs through urban/rural residence (not a weighting margin) or through the answer itself (adults wanting a decrease answer less often): that bias is left in every weighted estimate, and the intervals, which assume it away, cover the truth less often. Respondents who refuse their age or education get no weight (complete cases). A difference-in-differences assumes parallel trends; where the pre-trend test rejects them its estimate is not the campaign's effect.",
  );
  return lines.join('\n');
}
