/**
 * Trend: an indicator over waves for chosen geographies — a line per geography with its 95%
 * confidence band; a series break splits the line (no segment joins the waves on either side)
 * and is marked with a dashed rule and a note; a suppressed or missing wave leaves a gap and a
 * cross on the axis, so a reader never takes a hole for a flat line.
 */
import { withheldWord } from './i18n-quality.ts';
import * as Plot from '@observablehq/plot';
import type { SeriesChange, SeriesPoint } from '../src/indicators/types.ts';
import { geographyKey, geographyName, say } from './i18n.ts';
import { formatValue, tickFormat, type ValueKind } from './format.ts';
import { estimateColumns, statusColumn, statusOf } from './chart-columns.ts';
import {
  baseOptions,
  fitLabel,
  labelMargin,
  svgLabel,
  labelMaxChars,
  WIDE,
  legend,
  SERIES_COLOURS,
  valueDomain,
  type Chart,
  type ChartOptions,
  type ChartTable,
} from './chart-core.ts';

export interface TrendOptions extends ChartOptions {
  readonly kind: ValueKind;
  /** The indicator's range (indices); shares run from 0. */
  readonly range?: { min: number; max: number };
  /** The indicator's label, used in the text alternative. */
  readonly label: string;
}

interface TrendRow {
  readonly key: string;
  readonly name: string;
  readonly wave: string;
  readonly year: number;
  /** Which unbroken stretch of the geography's line the point is on. */
  readonly segment: string;
  /** The first wave after a series break. */
  readonly afterBreak: boolean;
  readonly point: SeriesPoint;
  /** The estimate when it may be shown, else NaN (a gap in the line). */
  readonly y: number;
  readonly lo: number;
  readonly hi: number;
}

const shown = (p: SeriesPoint): p is SeriesPoint & { estimate: number } => p.estimate !== null && p.suppressed === null;

/** Splits each geography's points into stretches at its series breaks. */
function rows(
  points: readonly SeriesPoint[],
  changes: readonly SeriesChange[],
  lang: TrendOptions['lang'],
): TrendRow[] {
  const breaks = new Set(
    changes.filter((c) => c.seriesBreak !== null).map((c) => `${geographyKey(c.geography)}|${c.toWave}`),
  );
  const byGeo = new Map<string, SeriesPoint[]>();
  for (const p of points) {
    const k = geographyKey(p.geography);
    byGeo.set(k, [...(byGeo.get(k) ?? []), p]);
  }
  const out: TrendRow[] = [];
  for (const [key, list] of byGeo) {
    let segment = 0;
    for (const p of [...list].sort((a, b) => a.year - b.year)) {
      const afterBreak = breaks.has(`${key}|${p.wave}`);
      if (afterBreak) segment += 1;
      const ok = shown(p);
      out.push({
        key,
        name: geographyName(lang, p.geography),
        wave: p.wave,
        year: p.year,
        segment: `${key}#${segment}`,
        afterBreak,
        point: p,
        y: ok ? p.estimate : NaN,
        lo: ok && p.ciLow !== null ? p.ciLow : NaN,
        hi: ok && p.ciHigh !== null ? p.ciHigh : NaN,
      });
    }
  }
  return out;
}

/** Direct labels at each line's end, pushed apart to at least `gap` (in data units) so none overlap. */
function spreadLabels(rows: readonly TrendRow[], gap: number): (TrendRow & { ly: number })[] {
  const sorted = [...rows].sort((a, b) => a.y - b.y).map((r) => ({ ...r, ly: r.y }));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && cur.ly - prev.ly < gap) cur.ly = prev.ly + gap;
  }
  return sorted;
}

/** Where a series break falls on the x axis: halfway between the waves on either side of it. */
function breakYearsOf(changes: readonly SeriesChange[], data: readonly TrendRow[]): number[] {
  return [
    ...new Set(
      changes
        .filter((c) => c.seriesBreak !== null)
        .map((c) => {
          const from = data.find((d) => d.wave === c.fromWave)?.year;
          const to = data.find((d) => d.wave === c.toWave)?.year;
          return from !== undefined && to !== undefined ? (from + to) / 2 : undefined;
        })
        .filter((y): y is number => y !== undefined),
    ),
  ];
}

/** What a trend chart draws: its rows, the lines' names, the waves' years, the value domain, the gaps and the breaks. */
interface TrendFrame {
  readonly data: readonly TrendRow[];
  readonly names: readonly string[];
  readonly years: readonly number[];
  readonly domain: readonly [number, number];
  /** Waves with no shown estimate, crossed on the axis. */
  readonly gaps: readonly TrendRow[];
  /** Why the crosses are there, each reason once ("Suppressed (too few respondents)", "variance could not be estimated", …). */
  readonly gapReasons: readonly string[];
  readonly breakYears: readonly number[];
  /** The last shown point of a line. */
  readonly latest: (name: string) => TrendRow | undefined;
  readonly fmt: (v: number) => string;
}

function trendFrame(
  points: readonly SeriesPoint[],
  changes: readonly SeriesChange[],
  options: TrendOptions,
): TrendFrame {
  const { lang, kind } = options;
  const data = rows(points, changes, lang);
  const finite = data.flatMap((d) => [d.y, d.lo, d.hi]).filter(Number.isFinite);
  const gaps = data.filter((d) => !Number.isFinite(d.y));
  return {
    data,
    names: [...new Set(data.map((d) => d.name))],
    years: [...new Set(data.map((d) => d.year))].sort((a, b) => a - b),
    domain: valueDomain(kind, finite.length ? finite : [0], options.range),
    gaps,
    gapReasons: [...new Set(gaps.map((g) => withheldWord(lang, g.point.suppressed)))],
    breakYears: breakYearsOf(changes, data),
    latest: (name) => [...data].reverse().find((d) => d.name === name && Number.isFinite(d.y)),
    fmt: (v) => formatValue(lang, kind, v),
  };
}

