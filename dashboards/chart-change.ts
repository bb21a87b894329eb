/**
 * Change between two waves: one row per geography with the change and its 95% interval, sorted
 * from the largest rise to the largest fall. Significant changes are filled and dark; changes
 * within the noise are hollow and grey; rows where no change is computed (series break,
 * suppression) say so in words. The test used is named in the legend.
 */
import { sayQuality, withheldWord } from './i18n-quality.ts';
import * as Plot from '@observablehq/plot';
import type { SeriesChange } from '../src/indicators/types.ts';
import { testName } from './definitions.ts';
import { geographyName, say } from './i18n.ts';
import { formatChange, type ValueKind } from './format.ts';
import {
  baseOptions,
  legend,
  rowLabelAxis,
  WIDE,
  type Chart,
  type ChartOptions,
  type ChartTable,
} from './chart-core.ts';

export interface ChangeOptions extends ChartOptions {
  readonly kind: ValueKind;
  readonly label: string;
  /** The years of the two waves, for the text alternative. */
  readonly fromLabel: string;
  readonly toLabel: string;
}

const SIGNIFICANT = '#0072B2';
const NOISE = '#8c8c8c';

interface ChangeRow {
  readonly name: string;
  readonly c: SeriesChange;
  readonly change: number;
  readonly lo: number;
  readonly hi: number;
}

/** Why a change is not drawn, in words; null when it is drawn. */
export function changeGap(lang: ChangeOptions['lang'], c: SeriesChange): string | null {
  if (c.seriesBreak !== null) return `${say(lang, 'seriesBreak')}: ${say(lang, 'notComputed')}`;
  if (c.suppressed !== null || c.change === null) return withheldWord(lang, c.suppressed);
  return null;
}

/** A change that is not drawn, with why. */
interface GapRow {
  readonly name: string;
  readonly c: SeriesChange;
  readonly why: string;
}

/** The changes drawn (largest first), and those that are not, with why. */
function changeRows(
  changes: readonly SeriesChange[],
  lang: ChangeOptions['lang'],
): { drawn: ChangeRow[]; notDrawn: GapRow[] } {
  const drawn: ChangeRow[] = [];
  const notDrawn: GapRow[] = [];
  for (const c of changes) {
    const name = geographyName(lang, c.geography);
    const why = changeGap(lang, c);
    if (why === null && c.change !== null)
      drawn.push({ name, c, change: c.change, lo: c.ciLow ?? c.change, hi: c.ciHigh ?? c.change });
    else notDrawn.push({ name, c, why: why ?? say(lang, 'noData') });
  }
  drawn.sort((a, b) => b.change - a.change);
  return { drawn, notDrawn };
}

const isSig = (d: ChangeRow) => d.c.significant === true;

/** The table next to the chart: each change with its interval, p-values and significance, then those not drawn. */
function changeTable(
  drawn: readonly ChangeRow[],
  notDrawn: readonly GapRow[],
  lang: ChangeOptions['lang'],
): ChartTable {
  return {
    columns: [
      { key: 'geography', label: say(lang, 'region'), type: 'text' as const },
      { key: 'change', label: say(lang, 'change'), type: 'change' as const },
      { key: 'ci_low', label: say(lang, 'ciLow'), type: 'change' as const },
      { key: 'ci_high', label: say(lang, 'ciHigh'), type: 'change' as const },
      { key: 'p_value', label: say(lang, 'pValue'), type: 'p' as const },
      { key: 'p_adjusted_bh', label: sayQuality(lang, 'pAdjusted'), type: 'p' as const },
      { key: 'status', label: say(lang, 'status'), type: 'text' as const },
    ],
    rows: [
      ...drawn.map((d) => [
        d.name,
        d.change,
        d.lo,
        d.hi,
        d.c.pValue,
        d.c.pAdjusted ?? null,
        [
          isSig(d) ? say(lang, 'significant') : say(lang, 'notSignificant'),
          ...(typeof d.c.significantAdjusted === 'boolean'
            ? [sayQuality(lang, d.c.significantAdjusted ? 'significantAdjusted' : 'notSignificantAdjusted')]
            : []),
        ].join('; '),
      ]),
      ...notDrawn.map((d) => [d.name, null, null, null, null, null, d.why]),
    ],
  };
}

