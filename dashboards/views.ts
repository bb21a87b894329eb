/**
 * A view: one chart of one indicator under one state (the filters, all in the URL). The same
 * view gives the inline SVG, the table next to it, the CSV of the data shown, the SVG download
 * and the embed page, so a download always holds exactly what the chart draws. Rendered views
 * are cached per (study, indicator, view, language, filters, data version) — the data version
 * changes with every weighting run.
 */
import { z } from 'zod';
import { AppError } from '../src/errors.ts';
import type { Indicator, Study } from '../src/instrument/index.ts';
import type { DistributionPoint, SeriesChange, SeriesPoint } from '../src/indicators/types.ts';
import { changeChart } from './chart-change.ts';
import { NARROW, toSvg, WIDE, type Chart, type ChartTable } from './chart-core.ts';
import { distributionChart } from './chart-distribution.ts';
import { mapChart } from './chart-map.ts';
import { rankingChart } from './chart-ranking.ts';
import { subgroupChart } from './chart-subgroups.ts';
import { trendChart } from './chart-trend.ts';
import { geographyKey, say, type UiLanguage } from './i18n.ts';
import { type ValueKind } from './format.ts';
import {
  answerOptions,
  distributionQuestion,
  geographiesOf,
  headlineChanges,
  indicatorRange,
  indicatorScaleIn,
  studyText,
  placeWaveKey,
  pointIndex,
  questionWording,
  subgroupLabels,
  valueKind,
  wavesOf,
  type WaveInfo,
} from './model.ts';
import { BoundedCache, stringBytes } from './cache.ts';
import type { DashboardSource } from './source.ts';
import { published, type Published } from '../src/indicators/publication.ts';
import type { Scale } from '../src/indicators/invariants.ts';

const publishedMemo = new WeakMap<readonly SeriesPoint[], { from: Published; value: Published }>();
/** `published(data)`, once per data read (sources hand out the same arrays while the data stand). */
function publishedOnce(data: Published, scale: Scale): Published {
  const hit = publishedMemo.get(data.points);
  // A source answers "none" with a new empty array each time: two empty arrays are the same data.
  const same = <T>(a: readonly T[], b: readonly T[]) => a === b || (a.length === 0 && b.length === 0);
  if (hit && same(hit.from.changes, data.changes) && same(hit.from.distributions, data.distributions)) return hit.value;
  const value = published(data, scale);
  publishedMemo.set(data.points, { from: data, value });
  return value;
}

export const VIEWS = ['trend', 'change', 'ranking', 'map', 'distribution', 'subgroups'] as const;
export type ViewName = (typeof VIEWS)[number];

const GeoKey = z
  .string()
  .regex(/^(world|region:[^\u0000-\u001f]{1,80}|country:[A-Z]{3})$/, 'world, region:<name> or country:<ISO3>');
const WaveId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a wave id');

/** The filters of a page, as the query string carries them. */
export const ViewQuery = z
  .object({
    geo: z.array(GeoKey).max(20, 'at most 20 geographies').optional(),
    wave: WaveId.optional(),
    from: WaveId.optional(),
    to: WaveId.optional(),
    level: z.enum(['regions', 'countries']).optional(),
    place: GeoKey.optional(),
    view: z.enum(VIEWS).optional(),
    indicator: z
      .string()
      .regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, 'an indicator id')
      .optional(),
  })
  .strict();
export type ViewQuery = z.output<typeof ViewQuery>;

/** A filter the data cannot satisfy: the page answers 400 naming the field. */
export class BadFilterError extends AppError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('validation_failed', `${field}: ${message}`, [{ path: `query.${field}`, message }]);
    this.name = 'BadFilterError';
  }
}

/** Parses a query string into filters; repeated keys (`geo`) become lists. Throws BadFilterError. */
export function parseViewQuery(params: URLSearchParams): ViewQuery {
  const raw: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    if (k === 'geo') raw.geo = [...(Array.isArray(raw.geo) ? raw.geo : []), v];
    else if (k !== 'lang') raw[k] = v;
  }
  const parsed = ViewQuery.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadFilterError(issue?.path.join('.') || 'query', issue?.message ?? 'invalid');
  }
  return parsed.data;
}

/** Everything one indicator's views are drawn from. */
export interface IndicatorData {
  readonly study: Study;
  readonly indicator: Indicator;
  readonly points: readonly SeriesPoint[];
  readonly changes: readonly SeriesChange[];
  readonly distributions: readonly DistributionPoint[];
  readonly waves: readonly WaveInfo[];
  readonly version: string;
}

