/**
 * Ranking: the latest wave's estimate per country with its 95% interval, highest first; the
 * world aggregate as a reference line across the chart and each country's regional aggregate
 * as a tick on its row. Countries whose estimate is suppressed or missing are listed last, in words.
 */
import * as Plot from '@observablehq/plot';
import type { SeriesPoint } from '../src/indicators/types.ts';
import { geographyName, regionName, say } from './i18n.ts';
import { formatValue, tickFormat, type ValueKind } from './format.ts';
import {
  baseOptions,
  rowLabelAxis,
  legend,
  valueDomain,
  type Chart,
  type ChartOptions,
  type ChartTable,
  WIDE,
} from './chart-core.ts';
import { countryLink, estimateColumns, notShownText, statusColumn, statusOf } from './chart-columns.ts';

export interface RankingOptions extends ChartOptions {
  readonly kind: ValueKind;
  readonly label: string;
  readonly range?: { min: number; max: number };
}

interface RankRow {
  readonly name: string;
  readonly p: SeriesPoint;
  readonly y: number;
  readonly lo: number;
  readonly hi: number;
  readonly regional: number | null;
}

const DOT = '#0072B2';
const REGION = '#D55E00';

/** A country that is not ranked, with why. */
interface MissingRow {
  readonly name: string;
  readonly p: SeriesPoint;
  readonly why: string;
}

/** The shown estimate of each region, and of the world (null when withheld). */
function references(aggregates: readonly SeriesPoint[]): { regionValue: Map<string, number>; world: number | null } {
  const regionValue = new Map<string, number>();
  let world: number | null = null;
  for (const a of aggregates) {
    if (a.estimate === null || a.suppressed !== null) continue;
    if (a.geography.kind === 'region') regionValue.set(a.geography.region, a.estimate);
    if (a.geography.kind === 'world') world = a.estimate;
  }
  return { regionValue, world };
}

/** The countries ranked (highest first, then by name) and those not shown (by name), with why. */
function rankRows(
  points: readonly SeriesPoint[],
  regionValue: ReadonlyMap<string, number>,
  lang: RankingOptions['lang'],
): { drawn: RankRow[]; missing: MissingRow[] } {
  const drawn: RankRow[] = [];
  const missing: MissingRow[] = [];
  for (const p of points) {
    if (p.geography.kind !== 'country') continue;
    const name = geographyName(lang, p.geography);
    if (p.estimate === null || p.suppressed !== null) missing.push({ name, p, why: statusOf(lang, p) });
    else
      drawn.push({
        name,
        p,
        y: p.estimate,
        lo: p.ciLow ?? p.estimate,
        hi: p.ciHigh ?? p.estimate,
        regional: regionValue.get(p.geography.region) ?? null,
      });
  }
  drawn.sort((a, b) => b.y - a.y || a.name.localeCompare(b.name));
  missing.sort((a, b) => a.name.localeCompare(b.name));
  return { drawn, missing };
}

/** The table next to the chart: each ranked country, then those not shown with why. */
function rankTable(
  drawn: readonly RankRow[],
  missing: readonly MissingRow[],
  lang: RankingOptions['lang'],
): ChartTable {
  return {
    columns: [
      { key: 'country', label: say(lang, 'country'), type: 'text' as const },
      { key: 'region', label: say(lang, 'region'), type: 'text' as const },
      ...estimateColumns(lang),
      statusColumn(lang),
    ],
    rows: [
      ...drawn.map((d) => [d.name, regionOf(lang, d.p), d.y, d.lo, d.hi, d.p.n, '']),
      ...missing.map((d) => [d.name, regionOf(lang, d.p), null, null, null, d.p.n, d.why]),
    ],
    rowCountries: [...drawn, ...missing].map((d) => (d.p.geography.kind === 'country' ? d.p.geography.iso3 : null)),
  };
}