export function changeChart(changes: readonly SeriesChange[], options: ChangeOptions): Chart {
  const { lang, kind } = options;
  const { drawn, notDrawn } = changeRows(changes, lang);
  const order = [...drawn.map((d) => d.name), ...notDrawn.map((d) => d.name)];
  const fmt = (v: number) => formatChange(lang, kind, v);
  const tests = [...new Set(changes.map((c) => c.test).filter((t) => t.length > 0))].map((t) => testName(lang, t));
  const alt = [
    `${options.label}: ${say(lang, 'change')} ${options.fromLabel}–${options.toLabel}.`,
    ...drawn.map(
      (d) =>
        `${d.name}: ${fmt(d.change)} (${say(lang, 'ci95')} ${fmt(d.lo)} to ${fmt(d.hi)}), ${isSig(d) ? say(lang, 'significant') : say(lang, 'notSignificant')}.`,
    ),
    ...notDrawn.map((d) => `${d.name}: ${d.why}.`),
    tests.length ? `${say(lang, 'testNote')}: ${tests.join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const extent = Math.max(0.01, ...drawn.flatMap((d) => [Math.abs(d.lo), Math.abs(d.hi)]));
  const pad = extent * 1.1;
  const rowAxis = rowLabelAxis(order, { width: options.width });
  const key = legend(
    [
      { label: say(lang, 'significant'), fill: SIGNIFICANT, stroke: SIGNIFICANT },
      { label: say(lang, 'notSignificant'), fill: 'white', stroke: NOISE },
      { label: say(lang, 'intervalNote'), fill: NOISE, symbol: 'line' },
      ...(tests.length
        ? [{ label: `${say(lang, 'testNote')}: ${tests.join('; ')}`, fill: 'none', symbol: 'none' as const }]
        : []),
    ],
    { width: options.width },
  );
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: 70 + order.length * 26 + (tests.length ? 16 : 0),
    marginTop: key.height,
    marginLeft: rowAxis.marginLeft,
    marginRight: 24,
    x: {
      domain: [-pad, pad],
      grid: true,
      tickFormat: (v: number) => fmt(v),
      label: null,
      ticks: (options.width ?? WIDE) < 400 ? 3 : 5,
    },
    y: { domain: order, label: null, tickSize: 0, ...rowAxis.y },
    marks: [
      ...rowAxis.marks,
      Plot.ruleX([0], { stroke: '#333' }),
      Plot.ruleY(drawn, {
        y: 'name',
        x1: 'lo',
        x2: 'hi',
        stroke: (d: ChangeRow) => (isSig(d) ? SIGNIFICANT : NOISE),
        strokeWidth: 2,
      }),
      Plot.dot(drawn, {
        x: 'change',
        y: 'name',
        r: 5,
        stroke: (d: ChangeRow) => (isSig(d) ? SIGNIFICANT : NOISE),
        fill: (d: ChangeRow) => (isSig(d) ? SIGNIFICANT : 'white'),
        strokeWidth: 2,
        title: (d: ChangeRow) => `${d.name}: ${fmt(d.change)} (${say(lang, 'ci95')} ${fmt(d.lo)} to ${fmt(d.hi)})`,
        className: 'change',
      }),
      Plot.text(notDrawn, {
        x: 0,
        y: 'name',
        text: 'why',
        fill: '#444',
        fontStyle: 'italic',
        className: 'not-computed',
      }),
      key.mark,
    ],
  });
  return { figure, alt, table: changeTable(drawn, notDrawn, lang), kind };
}
