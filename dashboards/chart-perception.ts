/**
 * Perception against reality as a dumbbell: per place, the official figure (an orange diamond) and
 * adults' mean estimate (a blue dot with its 95% interval), joined by a grey bar whose length is
 * the misperception gap. Sorted by the gap, largest first. The table holds the same numbers.
 */
import * as Plot from '@observablehq/plot';
import { say } from './i18n.ts';
import { formatValue } from './format.ts';
import { baseOptions, legend, rowLabelAxis, valueDomain, WIDE, type Chart, type ChartOptions } from './chart-core.ts';
import { sayReality } from './i18n-reality.ts';

/** One place: the mean estimate with its interval, the official figure, and n. */
export interface PerceptionRow {
  readonly name: string;
  readonly iso3: string | null;
  readonly perceived: number;
  readonly lo: number;
  readonly hi: number;
  readonly actual: number;
  readonly n: number;
}

const PERCEIVED = '#0072B2';
const ACTUAL = '#D55E00';

export function perceptionChart(
  rows: readonly PerceptionRow[],
  options: ChartOptions & { readonly title: string },
): Chart {
  const { lang } = options;
  const drawn = [...rows].sort(
    (a, b) => b.perceived - b.actual - (a.perceived - a.actual) || a.name.localeCompare(b.name),
  );
  const fmt = (v: number) => formatValue(lang, 'number', v);
  const alt = [
    `${options.title}.`,
    ...drawn.map(
      (r) =>
        `${r.name}: ${sayReality(lang, 'perceivedShort')} ${fmt(r.perceived)} (${say(lang, 'ci95')} ${fmt(r.lo)}–${fmt(r.hi)}), ${sayReality(lang, 'actualShort')} ${fmt(r.actual)}.`,
    ),
  ].join(' ');
  const order = drawn.map((r) => r.name);
  const [x0, x1] = valueDomain('number', [0, ...drawn.flatMap((r) => [r.lo, r.hi, r.actual])], { min: 0, max: 100 });
  const rowAxis = rowLabelAxis(order, { width: options.width });
  const key = legend(
    [
      { label: sayReality(lang, 'perceivedShort'), fill: PERCEIVED, stroke: PERCEIVED },
      { label: say(lang, 'intervalNote'), fill: PERCEIVED, symbol: 'line' },
      { label: sayReality(lang, 'actualShort'), fill: ACTUAL, stroke: ACTUAL },
    ],
    { width: options.width, x: (options.width ?? WIDE) < 400 ? 8 : rowAxis.marginLeft },
  );
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: 80 + order.length * 22,
    marginTop: key.height + 12,
    marginLeft: rowAxis.marginLeft,
    marginRight: 24,
    x: { domain: [x0, x1], grid: true, label: null },
    y: { domain: order, label: null, tickSize: 0, ...rowAxis.y },
    marks: [
      ...rowAxis.marks,
      Plot.ruleY(drawn, { y: 'name', x1: 'actual', x2: 'perceived', stroke: '#bdbdbd', strokeWidth: 6 }),
      Plot.ruleY(drawn, { y: 'name', x1: 'lo', x2: 'hi', stroke: PERCEIVED, strokeWidth: 2 }),
      Plot.dot(drawn, {
        x: 'actual',
        y: 'name',
        symbol: 'diamond',
        fill: ACTUAL,
        r: 5,
        title: (r: PerceptionRow) => `${r.name}: ${sayReality(lang, 'actualShort')} ${fmt(r.actual)}`,
      }),
      Plot.dot(drawn, {
        x: 'perceived',
        y: 'name',
        fill: PERCEIVED,
        r: 5,
        title: (r: PerceptionRow) =>
          `${r.name}: ${sayReality(lang, 'perceivedShort')} ${fmt(r.perceived)} (${say(lang, 'ci95')} ${fmt(r.lo)}–${fmt(r.hi)}, n=${r.n})`,
      }),
      key.mark,
    ],
  });
  return {
    figure,
    alt,
    kind: 'number',
    table: {
      columns: [
        { key: 'place', label: say(lang, 'country'), type: 'text' },
        { key: 'perceived', label: sayReality(lang, 'perceivedShort'), type: 'value' },
        { key: 'ciLow', label: `${say(lang, 'ci95')} −`, type: 'value' },
        { key: 'ciHigh', label: `${say(lang, 'ci95')} +`, type: 'value' },
        { key: 'actual', label: sayReality(lang, 'actualShort'), type: 'value' },
        { key: 'gap', label: sayReality(lang, 'gapShort'), type: 'change' },
        { key: 'n', label: 'n', type: 'count' },
      ],
      rows: drawn.map((r) => [r.name, r.perceived, r.lo, r.hi, r.actual, r.perceived - r.actual, r.n]),
      rowCountries: drawn.map((r) => r.iso3),
    },
  };
}
