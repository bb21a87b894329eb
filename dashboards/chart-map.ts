/**
 * Map: a world choropleth of one wave. Country shapes come from `world-atlas` (Natural Earth,
 * 1:110m) joined on ISO 3166-1 numeric codes; colours are classes (a threshold scale whose
 * breaks are Jenks-style natural breaks from `simple-statistics`' `ckmeans`), read from a
 * colour-blind-safe sequential scheme (ColorBrewer YlGnBu). Countries without data and
 * suppressed countries are two distinct, labelled classes.
 */
import { withheldWord } from './i18n-quality.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as Plot from '@observablehq/plot';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { ckmeans } from 'simple-statistics';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { SeriesPoint } from '../src/indicators/types.ts';
import { countryName, isoNumeric, say } from './i18n.ts';
import { formatValue, type ValueKind } from './format.ts';
import { countryLink, estimateColumns } from './chart-columns.ts';
import {
  baseOptions,
  COMPLEMENTARY_FILL,
  legend,
  NO_DATA_FILL,
  SUPPRESSED_FILL,
  type Chart,
  type ChartOptions,
  type ChartTable,
} from './chart-core.ts';

export interface MapOptions extends ChartOptions {
  readonly kind: ValueKind;
  readonly label: string;
  /** Most colour classes (fewer when there are fewer distinct values). Default 5. */
  readonly classes?: number;
}

type CountryFeature = Feature<Geometry, { name: string }>;

let shapes: FeatureCollection<Geometry, { name: string }> | undefined;
/** World country shapes without Antarctica (id 010), loaded once. */
export function worldShapes(): FeatureCollection<Geometry, { name: string }> {
  if (shapes) return shapes;
  const path = createRequire(import.meta.url).resolve('world-atlas/countries-110m.json');
  const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const all = feature(topology, topology.objects.countries);
  shapes = { type: 'FeatureCollection', features: all.features.filter((f) => f.id !== '010') };
  return shapes;
}

/** Class breaks: the lowest value of each ckmeans cluster after the first (a threshold scale's domain). */
export function classBreaks(values: readonly number[], classes: number): number[] {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const k = Math.min(classes, distinct.length);
  if (k < 2) return [];
  return ckmeans([...values], k)
    .slice(1)
    .map((cluster) => cluster[0])
    .filter((v): v is number => v !== undefined);
}

/** `k` colours of ColorBrewer's YlGnBu (colour-blind safe), light to dark. */
function sequential(k: number): string[] {
  if (k <= 1) return ['#41b6c4'];
  const scale = Plot.scale({ color: { type: 'quantize', scheme: 'YlGnBu', domain: [0, 1], n: k } });
  return [...(scale.range ?? [])].map(String);
}

interface Shade {
  readonly fill: string;
  readonly title: string;
  readonly point: SeriesPoint | undefined;
}

type ShownPoint = SeriesPoint & { estimate: number };

/** A point's country name in `lang` ('' for a point that is not a country's). */
const nameOf = (lang: MapOptions['lang'], p: SeriesPoint): string =>
  p.geography.kind === 'country' ? countryName(lang, p.geography.iso3, p.geography.name) : '';

/** Each country's point by its ISO 3166 numeric code (the key of the world shapes). */
function byNumericCode(points: readonly SeriesPoint[]): Map<string, SeriesPoint> {
  const byNumeric = new Map<string, SeriesPoint>();
  for (const p of points) {
    if (p.geography.kind !== 'country') continue;
    const code = isoNumeric(p.geography.iso3);
    if (code === undefined) throw new Error(`no ISO 3166 numeric code for ${p.geography.iso3}`);
    byNumeric.set(code, p);
  }
  return byNumeric;
}

/** The classes of the shown estimates: one colour a class, and the class of a value. */
interface Classes {
  readonly colours: readonly string[];
  readonly classOf: (v: number) => number;
}

/** Each country shape's fill and title: its class colour, or why it has none. */
function shadesOf(
  byNumeric: ReadonlyMap<string, SeriesPoint>,
  classes: Classes,
  options: MapOptions,
): Map<CountryFeature, Shade> {
  const { lang } = options;
  const fmt = (v: number) => formatValue(lang, options.kind, v);
  const shades = new Map<CountryFeature, Shade>();
  for (const f of worldShapes().features) {
    const p = byNumeric.get(String(f.id));
    const name = p?.geography.kind === 'country' ? nameOf(lang, p) : f.properties.name;
    if (p === undefined || p.suppressed === 'no_data' || (p.estimate === null && p.suppressed === null)) {
      shades.set(f, { fill: NO_DATA_FILL, title: `${name}: ${say(lang, 'noData')}`, point: p });
    } else if (p.suppressed !== null || p.estimate === null) {
      shades.set(f, {
        fill: p.suppressed === 'complementary' ? COMPLEMENTARY_FILL : SUPPRESSED_FILL,
        title: `${name}: ${withheldWord(lang, p.suppressed)}`,
        point: p,
      });
    } else {
      const ci =
        p.ciLow !== null && p.ciHigh !== null ? ` (${say(lang, 'ci95')} ${fmt(p.ciLow)}–${fmt(p.ciHigh)})` : '';
      shades.set(f, {
        fill: classes.colours[classes.classOf(p.estimate)] ?? '#000',
        title: `${name}: ${fmt(p.estimate)}${ci}`,
        point: p,
      });
    }
  }
  return shades;
}

