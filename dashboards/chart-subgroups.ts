/**
 * Subgroups: an indicator by age group, sex, education, campaign awareness (any subgroup
 * variable the series has), one panel per variable, each level a dot with its 95% interval;
 * the all-adults estimate as a reference line. Suppressed levels are named, not drawn.
 */
import * as Plot from '@observablehq/plot';
import type { SeriesPoint } from '../src/indicators/types.ts';
import { say } from './i18n.ts';
import { formatValue, tickFormat, type ValueKind } from './format.ts';
import { baseOptions, rowLabelAxis, legend, valueDomain, type Chart, type ChartOptions, WIDE } from './chart-core.ts';
import { estimateColumns, notShownText, statusColumn, statusOf } from './chart-columns.ts';

export interface SubgroupOptions extends ChartOptions {
  readonly kind: ValueKind;
  readonly label: string;
  readonly range?: { min: number; max: number };
  /** How a subgroup variable and level read in the page's language (defaults to the codes). */
  readonly levelLabel?: (variable: string, level: string) => string;
  readonly variableLabel?: (variable: string) => string;
}

interface Row {
  readonly variable: string;
  readonly level: string;
  readonly p: SeriesPoint;
  readonly y: number;
  readonly lo: number;
  readonly hi: number;
}

const DOT = '#0072B2';

/** `points`: one geography and wave, every subgroup (null = all adults, drawn as the reference). */
export function subgroupChart(points: readonly SeriesPoint[], options: SubgroupOptions): Chart {
  const { lang, kind } = options;
  const fmt = (v: number) => formatValue(lang, kind, v);
  const varLabel = options.variableLabel ?? ((v: string) => v);
  const lvlLabel = options.levelLabel ?? ((_v: string, l: string) => l);
  const all = points.find((p) => p.subgroup === null && p.estimate !== null && p.suppressed === null)?.estimate ?? null;
  const drawn: Row[] = [];
  const hidden: { variable: string; level: string; p: SeriesPoint }[] = [];
  for (const p of points) {
    if (p.subgroup === null) continue;
    const variable = varLabel(p.subgroup.variable);
    const level = lvlLabel(p.subgroup.variable, p.subgroup.level);
    if (p.estimate === null || p.suppressed !== null) hidden.push({ variable, level, p });
    else drawn.push({ variable, level, p, y: p.estimate, lo: p.ciLow ?? p.estimate, hi: p.ciHigh ?? p.estimate });
  }
  const variables = [...new Set([...drawn, ...hidden].map((r) => r.variable))];
  const rowOf = (r: { variable: string; level: string }) => `${r.variable}: ${r.level}`;
  const order = variables.flatMap((v) => [...drawn, ...hidden].filter((r) => r.variable === v).map(rowOf));
  // A long row label (a question's wording) is shortened on the axis keeping its level.
  const rowAxis = rowLabelAxis(order, { separator: ': ', width: options.width });
  const [x0, x1] = valueDomain(
    kind,
    [...drawn.flatMap((d) => [d.lo, d.hi]), ...(all !== null ? [all] : [])],
    options.range,
  );
  const alt = [
    `${options.label}, ${say(lang, 'subgroups').toLowerCase()}.`,
    all !== null ? `${say(lang, 'allAdults')}: ${fmt(all)}.` : '',
    ...drawn.map((d) => `${d.variable}, ${d.level}: ${fmt(d.y)} (${say(lang, 'ci95')} ${fmt(d.lo)}–${fmt(d.hi)}).`),
    ...hidden.map((d) => `${d.variable}, ${d.level}: ${statusOf(lang, d.p)}.`),
  ]
    .filter(Boolean)
    .join(' ');
  const rowsCount = drawn.length + hidden.length;
  const key = legend(
    [
      { label: say(lang, 'intervalNote'), fill: DOT, symbol: 'line' },
      ...(all !== null ? [{ label: say(lang, 'allAdults'), fill: '#000', symbol: 'dash' as const }] : []),
    ],
    { width: options.width, x: (options.width ?? WIDE) < 400 ? 8 : rowAxis.marginLeft },
  );
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: 70 + rowsCount * 22,
    marginTop: key.height,
    marginLeft: rowAxis.marginLeft,
    marginRight: 24,
    x: { domain: [x0, x1], grid: true, tickFormat: tickFormat(lang, kind), label: null },
    y: { domain: order, label: null, tickSize: 0, ...rowAxis.y },
    marks: [
      ...rowAxis.marks,
      ...(all !== null ? [Plot.ruleX([all], { stroke: '#000', strokeDasharray: '4,3' })] : []),
      Plot.ruleY(drawn, { y: rowOf, x1: 'lo', x2: 'hi', stroke: DOT, strokeWidth: 2, strokeOpacity: 0.6 }),
      Plot.dot(drawn, {
        x: 'y',
        y: rowOf,
        fill: DOT,
        r: 4,
        title: (d: Row) => `${d.variable}, ${d.level}: ${fmt(d.y)} (n=${d.p.n})`,
      }),
      notShownText(hidden, { x: x0, y: rowOf, text: (d: { p: SeriesPoint }) => statusOf(lang, d.p) }),
      key.mark,
    ],
  });
  const table = {
    columns: [
      { key: 'variable', label: say(lang, 'subgroup'), type: 'text' as const },
      { key: 'level', label: say(lang, 'level'), type: 'text' as const },
      ...estimateColumns(lang),
      statusColumn(lang),
    ],
    rows: [
      ...drawn.map((d) => [d.variable, d.level, d.y, d.lo, d.hi, d.p.n, statusOf(lang, d.p)]),
      ...hidden.map((d) => [d.variable, d.level, null, null, null, d.p.n, statusOf(lang, d.p)]),
    ],
  };
  return { figure, alt, table, kind };
}
