/**
 * The full series of an indicator as CSV (language-neutral: codes and raw numbers; suppressed
 * estimates left empty, as on the charts) and its metadata as JSON: the indicator's definition
 * and base, question wording, waves, sources, suppression rule, citation and column meanings; for
 * an indicator compared with an official figure, that figure's value, estimate year, source and
 * licence (./reference-downloads.ts).
 */
import { describeIndicator, indicatorQuestions } from '../src/instrument/index.ts';
import type { SeriesPoint } from '../src/indicators/types.ts';
import { tableCsv } from './chart-table.ts';
import type { Cell } from './chart-core.ts';
import { questionWording, studyLanguages } from './model.ts';
import type { IndicatorData } from './views.ts';
import { referenceCells, referenceMetadata, referenceOf, SERIES_REFERENCE_COLUMNS } from './reference-downloads.ts';

const COLUMNS: readonly { key: string; meaning: string; value: (p: SeriesPoint, shown: boolean) => Cell }[] = [
  { key: 'wave', meaning: 'wave id', value: (p) => p.wave },
  { key: 'year', meaning: 'year of the wave', value: (p) => p.year },
  { key: 'geography', meaning: 'world, region or country', value: (p) => p.geography.kind },
  {
    key: 'region',
    meaning: 'world region (regions and countries)',
    value: (p) => (p.geography.kind === 'world' ? '' : p.geography.region),
  },
  {
    key: 'iso3',
    meaning: 'ISO 3166-1 alpha-3 (countries)',
    value: (p) => (p.geography.kind === 'country' ? p.geography.iso3 : ''),
  },
  {
    key: 'country',
    meaning: 'country name (countries)',
    value: (p) => (p.geography.kind === 'country' ? p.geography.name : ''),
  },
  {
    key: 'subgroup_variable',
    meaning: 'subgroup variable; empty for all adults',
    value: (p) => p.subgroup?.variable ?? '',
  },
  { key: 'subgroup_level', meaning: 'subgroup level', value: (p) => p.subgroup?.level ?? '' },
  {
    key: 'estimate',
    meaning: 'point estimate (share in [0,1], or mean/index); empty when suppressed or no data',
    value: (p, s) => (s ? p.estimate : null),
  },
  { key: 'se', meaning: 'linearised standard error', value: (p, s) => (s ? p.se : null) },
  {
    key: 'ci_low',
    meaning: 'lower bound of the confidence interval at `level` (logit interval for shares)',
    value: (p, s) => (s ? p.ciLow : null),
  },
  { key: 'ci_high', meaning: 'upper bound of the confidence interval', value: (p, s) => (s ? p.ciHigh : null) },
  { key: 'level', meaning: 'confidence level', value: (p) => p.level },
  { key: 'moe', meaning: 'margin of error z·SE', value: (p, s) => (s ? p.moe : null) },
  { key: 'n', meaning: 'unweighted respondents in the base', value: (p) => p.n },
  { key: 'effective_n', meaning: 'Kish effective sample size', value: (p, s) => (s ? p.effectiveN : null) },
  { key: 'deff', meaning: 'design effect', value: (p, s) => (s ? p.deff : null) },
  {
    key: 'coverage',
    meaning: 'aggregates: share of the adult population covered by countries with data',
    value: (p) => p.coverage,
  },
  {
    key: 'missing_countries',
    meaning: 'aggregates: countries without data (ISO3, space-separated)',
    value: (p) => p.missingCountries.join(' '),
  },
  {
    key: 'suppressed',
    meaning:
      'why the estimate is not published: below_minimum_n (too few respondents), complementary (withheld to protect another cell) or no_data',
    value: (p) => p.suppressed ?? '',
  },
  { key: 'weighting_run', meaning: 'the weighting run the estimate comes from', value: (p) => p.weightingRunId },
];

/** The series' columns: `COLUMNS`, then for an indicator compared with an official figure its reference columns. */
function columnsOf(data: IndicatorData): readonly { readonly key: string; readonly meaning: string }[] {
  return referenceOf(data) ? [...COLUMNS, ...SERIES_REFERENCE_COLUMNS] : COLUMNS;
}

export function seriesCsv(data: IndicatorData): string {
  const series = referenceOf(data);
  const rows = [...data.points]
    .sort((a, b) => a.year - b.year)
    .map((p) => {
      const shown = p.estimate !== null && p.suppressed === null;
      const cells = COLUMNS.map((c) => c.value(p, shown));
      return series ? [...cells, ...referenceCells(data.study, series, p)] : cells;
    });
  return tableCsv({ columns: columnsOf(data).map((c) => ({ key: c.key, label: c.key, type: 'text' })), rows });
}

export function seriesMetadata(
  data: IndicatorData,
  options: { minimumN: number; citation: string; bibtex: string; seriesUrl: string },
): unknown {
  const { study, indicator } = data;
  const languages = studyLanguages(study);
  const def = describeIndicator(indicator);
  const reference = referenceOf(data);
  return {
    study: { id: study.id, title: study.title, description: study.description ?? null },
    indicator: {
      id: indicator.id,
      kind: indicator.kind,
      label: indicator.label,
      description: indicator.description ?? null,
      definition: def.definition,
      base: def.base,
      questions: indicatorQuestions(indicator).map((code) => ({
        code,
        wording: Object.fromEntries(languages.map((l) => [l, questionWording(study, code, l) ?? null])),
      })),
    },
    waves: study.waves
      .filter((w) => data.waves.some((x) => x.id === w.id))
      .map((w) => ({
        id: w.id,
        year: w.year,
        fieldPeriod: w.fieldPeriod,
        mode: w.mode,
        instrument: w.instrument,
        countries: w.countries.map((c) => c.iso3),
      })),
    sources: [
      ...new Map(
        study.waves
          .flatMap((w) => w.countries.flatMap((c) => [c.adultPopulation.source, ...c.margins.map((m) => m.source)]))
          .concat(reference ? [reference.source] : [])
          .map((s) => [s.title, s]),
      ).values(),
    ],
    // The official figure the indicator is compared with: its source, licence and the years matched to each wave.
    ...(reference ? { reference: referenceMetadata(study, reference, data.waves) } : {}),
    suppression: {
      rule: `estimates with fewer than ${options.minimumN} unweighted respondents are not published (below_minimum_n), and further cells are withheld (complementary) so that none of them can be derived from the published ones (docs/disclosure.md)`,
      minimumN: options.minimumN,
    },
    seriesBreaks: data.changes
      .filter((c) => c.seriesBreak !== null)
      .map((c) => ({ from: c.fromWave, to: c.toWave, geography: c.geography, ...c.seriesBreak })),
    tests: [...new Set(data.changes.map((c) => c.test))],
    dataVersion: data.version,
    citation: options.citation,
    bibtex: options.bibtex,
    data: { url: options.seriesUrl, columns: columnsOf(data).map((c) => ({ name: c.key, meaning: c.meaning })) },
  };
}