export async function loadIndicator(
  source: DashboardSource,
  study: Study,
  indicator: Indicator,
): Promise<IndicatorData> {
  const question = distributionQuestion(indicator);
  const [series, changesRead, distributionsRead, version] = await Promise.all([
    source.series(study.id, indicator.id),
    source.changes(study.id, indicator.id),
    question ? source.distributions(study.id, question) : Promise.resolve([]),
    source.version(study.id),
  ]);
  // Every value checked again against its invariants before any page or chart sees it.
  const { points, changes, distributions } = publishedOnce(
    { points: series, changes: changesRead, distributions: distributionsRead },
    indicatorScaleIn(study, indicator),
  );
  return { study, indicator, points, changes, distributions, waves: wavesOf(points), version };
}

/** The filters with their defaults filled in, each checked against the data. */
export interface ResolvedState {
  readonly geo: readonly string[];
  readonly wave: WaveInfo;
  readonly from: WaveInfo;
  readonly to: WaveInfo;
  readonly level: 'regions' | 'countries';
  readonly place: string;
}

export function resolveState(data: IndicatorData, q: ViewQuery): ResolvedState | null {
  const latest = data.waves[data.waves.length - 1];
  if (!latest) return null;
  const wave = (field: string, id: string | undefined, fallback: WaveInfo) => {
    if (id === undefined) return fallback;
    const w = data.waves.find((x) => x.id === id);
    if (!w)
      throw new BadFilterError(
        field,
        `no wave "${id}" in this series (waves: ${data.waves.map((x) => x.id).join(', ')})`,
      );
    return w;
  };
  const index = pointIndex(data.points);
  const known = index.known;
  for (const [field, keys] of [
    ['geo', q.geo ?? []],
    ['place', q.place ? [q.place] : []],
  ] as const) {
    for (const k of keys) if (!known.has(k)) throw new BadFilterError(field, `no estimates for "${k}"`);
  }
  const defaultGeo = geographiesOf(data.points)
    .filter((g) => g.kind !== 'country')
    .map(geographyKey);
  const to = wave('to', q.to, latest);
  const before = data.waves[data.waves.indexOf(to) - 1] ?? to;
  const from = wave('from', q.from, before);
  if (from.year >= to.year && from !== to)
    throw new BadFilterError('from', `wave "${from.id}" is not before "${to.id}"`);
  if (from === to && q.from !== undefined)
    throw new BadFilterError('from', `wave "${from.id}" is not before "${to.id}"`);
  const withSubgroups = index.withSubgroups;
  const place =
    q.place ??
    geographiesOf(data.points)
      .map(geographyKey)
      .find((k) => withSubgroups.has(k)) ??
    'world';
  return {
    geo: q.geo?.length ? q.geo : defaultGeo,
    wave: wave('wave', q.wave, latest),
    from,
    to,
    level: q.level ?? 'regions',
    place,
  };
}

export interface RenderedView {
  /** The chart drawn 640 units wide (the page's wide screens and the SVG download). */
  readonly svg: string;
  /** The same chart drawn for phones (`NARROW` units wide). */
  readonly narrow: string;
  readonly alt: string;
  readonly table: ChartTable;
  readonly kind: ValueKind;
  readonly title: string;
}

