/**
 * The campaign page's event-study chart (more than two waves before the campaign): for every wave
 * around it, the difference-in-differences against the last wave before it (that wave at 0, drawn
 * hollow), with its 95% interval as a vertical line, waves after the campaign in a second colour
 * (named in the legend); a dashed line at zero. Waves read left to right in
 * time in every language. Values are fractions (0.053 = 5.3 points), as the other charts take them.
 */
import * as Plot from '@observablehq/plot';
import { say } from './i18n.ts';
import { formatChange } from './format.ts';
import { baseOptions, legend, svgLabel, WIDE, type Chart, type ChartOptions } from './chart-core.ts';

export interface EventRow {
  readonly wave: string;
  readonly post: boolean;
  /** null with no interval for the reference wave (0 by construction). */
  readonly estimate: number;
  readonly lo: number | null;
  readonly hi: number | null;
}

export interface EventChartOptions extends ChartOptions {
  readonly title: string;
  /** The legend's note (zero line, intervals, the reference wave). */
  readonly note: string;
  /** The reference wave's words in the table's status column. */
  readonly referenceWord: string;
  readonly beforeWord: string;
  readonly afterWord: string;
}

const DOT = '#0072B2';
const AFTER = '#D55E00';

export function eventStudyChart(rows: readonly EventRow[], options: EventChartOptions): Chart {
  const { lang } = options;
  const width = options.width ?? WIDE;
  const fmt = (v: number) => formatChange(lang, 'share', v);
  const drawn = rows.filter((r) => r.lo !== null && r.hi !== null);
  const ends = drawn.flatMap((r) => [r.lo ?? 0, r.hi ?? 0]);
  const m = Math.max(0.01, ...ends.map(Math.abs));
  const top = Math.ceil(m * 1.1 * 100) / 100;
  const waves = rows.map((r) => r.wave);
  const colour = (r: EventRow) => (r.post ? AFTER : DOT);
  const alt = [
    `${options.title}.`,
    ...rows.map((r) =>
      r.lo === null || r.hi === null
        ? `${r.wave}: 0 (${options.referenceWord}).`
        : `${r.wave}: ${fmt(r.estimate)} (${say(lang, 'ci95')} ${fmt(r.lo)} – ${fmt(r.hi)}).`,
    ),
  ].join(' ');
  const key = legend(
    [
      { label: options.note, fill: DOT, symbol: 'line' },
      { label: options.afterWord, fill: AFTER, symbol: 'line' },
    ],
    { width },
  );
  const figure = Plot.plot({
    ...baseOptions(options, alt),
    height: key.height + 220,
    marginTop: key.height,
    // Room for the longest tick label (about 7 px a character at 11 px).
    marginLeft: 16 + 7 * Math.max(...[-top, top].map((v) => fmt(v).length)),
    marginRight: 16,
    // The narrow drawing slants the wave labels so that they do not run into each other.
    marginBottom: width < 400 ? 56 : 30,
    x: {
      domain: waves,
      label: null,
      tickFormat: (w: string) => svgLabel(w),
      padding: 0.4,
      ...(width < 400 ? { tickRotate: -35 } : {}),
    },
    y: { domain: [-top, top], grid: true, label: null, tickFormat: (v: number) => fmt(v), ticks: width < 400 ? 4 : 6 },
    marks: [
      Plot.ruleY([0], { stroke: '#000', strokeDasharray: '4,3' }),
      Plot.ruleX(drawn, { x: 'wave', y1: 'lo', y2: 'hi', stroke: colour, strokeWidth: 2, strokeOpacity: 0.7 }),
      Plot.dot(rows, {
        x: 'wave',
        y: 'estimate',
        r: 4,
        stroke: colour,
        fill: (r: EventRow) => (r.lo === null ? '#ffffff' : colour(r)),
        title: (r: EventRow) =>
          r.lo === null || r.hi === null
            ? `${r.wave}: 0 (${options.referenceWord})`
            : `${r.wave}: ${fmt(r.estimate)} (${say(lang, 'ci95')} ${fmt(r.lo)} – ${fmt(r.hi)})`,
      }),
      key.mark,
    ],
  });
  const table = {
    columns: [
      { key: 'wave', label: options.title, type: 'text' as const },
      { key: 'estimate', label: say(lang, 'estimate'), type: 'change' as const },
      { key: 'ci_low', label: say(lang, 'ciLow'), type: 'change' as const },
      { key: 'ci_high', label: say(lang, 'ciHigh'), type: 'change' as const },
      { key: 'status', label: say(lang, 'status'), type: 'text' as const },
    ],
    rows: rows.map((r) => [
      r.wave,
      r.estimate,
      r.lo,
      r.hi,
      r.lo === null ? options.referenceWord : r.post ? options.afterWord : options.beforeWord,
    ]),
  };
  return { figure, alt, table, kind: 'share' };
}