/** The text alternative: every shown country from the highest, then every country withheld, with why. */
function mapAlt(
  byNumeric: ReadonlyMap<string, SeriesPoint>,
  shown: readonly ShownPoint[],
  options: MapOptions,
): string {
  const { lang } = options;
  return [
    `${options.label}: ${say(lang, 'map').toLowerCase()}.`,
    ...[...shown]
      .sort((a, b) => b.estimate - a.estimate)
      .map((p) => `${nameOf(lang, p)}: ${formatValue(lang, options.kind, p.estimate)}.`),
    ...[...byNumeric.values()]
      .filter((p) => p.estimate === null || p.suppressed !== null)
      .map((p) => `${nameOf(lang, p)}: ${withheldWord(lang, p.suppressed)}.`),
  ].join(' ');
}

/** The table next to the map: every country by name, with its class or why it is withheld. */
function mapTable(
  byNumeric: ReadonlyMap<string, SeriesPoint>,
  classOf: Classes['classOf'],
  classLabels: readonly { readonly label: string }[],
  lang: MapOptions['lang'],
): ChartTable {
  const sorted = [...byNumeric.values()].sort((a, b) => nameOf(lang, a).localeCompare(nameOf(lang, b)));
  const rows = sorted.map((p) => {
    const shownValue = p.estimate !== null && p.suppressed === null;
    return [
      nameOf(lang, p),
      shownValue ? p.estimate : null,
      shownValue ? p.ciLow : null,
      shownValue ? p.ciHigh : null,
      p.n,
      shownValue ? (classLabels[classOf(p.estimate ?? 0)]?.label ?? '') : withheldWord(lang, p.suppressed),
    ];
  });
  return {
    columns: [
      { key: 'country', label: say(lang, 'country'), type: 'text' as const },
      ...estimateColumns(lang),
      { key: 'class', label: say(lang, 'status'), type: 'text' as const },
    ],
    rows,
    rowCountries: sorted.map((p) => (p.geography.kind === 'country' ? p.geography.iso3 : null)),
  };
}

export function mapChart(points: readonly SeriesPoint[], options: MapOptions): Chart {
  const { lang, kind } = options;
  const fmt = (v: number) => formatValue(lang, kind, v);
  const byNumeric = byNumericCode(points);
  const shown = [...byNumeric.values()].filter((p): p is ShownPoint => p.estimate !== null && p.suppressed === null);
  const breaks = classBreaks(
    shown.map((p) => p.estimate),
    options.classes ?? 5,
  );
  const colours = sequential(breaks.length + 1);
  const classOf = (v: number) => breaks.filter((b) => v >= b).length;
  const shades = shadesOf(byNumeric, { colours, classOf }, options);
  // No estimate shown: no classes (the legend would read "∞%–-∞%").
  const bounds = shown.length
    ? [Math.min(...shown.map((p) => p.estimate)), ...breaks, Math.max(...shown.map((p) => p.estimate))]
    : [];
  const classLabels = (shown.length ? colours : []).map((fill, i) => ({
    label: `${fmt(bounds[i] ?? 0)}–${fmt(bounds[i + 1] ?? 0)}`,
    fill,
  }));
  const anySuppressed = [...shades.values()].some((s) => s.fill === SUPPRESSED_FILL);
  const anyComplementary = [...shades.values()].some((s) => s.fill === COMPLEMENTARY_FILL);
  const alt = mapAlt(byNumeric, shown, options);
  const width = options.width ?? 640;
  const features = worldShapes().features;
  const key = legend(
    [
      ...classLabels,
      ...(anySuppressed ? [{ label: say(lang, 'suppressed'), fill: SUPPRESSED_FILL }] : []),
      ...(anyComplementary ? [{ label: say(lang, 'complementary'), fill: COMPLEMENTARY_FILL }] : []),
      { label: say(lang, 'noData'), fill: NO_DATA_FILL },
    ],
    { width: options.width },
  );
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: Math.round(width * 0.52) + 40,
    marginTop: key.height + 4,
    projection: { type: 'equal-earth', domain: { type: 'Sphere' } },
    color: { type: 'identity' },
    marks: [
      Plot.sphere({ stroke: '#999', fill: 'none' }),
      Plot.geo(features, {
        fill: (f: CountryFeature) => shades.get(f)?.fill ?? NO_DATA_FILL,
        stroke: '#777',
        strokeWidth: 0.4,
        title: (f: CountryFeature) => shades.get(f)?.title ?? '',
        href: (f: CountryFeature) => countryLink(shades.get(f)?.point, options.countryHref),
      }),
      key.mark,
    ],
  });
  return { figure, alt, table: mapTable(byNumeric, classOf, classLabels, lang), kind };
}
