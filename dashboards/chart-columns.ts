/** Table columns, cells and the "not shown" row label that the charts share. */
import { withheldWord } from './i18n-quality.ts';
import * as Plot from '@observablehq/plot';
import type { SeriesPoint } from '../src/indicators/types.ts';
import { say, type UiLanguage } from './i18n.ts';
import { sayDisclosure } from './i18n-disclosure.ts';
import type { TableColumn } from './chart-core.ts';

/** Estimate, its 95% interval and the respondents behind it. */
export function estimateColumns(lang: UiLanguage): TableColumn[] {
  return [
    { key: 'estimate', label: say(lang, 'estimate'), type: 'value' },
    { key: 'ci_low', label: say(lang, 'ciLow'), type: 'value' },
    { key: 'ci_high', label: say(lang, 'ciHigh'), type: 'value' },
    { key: 'n', label: say(lang, 'n'), type: 'count' },
  ];
}

export function statusColumn(lang: UiLanguage): TableColumn {
  return { key: 'status', label: say(lang, 'status'), type: 'text' };
}

/** The status cell of a table row: suppressed, no data, after a series break, or empty. */
export function statusOf(
  lang: UiLanguage,
  p: Pick<SeriesPoint, 'suppressed' | 'estimate' | 'lowReliability'>,
  extra: 'break' | null = null,
): string {
  if (p.suppressed !== null || p.estimate === null) return withheldWord(lang, p.suppressed);
  if (p.lowReliability) return sayDisclosure(lang, 'lowReliability');
  return extra === 'break' ? say(lang, 'seriesBreak') : '';
}

/**
 * The words standing in for a row that has no interval to draw ("suppressed", "no data"), in grey
 * italics just inside the start of the value axis, on that row.
 */
export function notShownText<T>(
  rows: readonly T[],
  at: { readonly x: number; readonly y: Plot.ChannelValue; readonly text: Plot.ChannelValue },
): Plot.Text {
  return Plot.text(rows, {
    x: at.x,
    y: at.y,
    text: at.text,
    textAnchor: 'start',
    dx: 4,
    fill: '#444',
    fontStyle: 'italic',
    className: 'not-shown',
  });
}

/** The address of the page of a point's country, when the chart links countries (null otherwise). */
export function countryLink(p: SeriesPoint | undefined, href: ((iso3: string) => string) | undefined): string | null {
  return href && p?.geography.kind === 'country' ? href(p.geography.iso3) : null;
}
