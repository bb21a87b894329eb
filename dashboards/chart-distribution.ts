/**
 * Distribution: every answer to a single-choice question per geography as a 100% stacked bar —
 * substantive options in a colour-blind-safe diverging order, don't know and refused in greys —
 * so a headline share is never read without the rest of the answers.
 */
import * as Plot from '@observablehq/plot';
import type { DistributionPoint } from '../src/indicators/types.ts';
import { geographyName, say } from './i18n.ts';
import { formatValue } from './format.ts';
import { notShownText, statusOf } from './chart-columns.ts';
import {
  baseOptions,
  legend,
  rowLabelAxis,
  type Chart,
  type ChartOptions,
  type ChartTable,
  WIDE,
} from './chart-core.ts';

export interface DistributionOptions extends ChartOptions {
  readonly label: string;
  /** The options in the order the question lists them, with their labels in the page's language. */
  readonly options: readonly { readonly code: string; readonly label: string }[];
}

/** Substantive answers: Okabe–Ito vermillion, sky blue, bluish green, blue, reddish purple, orange. */
const SUBSTANTIVE = ['#D55E00', '#56B4E9', '#009E73', '#0072B2', '#CC79A7', '#E69F00'];
const MISSING: Readonly<Record<string, string>> = { dont_know: '#bdbdbd', refused: '#8c8c8c' };

/** Black or white text, whichever reads better on `fill` (relative luminance, WCAG 2). */
export function textOn(fill: string): 'black' | 'white' {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(fill.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? 'black' : 'white';
}

interface Segment {
  readonly name: string;
  readonly code: string;
  readonly option: string;
  readonly share: number;
}

/** An answer option with its colour. */
type Swatch = DistributionOptions['options'][number] & { readonly fill: string };

/**
 * Each option's colour: missing codes their own greys, substantive answers the palette in order.
 * Throws when the data hold an answer code the question does not have.
 */
function paletteOf(points: readonly DistributionPoint[], options: DistributionOptions): Swatch[] {
  const known = new Set(options.options.map((o) => o.code));
  const extra = [...new Set(points.flatMap((p) => Object.keys(p.shares)))].filter((c) => !known.has(c));
  if (extra.length)
    throw new Error(
      `distribution of ${points[0]?.question ?? '?'}: answer codes ${extra.join(', ')} are not options of the question`,
    );
  let substantive = 0;
  return options.options.map((o) => ({
    ...o,
    fill: MISSING[o.code] ?? SUBSTANTIVE[substantive++ % SUBSTANTIVE.length] ?? '#000',
  }));
}

/** The table next to the chart: each geography's share per option, then those withheld with why. */
function distributionTable(
  shown: readonly DistributionPoint[],
  hidden: readonly DistributionPoint[],
  palette: readonly Swatch[],
  lang: DistributionOptions['lang'],
): ChartTable {
  return {
    columns: [
      { key: 'geography', label: say(lang, 'region'), type: 'text' as const },
      ...palette.map((o) => ({ key: o.code, label: o.label, type: 'value' as const })),
      { key: 'n', label: say(lang, 'n'), type: 'count' as const },
      { key: 'status', label: say(lang, 'status'), type: 'text' as const },
    ],
    rows: [
      ...shown.map((p) => [geographyName(lang, p.geography), ...palette.map((o) => p.shares[o.code] ?? 0), p.n, '']),
      ...hidden.map((p) => [
        geographyName(lang, p.geography),
        ...palette.map(() => null),
        p.n,
        statusOf(lang, { suppressed: p.suppressed, estimate: null }),
      ]),
    ],
  };
}

export function distributionChart(points: readonly DistributionPoint[], options: DistributionOptions): Chart {
  const { lang } = options;
  const fmt = (v: number) => formatValue(lang, 'share', v);
  const palette = paletteOf(points, options);
  const shown = points.filter((p) => p.suppressed === null);
  const hidden = points.filter((p) => p.suppressed !== null);
  const segments: Segment[] = shown.flatMap((p) =>
    palette.map((o) => ({
      name: geographyName(lang, p.geography),
      code: o.code,
      option: o.label,
      share: p.shares[o.code] ?? 0,
    })),
  );
  const order = [...shown, ...hidden].map((p) => geographyName(lang, p.geography));
  const alt = [
    `${options.label}.`,
    ...shown.map(
      (p) =>
        `${geographyName(lang, p.geography)}: ${palette.map((o) => `${o.label} ${fmt(p.shares[o.code] ?? 0)}`).join(', ')}.`,
    ),
    ...hidden.map(
      (p) => `${geographyName(lang, p.geography)}: ${statusOf(lang, { suppressed: p.suppressed, estimate: null })}.`,
    ),
  ].join(' ');
  const rowAxis = rowLabelAxis(order, { width: options.width });
  const key = legend(
    palette.map((o) => ({ label: o.label, fill: o.fill })),
    { width: options.width, x: (options.width ?? WIDE) < 400 ? 8 : rowAxis.marginLeft },
  );
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: 90 + order.length * 28,
    marginTop: key.height + 20,
    marginLeft: rowAxis.marginLeft,
    marginRight: 16,
    x: { domain: [0, 1], tickFormat: (v: number) => fmt(v).replace(/[.,]0(?=\D*$)/, ''), label: null },
    y: { domain: order, label: null, tickSize: 0, ...rowAxis.y },
    color: { type: 'ordinal', domain: palette.map((o) => o.label), range: palette.map((o) => o.fill) },
    marks: [
      ...rowAxis.marks,
      Plot.barX(
        segments,
        Plot.stackX({
          x: 'share',
          y: 'name',
          fill: 'option',
          order: palette.map((o) => o.label),
          title: (d: Segment) => `${d.name} — ${d.option}: ${fmt(d.share)}`,
          inset: 0.5,
        }),
      ),
      Plot.text(
        segments.filter((d) => d.share >= 0.08),
        Plot.stackX({
          x: 'share',
          y: 'name',
          order: palette.map((o) => o.label),
          z: 'option',
          text: (d: Segment) => fmt(d.share),
          fill: (d: Segment) => textOn(palette.find((o) => o.code === d.code)?.fill ?? '#000'),
        }),
      ),
      notShownText(hidden, {
        x: 0,
        y: (p: DistributionPoint) => geographyName(lang, p.geography),
        text: (p: DistributionPoint) => statusOf(lang, { suppressed: p.suppressed, estimate: null }),
      }),
      key.mark,
    ],
  });
  return { figure, alt, table: distributionTable(shown, hidden, palette, lang), kind: 'share' };
}