/** The chart of one view, or null when the data hold nothing to draw for it. */
export function buildChart(
  data: IndicatorData,
  view: ViewName,
  s: ResolvedState,
  lang: UiLanguage,
  countryHref?: (iso3: string) => string,
  width = WIDE,
): { chart: Chart; title: string } | null {
  const { study, indicator } = data;
  const label = studyText(study, indicator.label, lang);
  const kind = valueKind(indicator);
  const range = indicatorRange(indicator);
  const index = pointIndex(data.points);
  const headlineOf = (wave: string) => index.headlineByWave.get(wave) ?? [];
  switch (view) {
    case 'trend': {
      const keys = new Set(s.geo);
      const pts = index.headline.filter((p) => keys.has(geographyKey(p.geography)));
      if (!pts.length) return null;
      const chs = headlineChanges(data.changes).filter((c) => keys.has(geographyKey(c.geography)));
      return {
        chart: trendChart(pts, chs, { lang, width, kind, range, label }),
        title: `${label} — ${say(lang, 'trend')}`,
      };
    }
    case 'change': {
      const chs = headlineChanges(data.changes).filter(
        (c) =>
          c.fromWave === s.from.id &&
          c.toWave === s.to.id &&
          (s.level === 'countries' ? c.geography.kind === 'country' : c.geography.kind !== 'country'),
      );
      if (!chs.length) return null;
      const title = `${label} — ${say(lang, 'changeBetween')} ${s.from.year}–${s.to.year}`;
      return {
        chart: changeChart(chs, {
          lang,
          width,
          kind,
          label,
          fromLabel: String(s.from.year),
          toLabel: String(s.to.year),
        }),
        title,
      };
    }
    case 'ranking': {
      const pts = headlineOf(s.wave.id);
      if (!pts.some((p) => p.geography.kind === 'country')) return null;
      const countries = pts.filter((p) => p.geography.kind === 'country');
      const aggregates = pts.filter((p) => p.geography.kind !== 'country');
      return {
        chart: rankingChart(countries, aggregates, { lang, width, kind, label, range, countryHref }),
        title: `${label} — ${say(lang, 'ranking')} (${s.wave.year})`,
      };
    }
    case 'map': {
      const pts = headlineOf(s.wave.id).filter((p) => p.geography.kind === 'country');
      if (!pts.length) return null;
      return {
        chart: mapChart(pts, { lang, width, kind, label, countryHref }),
        title: `${label} — ${say(lang, 'map')} (${s.wave.year})`,
      };
    }
    case 'distribution': {
      const question = distributionQuestion(indicator);
      const pts = data.distributions.filter((d) => d.wave === s.wave.id && d.geography.kind !== 'country');
      if (!question || !pts.length) return null;
      const options = answerOptions(study, question, lang);
      // Readers see the question as it was asked, not its code.
      const asked = questionWording(study, question, lang) ?? question;
      return {
        chart: distributionChart(pts, { lang, width, label: `${asked} ${s.wave.year}`, options }),
        title: `${say(lang, 'distribution')} (${s.wave.year}): ${asked}`,
      };
    }
    case 'subgroups': {
      const pts = index.byPlaceWave.get(placeWaveKey(s.place, s.wave.id)) ?? [];
      if (!pts.some((p) => p.subgroup !== null)) return null;
      const names = subgroupLabels(study, lang);
      const variableLabel = names.variable;
      const levelLabel = names.level;
      return {
        chart: subgroupChart(pts, { lang, width, kind, label, range, variableLabel, levelLabel }),
        title: `${label} — ${say(lang, 'subgroups')} (${s.wave.year})`,
      };
    }
  }
}

/** What a rendered view weighs, as the cache counts it: its SVG and its table's cells. */
function viewBytes(v: RenderedView | null): number {
  if (v === null) return 16;
  return stringBytes(v.svg) + stringBytes(v.narrow) + stringBytes(v.alt) + stringBytes(JSON.stringify(v.table));
}

/**
 * Rendered views and whole pages, each least recently used dropped past `max` entries or past
 * `maxBytes` (views and pages each; a page is counted at two bytes a character).
 */
export class ViewCache {
  private readonly entries: BoundedCache<RenderedView | null>;
  private readonly pages: BoundedCache<string>;
  hits = 0;
  misses = 0;
  constructor(max = 2000, maxBytes = 64 * 1024 * 1024) {
    this.entries = new BoundedCache({ maxEntries: max, maxBytes }, viewBytes);
    this.pages = new BoundedCache({ maxEntries: max, maxBytes }, stringBytes);
  }

  /** A view's chart; with `countryHref`, the countries it draws link to their pages (the SVG download has no links). */
  render(
    data: IndicatorData,
    view: ViewName,
    s: ResolvedState,
    lang: UiLanguage,
    countryHref?: (iso3: string) => string,
  ): RenderedView | null {
    const key = [
      data.version,
      data.study.id,
      data.indicator.id,
      view,
      lang,
      s.geo.join('+'),
      s.wave.id,
      s.from.id,
      s.to.id,
      s.level,
      s.place,
      countryHref?.('ISO') ?? '',
    ].join('|');
    const cached = this.entries.get(key);
    if (cached !== undefined || this.entries.has(key)) {
      this.hits += 1;
      return cached ?? null;
    }
    this.misses += 1;
    const built = buildChart(data, view, s, lang, countryHref);
    const narrow = built ? buildChart(data, view, s, lang, countryHref, NARROW) : null;
    const rendered =
      built && narrow
        ? {
            svg: toSvg(built.chart),
            narrow: toSvg(narrow.chart),
            alt: built.chart.alt,
            table: built.chart.table,
            kind: built.chart.kind,
            title: built.title,
          }
        : null;
    return this.entries.set(key, rendered);
  }

  /**
   * A whole page built before under this key and data version (a page is a function of both).
   * The key names the page and its canonical state (routes.ts), never the request's Host.
   */
  cachedPage(version: string, key: string): string | undefined {
    const hit = this.pages.get(`${version}|${key}`);
    if (hit !== undefined) this.hits += 1;
    return hit;
  }

  storePage(version: string, key: string, html: string): string {
    return this.pages.set(`${version}|${key}`, html);
  }

  /** The pages kept, and the bytes they are counted as. */
  get pageUse(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.pages.size, bytes: this.pages.bytes };
  }
}
