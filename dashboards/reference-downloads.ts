/**
 * The official figure an indicator is compared with (a `gap` or `overestimate` indicator's
 * reference series, and the perceived share's beside it: the foreign-born share, UN DESA
 * International Migrant Stock 2024 via Our World in Data) in the indicator's downloads, as on its charts: its source, the year of the estimate each
 * wave is matched with, and its licence — columns of the CSVs (language-neutral), a block of the
 * metadata JSON, and the source line of the SVG and PNG (in the page's language).
 */
import {
  indicatorQuestions,
  indicatorReference,
  referenceFor,
  REFERENCE_YEAR_RULE,
  type ReferenceSeries,
  type Study,
} from '../src/instrument/index.ts';
import type { SeriesPoint } from '../src/indicators/types.ts';
import type { Cell, ChartTable, TableColumn } from './chart-core.ts';
import type { UiLanguage } from './i18n.ts';
import { referenceSourceLine } from './i18n-reality.ts';
import type { IndicatorData } from './views.ts';

/**
 * The reference series the indicator of `data` is compared with, if any: the one it reads (a gap or
 * an overestimate), or for the mean of a question that such an indicator compares (the perceived
 * share, shown beside the official figure on the perception page) that indicator's series.
 */
export function referenceOf(data: Pick<IndicatorData, 'study' | 'indicator'>): ReferenceSeries | undefined {
  const { study, indicator } = data;
  const question = indicator.kind === 'mean' ? indicator.question : undefined;
  const id =
    indicatorReference(indicator) ??
    study.indicators
      .map((i) => (indicatorQuestions(i).includes(question ?? '') ? indicatorReference(i) : undefined))
      .find((r) => r !== undefined);
  return id === undefined ? undefined : study.references.find((r) => r.id === id);
}

/** The years of the estimates the countries of `waves` are matched with (latest at or before each wave's year). */
export function matchedYears(
  study: Study,
  series: ReferenceSeries,
  waves: readonly { readonly id: string }[],
): number[] {
  const years = new Set<number>();
  for (const shown of waves) {
    const wave = study.waves.find((w) => w.id === shown.id);
    if (!wave) continue;
    for (const c of wave.countries) {
      const matched = referenceFor(series, c.iso3, wave.year);
      if (matched) years.add(matched.year);
    }
  }
  return [...years].sort((a, b) => a - b);
}

/** "publisher: title" of the series' source, as the CSV columns name it. */
const sourceText = (series: ReferenceSeries) => `${series.source.publisher}: ${series.source.title}`;

const COLUMNS: readonly TableColumn[] = [
  { key: 'reference_source', label: 'reference_source', type: 'text' },
  { key: 'reference_year', label: 'reference_year', type: 'text' },
  { key: 'reference_licence', label: 'reference_licence', type: 'text' },
];

/** A view's table with the official figure's source, estimate year(s) and licence on every row. */
export function withReferenceColumns(table: ChartTable, series: ReferenceSeries, years: readonly number[]): ChartTable {
  const extra: Cell[] = [sourceText(series), years.join(' '), series.source.licence];
  return { ...table, columns: [...table.columns, ...COLUMNS], rows: table.rows.map((r) => [...r, ...extra]) };
}

/**
 * The series CSV's reference cells of one point: for a country the official figure and the year of
 * its estimate; for a region or the world the years of its countries' estimates (their figures are
 * combined on the estimate's own population weights, so no single value is given); the source and
 * the licence on every row.
 */
export function referenceCells(study: Study, series: ReferenceSeries, p: SeriesPoint): Cell[] {
  const country = p.geography.kind === 'country' ? referenceFor(series, p.geography.iso3, p.year) : undefined;
  const years = country ? [country.year] : matchedYears(study, series, [{ id: p.wave }]);
  return [country?.value ?? null, years.join(' '), sourceText(series), series.source.licence];
}

export const SERIES_REFERENCE_COLUMNS: readonly { readonly key: string; readonly meaning: string }[] = [
  {
    key: 'reference_value',
    meaning:
      'countries: the official figure the estimate is compared with (reference series, in its unit); empty for regions and the world',
  },
  { key: 'reference_year', meaning: 'year of the official estimate(s) the wave is matched with' },
  { key: 'reference_source', meaning: 'source of the official figure (publisher: title)' },
  { key: 'reference_licence', meaning: 'licence of the official figure' },
];

/** The metadata JSON's block on the official figure: the series, its source, how years are matched, and each wave's years. */
export function referenceMetadata(study: Study, series: ReferenceSeries, waves: readonly { readonly id: string }[]) {
  return {
    id: series.id,
    label: series.label,
    unit: series.unit,
    source: series.source,
    yearRule: REFERENCE_YEAR_RULE,
    matched: waves.flatMap((shown) => {
      const wave = study.waves.find((w) => w.id === shown.id);
      return wave ? [{ wave: wave.id, year: wave.year, estimateYears: matchedYears(study, series, [wave]) }] : [];
    }),
  };
}

/** The SVG and PNG source lines of the official figure, one per matched estimate year, in `lang`. */
export function referenceSourceLines(
  lang: UiLanguage,
  study: Study,
  series: ReferenceSeries,
  waves: readonly { readonly id: string }[],
): string[] {
  return matchedYears(study, series, waves).map((y) => referenceSourceLine(lang, series, y));
}
