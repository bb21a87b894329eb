/**
 * The campaign page's chart: estimates with their 95% intervals, one row each — the campaign's
 * effect beside the placebo effects before it, awareness by country and subgroup beside false
 * recall, or each message against the control. Shares (`mode: 'share'`) on a 0–100% axis;
 * effects (`mode: 'change'`) in points around a dashed line at zero. Rows without a published
 * estimate (withheld, no data) are named with their status, not drawn; many withheld rows of one
 * block are one line with their count. No label is clipped: a label longer than the label
 * column is shortened on the axis and given in full in its tooltip and the table. Values are fractions
 * (0.053 = 5.3% or 5.3 points), as the other charts take them.
 */
import * as Plot from '@observablehq/plot';
import { countOf, say, type UiLanguage } from './i18n.ts';
import { formatChange, formatValue } from './format.ts';
import { baseOptions, rowLabelAxis, legend, valueDomain, type Chart, type ChartOptions, WIDE } from './chart-core.ts';
import { notShownText, statusColumn } from './chart-columns.ts';

export interface IntervalRow {
  readonly label: string;
  readonly estimate: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  /** Respondents behind the estimate. */
  readonly n: number | null;
  /** Why nothing is drawn (withheld, no data), or a note on a drawn row; '' when none. */
  readonly status: string;
  /**
   * The block the row belongs to (a message arm, the campaign countries): the chart draws the
   * block's withheld rows as one line with their count and reason; the table keeps every row.
   */
  readonly group?: string;
}

export interface IntervalChartOptions extends ChartOptions {
  readonly mode: 'share' | 'change';
  /** What the chart shows, the first sentence of its text alternative. */
  readonly title: string;
  /** The legend's note on the intervals (and the zero line). */
  readonly note: string;
}

interface Drawn extends IntervalRow {
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
}

const DOT = '#0072B2';

function isDrawn(r: IntervalRow): r is Drawn {
  return r.estimate !== null && r.lo !== null && r.hi !== null;
}

/**
 * The rows as the chart draws them: in each group, the withheld rows of one reason become one
 * line ("Message A: 12 countries", its reason beside it) where the first of them stood.
 */
export function collapseWithheld(lang: UiLanguage, rows: readonly IntervalRow[]): IntervalRow[] {
  const counts = new Map<string, IntervalRow[]>();
  const keyOf = (r: IntervalRow) => (r.group === undefined || isDrawn(r) ? null : `${r.group}\u0000${r.status}`);
  for (const r of rows) {
    const k = keyOf(r);
    if (k !== null) counts.set(k, [...(counts.get(k) ?? []), r]);
  }
  const out: IntervalRow[] = [];
  const labels = new Set<string>();
  for (const r of rows) {
    const k = keyOf(r);
    const same = k === null ? [] : (counts.get(k) ?? []);
    if (same.length < 2) out.push(r);
    else if (same[0] === r) {
      const label = `${r.group ?? ''}: ${countOf(lang, 'countries', same.length)}`;
      const n = same.reduce((t, x) => t + (x.n ?? 0), 0);
      out.push({ ...r, label: labels.has(label) ? `${label} (${r.status})` : label, n });
    }
    labels.add(out[out.length - 1]?.label ?? '');
  }
  return out;
}

export function intervalChart(rows: readonly IntervalRow[], options: IntervalChartOptions): Chart {
  const { lang, mode } = options;
  const fmt = (v: number) => (mode === 'share' ? formatValue(lang, 'share', v) : formatChange(lang, 'share', v));
  const lines = collapseWithheld(lang, rows);
  const drawn = lines.filter(isDrawn);
  const hidden = lines.filter((r) => !isDrawn(r));
  const order = lines.map((r) => r.label);
  const rowAxis = rowLabelAxis(order, { width: options.width });
  const ends = drawn.flatMap((d) => [d.lo, d.hi]);
  const domain: [number, number] =
    mode === 'share'
      ? valueDomain('share', ends)
      : (() => {
          const m = Math.max(0.01, ...ends.map(Math.abs));
          const top = Math.ceil(m * 1.1 * 100) / 100;
          return [-top, top];
        })();
  const alt = [
    `${options.title}.`,
    ...drawn.map((d) => `${d.label}: ${fmt(d.estimate)} (${say(lang, 'ci95')} ${fmt(d.lo)} – ${fmt(d.hi)}).`),
    ...hidden.map((d) => `${d.label}: ${d.status}.`),
  ].join(' ');
  const key = legend([{ label: options.note, fill: DOT, symbol: 'line' }], {
    width: options.width,
    x: (options.width ?? WIDE) < 400 ? 8 : rowAxis.marginLeft,
  });
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: 70 + lines.length * 24,
    marginTop: key.height,
    marginLeft: rowAxis.marginLeft,
    marginRight: 24,
    x: {
      domain,
      grid: true,
      label: null,
      tickFormat: (v: number) =>
        mode === 'share' ? formatValue(lang, 'share', v).replace(/[.,]0(?=\D*$)/, '') : formatChange(lang, 'share', v),
      ticks: (options.width ?? WIDE) < 400 ? 3 : 5,
    },
    y: { domain: order, label: null, tickSize: 0, ...rowAxis.y },
    marks: [
      ...rowAxis.marks,
      ...(mode === 'change' ? [Plot.ruleX([0], { stroke: '#000', strokeDasharray: '4,3' })] : []),
      Plot.ruleY(drawn, { y: 'label', x1: 'lo', x2: 'hi', stroke: DOT, strokeWidth: 2, strokeOpacity: 0.7 }),
      Plot.dot(drawn, {
        x: 'estimate',
        y: 'label',
        fill: DOT,
        r: 4,
        title: (d: Drawn) => `${d.label}: ${fmt(d.estimate)} (${say(lang, 'ci95')} ${fmt(d.lo)} – ${fmt(d.hi)})`,
      }),
      notShownText(hidden, { x: domain[0], y: 'label', text: 'status' }),
      key.mark,
    ],
  });
  const type = mode === 'share' ? ('value' as const) : ('change' as const);
  const table = {
    columns: [
      { key: 'row', label: options.title, type: 'text' as const },
      { key: 'estimate', label: say(lang, 'estimate'), type },
      { key: 'ci_low', label: say(lang, 'ciLow'), type },
      { key: 'ci_high', label: say(lang, 'ciHigh'), type },
      { key: 'n', label: say(lang, 'n'), type: 'count' as const },
      statusColumn(lang),
    ],
    rows: rows.map((r) => [r.label, r.estimate, r.lo, r.hi, r.n, r.status]),
  };
  return { figure, alt, table, kind: 'share' };
}
