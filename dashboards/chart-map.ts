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
import { countryName, formatValue, isoNumeric, say, type ValueKind } from './i18n.ts';
import { estimateColumns, statusOf } from './chart-columns.ts';
import {
  baseOptions,
  COMPLEMENTARY_FILL,
  legendMark,
  NO_DATA_FILL,
  SUPPRESSED_FILL,
  type Chart,
  type ChartOptions,
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

export function mapChart(points: readonly SeriesPoint[], options: MapOptions): Chart {
  const { lang, kind } = options;
  const fmt = (v: number) => formatValue(lang, kind, v);
  const byNumeric = new Map<string, SeriesPoint>();
  for (const p of points) {
    if (p.geography.kind !== 'country') continue;
    const code = isoNumeric(p.geography.iso3);
    if (code === undefined) throw new Error(`no ISO 3166 numeric code for ${p.geography.iso3}`);
    byNumeric.set(code, p);
  }
  const shown = [...byNumeric.values()].filter(
    (p): p is SeriesPoint & { estimate: number } => p.estimate !== null && p.suppressed === null,
  );
  const breaks = classBreaks(
    shown.map((p) => p.estimate),
    options.classes ?? 5,
  );
  const colours = sequential(breaks.length + 1);
  const classOf = (v: number) => breaks.filter((b) => v >= b).length;
  const shades = new Map<CountryFeature, Shade>();
  for (const f of worldShapes().features) {
    const p = byNumeric.get(String(f.id));
    const name =
      p?.geography.kind === 'country' ? countryName(lang, p.geography.iso3, p.geography.name) : f.properties.name;
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
        fill: colours[classOf(p.estimate)] ?? '#000',
        title: `${name}: ${fmt(p.estimate)}${ci}`,
        point: p,
      });
    }
  }
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
  const alt = [
    `${options.label}: ${say(lang, 'map').toLowerCase()}.`,
    ...[...shown]
      .sort((a, b) => b.estimate - a.estimate)
      .map(
        (p) =>
          `${p.geography.kind === 'country' ? countryName(lang, p.geography.iso3, p.geography.name) : ''}: ${fmt(p.estimate)}.`,
      ),
    ...[...byNumeric.values()]
      .filter((p) => p.estimate === null || p.suppressed !== null)
      .map(
        (p) =>
          `${p.geography.kind === 'country' ? countryName(lang, p.geography.iso3, p.geography.name) : ''}: ${withheldWord(lang, p.suppressed)}.`,
      ),
  ].join(' ');
  const width = options.width ?? 640;
  const features = worldShapes().features;
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: Math.round(width * 0.52) + 40,
    marginTop: 40,
    projection: { type: 'equal-earth', domain: { type: 'Sphere' } },
    color: { type: 'identity' },
    marks: [
      Plot.sphere({ stroke: '#999', fill: 'none' }),
      Plot.geo(features, {
        fill: (f: CountryFeature) => shades.get(f)?.fill ?? NO_DATA_FILL,
        stroke: '#777',
        strokeWidth: 0.4,
        title: (f: CountryFeature) => shades.get(f)?.title ?? '',
      }),
      legendMark([
        ...classLabels,
        ...(anySuppressed ? [{ label: say(lang, 'suppressed'), fill: SUPPRESSED_FILL }] : []),
        ...(anyComplementary ? [{ label: say(lang, 'complementary'), fill: COMPLEMENTARY_FILL }] : []),
        { label: say(lang, 'noData'), fill: NO_DATA_FILL },
      ]),
    ],
  });
  const rows = [...byNumeric.values()]
    .map((p) => {
      const name = p.geography.kind === 'country' ? countryName(lang, p.geography.iso3, p.geography.name) : '';
      const shownValue = p.estimate !== null && p.suppressed === null;
      return [
        name,
        shownValue ? p.estimate : null,
        shownValue ? p.ciLow : null,
        shownValue ? p.ciHigh : null,
        p.n,
        shownValue ? (classLabels[classOf(p.estimate ?? 0)]?.label ?? '') : withheldWord(lang, p.suppressed),
      ];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const table = {
    columns: [
      { key: 'country', label: say(lang, 'country'), type: 'text' as const },
      ...estimateColumns(lang),
      { key: 'class', label: say(lang, 'status'), type: 'text' as const },
    ],
    rows,
  };
  return { figure, alt, table, kind };
}
