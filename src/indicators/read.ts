/**
 * Reading the materialised series: queries, never recomputation. Public readers get suppressed
 * values withheld (`includeSuppressed: false`, the default); researchers with a token see them
 * flagged. Every point is checked against its invariants again as it is served (a series
 * materialised before a check existed is withheld all the same). Changes between two waves are
 * differences of two stored points (independent samples; `changes.ts`).
 */
export { CHANGE_FAMILY, CHANGE_TEST } from './changes.ts';
import { and, asc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import {
  DistributionPointSchema,
  SeriesPointSchema,
  StoredIndicator,
  type StoredDistributionPoint,
  type StoredSeriesPoint,
} from '../../db/series-shapes.ts';
import { seriesBreak } from './breaks.ts';
import { change, withAdjustedP } from './changes.ts';
import { IndicatorNotFoundError } from './errors.ts';
import { SHARE_SCALE, type Scale } from './invariants.ts';
import { checkedPoint, publicDistribution, publicPoint } from './points.ts';
import type { DistributionPoint, Geography, SeriesChange, SeriesPoint } from './types.ts';

export interface GeographyFilters {
  readonly study: string;
  /** Wave codes (default: every materialised wave). */
  readonly waves?: readonly string[];
  /** ISO3 codes: country rows of these countries only. */
  readonly countries?: readonly string[];
  /** Region names: region rows of these regions, and country rows in them. */
  readonly regions?: readonly string[];
  /** Kinds of geography (default: all). */
  readonly geography?: readonly Geography['kind'][];
  /** Show suppressed values (flagged) instead of withholding them: for token holders. */
  readonly includeSuppressed?: boolean;
}

export interface SeriesFilters extends GeographyFilters {
  readonly indicator?: string;
  /**
   * Subgroups: absent or `none` → all adults only; a variable (`sex`, `CAMPAIGN_SEEN`) → each of
   * its levels; `variable=level` → that level; `*` → everything.
   */
  readonly subgroup?: string;
}

async function studyId(db: Database, slug: string): Promise<string> {
  const [row] = await db.select({ id: schema.studies.id }).from(schema.studies).where(eq(schema.studies.slug, slug));
  if (!row) throw new IndicatorNotFoundError('study', `no study "${slug}"`);
  return row.id;
}

/** A materialised wave: what its series were computed with, and its code and year. */
type MaterialisedWave = Readonly<
  Pick<typeof schema.seriesWaves.$inferSelect, 'waveId' | 'questions' | 'indicators'> &
    Pick<typeof schema.waves.$inferSelect, 'code' | 'year'>
>;

/** The materialised waves of a study, in year order. */
async function materialisedWaves(db: Database, id: string): Promise<MaterialisedWave[]> {
  const rows = await db
    .select({
      waveId: schema.seriesWaves.waveId,
      code: schema.waves.code,
      year: schema.waves.year,
      questions: schema.seriesWaves.questions,
      indicators: schema.seriesWaves.indicators,
    })
    .from(schema.seriesWaves)
    .innerJoin(schema.waves, eq(schema.waves.id, schema.seriesWaves.waveId))
    .where(eq(schema.seriesWaves.studyId, id))
    .orderBy(asc(schema.waves.year), asc(schema.waves.code));
  return rows;
}

/** The study's id and the materialised waves the filters ask for. */
async function chosenWaves(
  db: Database,
  filters: GeographyFilters,
): Promise<{ id: string; chosen: MaterialisedWave[] }> {
  const id = await studyId(db, filters.study);
  const waves = await materialisedWaves(db, id);
  return { id, chosen: filters.waves ? waves.filter((w) => filters.waves?.includes(w.code)) : waves };
}

function geographyConditions(
  table: typeof schema.indicatorSeries | typeof schema.indicatorDistributions,
  f: GeographyFilters,
): SQL[] {
  const out: SQL[] = [];
  if (f.geography && f.geography.length > 0) out.push(inArray(table.geoKind, [...f.geography]));
  if (f.countries && f.countries.length > 0) {
    out.push(
      sql`(${table.geoKind} <> 'country' or ${inArray(
        table.geoCode,
        f.countries.map((c) => c.toUpperCase()),
      )})`,
    );
  }
  if (f.regions && f.regions.length > 0)
    out.push(sql`(${table.geoKind} = 'world' or ${inArray(table.region, [...f.regions])})`);
  return out;
}

function subgroupConditions(f: SeriesFilters): SQL[] {
  const t = schema.indicatorSeries;
  const s = f.subgroup;
  if (s === '*') return [];
  if (s === undefined || s === 'none' || s === '') return [eq(t.subgroupVariable, '')];
  const eqAt = s.indexOf('=');
  if (eqAt < 0) return [eq(t.subgroupVariable, s)];
  return [eq(t.subgroupVariable, s.slice(0, eqAt)), eq(t.subgroupLevel, s.slice(eqAt + 1))];
}

type PointTable = typeof schema.indicatorSeries | typeof schema.indicatorDistributions;
/** What narrows the stored points, after the table: the filters, the table's own conditions, and the order. */
type PointQuery = [
  filters: GeographyFilters,
  where: readonly SQL[],
  first: SQL | AnyColumn,
  last: readonly (SQL | AnyColumn)[],
];

/**
 * The stored points (JSON) of `t` for the study and waves the filters choose, further narrowed by
 * `where` and the geography filters; ordered by `first`, wave, world → regions → countries, then `last`.
 */
async function storedPoints(
  db: Database,
  t: typeof schema.indicatorSeries,
  ...rest: PointQuery
): Promise<{ points: StoredSeriesPoint[]; chosen: MaterialisedWave[] }>;
async function storedPoints(
  db: Database,
  t: typeof schema.indicatorDistributions,
  ...rest: PointQuery
): Promise<{ points: StoredDistributionPoint[]; chosen: MaterialisedWave[] }>;
async function storedPoints(
  db: Database,
  t: PointTable,
  filters: GeographyFilters,
  where: readonly SQL[],
  first: SQL | AnyColumn,
  last: readonly (SQL | AnyColumn)[],
): Promise<{ points: (StoredSeriesPoint | StoredDistributionPoint)[]; chosen: MaterialisedWave[] }> {
  const { id, chosen } = await chosenWaves(db, filters);
  if (chosen.length === 0) return { points: [], chosen };
  const rows = await db
    .select({ point: t.point })
    .from(t)
    .innerJoin(schema.waves, eq(schema.waves.id, t.waveId))
    .where(
      and(
        eq(t.studyId, id),
        inArray(
          t.waveId,
          chosen.map((w) => w.waveId),
        ),
        ...where,
        ...geographyConditions(t, filters),
      ),
    )
    .orderBy(
      asc(first),
      asc(schema.waves.year),
      sql`case ${t.geoKind} when 'world' then 0 when 'region' then 1 else 2 end`,
      asc(t.region),
      asc(t.geoCode),
      ...last.map((c) => asc(c)),
    );
  return { points: rows.map((r) => r.point), chosen };
}

const UNBOUNDED: Scale = { min: -Infinity, max: Infinity };

/**
 * indicator → its scale, as the wave was materialised with it; a wave materialised before scales
 * were stored: [0, 1] for a share, the range of an index, unbounded for a mean.
 */
function indicatorScales(indicators: readonly StoredIndicator[]): Map<string, Scale> {
  return new Map(
    indicators.map((i) => {
      if (i.scale) return [i.id, { min: i.scale.min ?? -Infinity, max: i.scale.max ?? Infinity }];
      return [i.id, i.kind === 'share' || i.kind === 'overestimate' ? SHARE_SCALE : (i.range ?? UNBOUNDED)];
    }),
  );
}

export async function readSeries(db: Database, filters: SeriesFilters): Promise<SeriesPoint[]> {
  const t = schema.indicatorSeries;
  const stored = await storedPoints(
    db,
    t,
    filters,
    [...(filters.indicator ? [eq(t.indicator, filters.indicator)] : []), ...subgroupConditions(filters)],
    t.indicator,
    [t.subgroupVariable, t.subgroupLevel],
  );
  const scales = new Map(stored.chosen.map((w) => [w.code, indicatorScales(w.indicators)]));
  const points = stored.points.map((raw) => {
    const p = SeriesPointSchema.parse(raw); // in the contract's key order (db/series-shapes.ts)
    return checkedPoint(p, scales.get(p.wave)?.get(p.indicator) ?? UNBOUNDED);
  });
  return filters.includeSuppressed ? points : points.map(publicPoint);
}

function pointKey(p: SeriesPoint): string {
  const g = p.geography;
  const geo = g.kind === 'country' ? `c:${g.iso3}` : g.kind === 'region' ? `r:${g.region}` : 'w';
  return `${p.indicator}|${geo}|${p.subgroup ? `${p.subgroup.variable}=${p.subgroup.level}` : ''}`;
}

export interface ChangeFilters extends SeriesFilters {
  /** The two waves (codes); absent: every pair of consecutive materialised waves. */
  readonly from?: string;
  readonly to?: string;
  /** `bh`: add Benjamini–Hochberg adjusted p-values and flags, per family (`CHANGE_FAMILY`). */
  readonly adjust?: 'bh';
}

export async function readChanges(db: Database, filters: ChangeFilters): Promise<SeriesChange[]> {
  const id = await studyId(db, filters.study);
  const waves = await materialisedWaves(db, id);
  const byCode = new Map(waves.map((w) => [w.code, w]));
  const pairs: [MaterialisedWave, MaterialisedWave][] = [];
  if (filters.from !== undefined || filters.to !== undefined) {
    const a = byCode.get(filters.from ?? '');
    const b = byCode.get(filters.to ?? '');
    if (!a || !b)
      throw new IndicatorNotFoundError(
        'wave',
        `no materialised wave ${!a ? (filters.from ?? '(from)') : (filters.to ?? '(to)')} in study ${filters.study}`,
      );
    pairs.push([a, b]);
  } else
    for (let k = 1; k < waves.length; k++) pairs.push([waves[k - 1] as MaterialisedWave, waves[k] as MaterialisedWave]);
  const out: SeriesChange[] = [];
  for (const [a, b] of pairs) {
    const points = await readSeries(db, { ...filters, waves: [a.code, b.code], includeSuppressed: true });
    const earlier = new Map(points.filter((p) => p.wave === a.code).map((p) => [pointKey(p), p]));
    const meta = indicatorQuestionsOf(b.indicators);
    const scales = indicatorScales(b.indicators);
    for (const later of points.filter((p) => p.wave === b.code)) {
      const before = earlier.get(pointKey(later));
      if (!before) continue;
      const m = meta.get(later.indicator);
      const codes = [...(m?.questions ?? [])];
      const subQuestion = later.subgroup ? m?.subgroups.get(later.subgroup.variable) : undefined;
      if (subQuestion && !codes.includes(subQuestion)) codes.push(subQuestion);
      const scale = scales.get(later.indicator) ?? UNBOUNDED;
      out.push(
        change(before, later, seriesBreak(codes, a.questions, b.questions), filters.includeSuppressed ?? false, scale),
      );
    }
  }
  if (filters.adjust !== 'bh') return out;
  const narrowed = filters.countries?.length || filters.regions?.length || filters.geography?.length;
  const family = narrowed
    ? await readChanges(db, { ...filters, countries: [], regions: [], geography: [], adjust: undefined })
    : out;
  return withAdjustedP(out, family);
}

/** indicator → the questions it reads, and each subgroup variable's question. */
function indicatorQuestionsOf(
  indicators: readonly StoredIndicator[],
): Map<string, { questions: readonly string[]; subgroups: Map<string, string> }> {
  return new Map(
    indicators.map((i) => [
      i.id,
      { questions: i.questions, subgroups: new Map(i.subgroups.map((s) => [s.variable, s.question])) },
    ]),
  );
}

export interface DistributionFilters extends GeographyFilters {
  readonly question?: string;
}

export async function readDistributions(db: Database, filters: DistributionFilters): Promise<DistributionPoint[]> {
  const t = schema.indicatorDistributions;
  const where = filters.question ? [eq(t.question, filters.question)] : [];
  const stored = await storedPoints(db, t, filters, where, t.question, []);
  const points = stored.points.map((p) => DistributionPointSchema.parse(p)); // in the contract's key order
  return filters.includeSuppressed ? points : points.map(publicDistribution);
}

/** An indicator as published: its definition and base in words, its subgroups, and the waves with materialised series. */
export type IndicatorSummary = StoredIndicator & { readonly waves: readonly string[] };

export async function listIndicators(db: Database, study: string): Promise<IndicatorSummary[]> {
  const waves = await materialisedWaves(db, await studyId(db, study));
  const out = new Map<string, IndicatorSummary>();
  for (const w of waves) {
    for (const stored of w.indicators) {
      const info = StoredIndicator.parse(stored); // in the contract's key order (db/series-shapes.ts)
      out.set(info.id, { ...info, waves: [...(out.get(info.id)?.waves ?? []), w.code] });
    }
  }
  return [...out.values()];
}

/** A response's final weight in a run. */
export type ResponseWeight = Readonly<
  Pick<typeof schema.responseWeights.$inferSelect, 'responseId' | 'country' | 'weight'>
>;

/** The weights of the current weighting run of a wave, in response id order (`runId` null when the wave was never weighted). */
export async function readWeights(
  db: Database,
  options: { readonly study: string; readonly wave: string },
): Promise<{ runId: string | null; weights: ResponseWeight[] }> {
  const [current] = await db
    .select({ runId: schema.currentWeightingRuns.runId })
    .from(schema.currentWeightingRuns)
    .innerJoin(schema.waves, eq(schema.waves.id, schema.currentWeightingRuns.waveId))
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .where(and(eq(schema.studies.slug, options.study), eq(schema.waves.code, options.wave)));
  if (!current) return { runId: null, weights: [] };
  const weights = await db
    .select({
      responseId: schema.responseWeights.responseId,
      country: schema.responseWeights.country,
      weight: schema.responseWeights.weight,
    })
    .from(schema.responseWeights)
    .where(eq(schema.responseWeights.runId, current.runId))
    .orderBy(asc(schema.responseWeights.responseId));
  return { runId: current.runId, weights };
}