/** The text alternative: the span, each line's latest value with its interval, the gaps and the breaks. */
function trendAlt(f: TrendFrame, options: TrendOptions): string {
  const { lang } = options;
  const { years, fmt, gaps } = f;
  return [
    `${options.label}, ${years[0] ?? ''}–${years[years.length - 1] ?? ''}.`,
    ...f.names.map((name) => {
      const last = f.latest(name);
      return last
        ? `${name}: ${fmt(last.y)} (${last.year}; ${say(lang, 'ci95')} ${fmt(last.lo)}–${fmt(last.hi)}).`
        : `${name}: ${say(lang, 'noData')}.`;
    }),
    gaps.length ? `${f.gapReasons.join(' / ')}: ${gaps.map((g) => `${g.name} ${g.year}`).join(', ')}.` : '',
    f.breakYears.length ? say(lang, 'seriesBreakNote') : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The marks: bands, lines, points, crosses for the gaps, the breaks, the lines' labels and the legend. */
function trendMarks(f: TrendFrame, lang: TrendOptions['lang'], width: number): Plot.Markish[] {
  const max = labelMaxChars(width);
  const { data, gaps, gapReasons, breakYears, fmt } = f;
  const [y0, y1] = f.domain;
  const labelled = spreadLabels(
    f.names.map((name) => f.latest(name)).filter((d): d is TrendRow => d !== undefined),
    ((y1 - y0) * 13) / (360 - 40 - 30),
  );
  return [
    Plot.areaY(data, {
      x: 'year',
      y1: 'lo',
      y2: 'hi',
      z: 'segment',
      fill: 'name',
      fillOpacity: 0.16,
      curve: 'linear',
    }),
    Plot.lineY(data, { x: 'year', y: 'y', z: 'segment', stroke: 'name', strokeWidth: 2 }),
    Plot.dot(
      data.filter((d) => Number.isFinite(d.y)),
      {
        x: 'year',
        y: 'y',
        fill: 'name',
        r: 3,
        title: (d: TrendRow) =>
          `${d.name} ${d.year}: ${fmt(d.y)} (${say(lang, 'ci95')} ${fmt(d.lo)}–${fmt(d.hi)}, n=${d.point.n})`,
      },
    ),
    Plot.dot(gaps, {
      x: 'year',
      y: () => y0,
      symbol: 'times',
      stroke: 'name',
      r: 5,
      strokeWidth: 1.5,
      title: (d: TrendRow) => `${d.name} ${d.year}: ${withheldWord(lang, d.point.suppressed)}`,
      className: 'suppressed-or-missing',
    }),
    Plot.ruleX(breakYears, { stroke: '#555', strokeDasharray: '4,3', className: 'series-break' }),
    Plot.text(breakYears, {
      x: (d: number) => d,
      frameAnchor: 'top',
      dy: -6,
      text: () => say(lang, 'seriesBreak'),
      fill: '#333',
      className: 'series-break-label',
    }),
    Plot.text(labelled, {
      x: 'year',
      y: 'ly',
      text: (d: TrendRow) => svgLabel(fitLabel(d.name, max)),
      title: (d: TrendRow) => d.name,
      fill: 'name',
      textAnchor: 'start',
      dx: 8,
      fontWeight: 'bold',
    }),
  ];
}

/** The table next to the chart: every row, shown or not, with its status. */
function trendTable(lang: TrendOptions['lang'], data: readonly TrendRow[]): ChartTable {
  return {
    columns: [
      { key: 'geography', label: say(lang, 'region'), type: 'text' as const },
      { key: 'year', label: say(lang, 'year'), type: 'text' as const },
      ...estimateColumns(lang),
      statusColumn(lang),
    ],
    rows: data.map((d) => [
      d.name,
      String(d.year),
      Number.isFinite(d.y) ? d.y : null,
      Number.isFinite(d.lo) ? d.lo : null,
      Number.isFinite(d.hi) ? d.hi : null,
      d.point.n,
      statusOf(lang, d.point, d.afterBreak ? 'break' : null),
    ]),
  };
}

export function trendChart(
  points: readonly SeriesPoint[],
  changes: readonly SeriesChange[],
  options: TrendOptions,
): Chart {
  const { lang, kind } = options;
  const f = trendFrame(points, changes, options);
  const alt = trendAlt(f, options);
  const { years } = f;
  const width = options.width ?? WIDE;
  const key = legend(
    [
      { label: say(lang, 'bandNote'), fill: '#999', stroke: 'none' },
      ...(f.gaps.length ? [{ label: f.gapReasons.join(' / '), fill: '#333', symbol: 'times' as const }] : []),
      ...(f.breakYears.length ? [{ label: say(lang, 'seriesBreak'), fill: '#555', symbol: 'dash' as const }] : []),
    ],
    { width, x: width < 400 ? 8 : 48 },
  );
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: 360,
    marginTop: key.height + 4,
    marginRight: labelMargin(f.names, 40, width),
    marginLeft: 48,
    x: {
      domain: [years[0] ?? 0, years[years.length - 1] ?? 1],
      ticks: [...years],
      tickFormat: (v: number) => String(v),
      label: null,
      inset: 12,
    },
    y: { domain: [...f.domain], grid: true, tickFormat: tickFormat(lang, kind), label: null },
    color: { type: 'ordinal' as const, domain: [...f.names], range: [...SERIES_COLOURS] },
    marks: [...trendMarks(f, lang, width), key.mark],
  });
  return { figure, alt, table: trendTable(lang, f.data), kind };
}