/** `points`: country estimates of one wave; `aggregates`: region and world estimates of the same wave. */
export function rankingChart(
  points: readonly SeriesPoint[],
  aggregates: readonly SeriesPoint[],
  options: RankingOptions,
): Chart {
  const { lang, kind } = options;
  const { regionValue, world } = references(aggregates);
  const { drawn, missing } = rankRows(points, regionValue, lang);
  const order = [...drawn.map((d) => d.name), ...missing.map((d) => d.name)];
  const byName = new Map([...drawn, ...missing].map((d) => [d.name, d.p]));
  const fmt = (v: number) => formatValue(lang, kind, v);
  const alt = [
    `${options.label}, ${say(lang, 'ranking').toLowerCase()}.`,
    ...drawn.map((d, i) => `${i + 1}. ${d.name}: ${fmt(d.y)} (${say(lang, 'ci95')} ${fmt(d.lo)}–${fmt(d.hi)}).`),
    ...missing.map((d) => `${d.name}: ${d.why}.`),
    world !== null ? `${say(lang, 'worldShort')}: ${fmt(world)}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const [x0, x1] = valueDomain(
    kind,
    [...drawn.flatMap((d) => [d.lo, d.hi]), ...(world !== null ? [world] : [])],
    options.range,
  );
  const rowAxis = rowLabelAxis(order, {
    width: options.width,
    href: options.countryHref ? (name) => countryLink(byName.get(name), options.countryHref) : undefined,
  });
  const key = legend(
    [
      { label: say(lang, 'estimate'), fill: DOT, stroke: DOT },
      { label: say(lang, 'intervalNote'), fill: DOT, symbol: 'line' },
      { label: say(lang, 'regionAverage'), fill: REGION, symbol: 'line' },
      ...(world !== null ? [{ label: say(lang, 'worldShort'), fill: '#000', symbol: 'dash' as const }] : []),
    ],
    { width: options.width, x: (options.width ?? WIDE) < 400 ? 8 : rowAxis.marginLeft },
  );
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: 80 + order.length * 20,
    marginTop: key.height + 12,
    marginLeft: rowAxis.marginLeft,
    marginRight: 24,
    x: { domain: [x0, x1], grid: true, tickFormat: tickFormat(lang, kind), label: null },
    y: { domain: order, label: null, tickSize: 0, ...rowAxis.y },
    marks: [
      ...rowAxis.marks,
      Plot.ruleY(drawn, { y: 'name', x1: 'lo', x2: 'hi', stroke: DOT, strokeWidth: 2, strokeOpacity: 0.6 }),
      Plot.tickX(
        drawn.filter((d) => d.regional !== null),
        { x: 'regional', y: 'name', stroke: REGION, strokeWidth: 2, className: 'region-reference' },
      ),
      Plot.dot(drawn, {
        x: 'y',
        y: 'name',
        fill: DOT,
        r: 4,
        title: (d: RankRow) => `${d.name}: ${fmt(d.y)} (${say(lang, 'ci95')} ${fmt(d.lo)}–${fmt(d.hi)}, n=${d.p.n})`,
        href: (d: RankRow) => countryLink(d.p, options.countryHref),
      }),
      ...(world !== null
        ? [
            Plot.ruleX([world], { stroke: '#000', strokeDasharray: '4,3', className: 'world-reference' }),
            Plot.text([world], {
              x: (d: number) => d,
              frameAnchor: 'top',
              dy: -6,
              text: (d: number) => `${say(lang, 'worldShort')} ${fmt(d)}`,
            }),
          ]
        : []),
      notShownText(missing, { x: x0, y: 'name', text: 'why' }),
      key.mark,
    ],
  });
  return { figure, alt, table: rankTable(drawn, missing, lang), kind };
}

const regionOf = (lang: RankingOptions['lang'], p: SeriesPoint) =>
  p.geography.kind === 'country' ? regionName(lang, p.geography.region) : '';
