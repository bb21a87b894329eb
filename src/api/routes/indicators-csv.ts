/** The indicator read API's CSV bodies: one row per point, change or distribution, RFC 4180 quoting. */
import { csvTable } from '../../formats/csv.ts';
import type { DistributionPoint, Geography, SeriesChange, SeriesPoint } from '../../indicators/index.ts';

function geo(g: Geography): [string, string, string, string] {
  if (g.kind === 'country') return ['country', g.iso3, g.name, g.region];
  if (g.kind === 'region') return ['region', '', g.region, g.region];
  return ['world', '', 'World', ''];
}

const GEO = ['geography', 'iso3', 'name', 'region'];

export function seriesCsv(points: readonly SeriesPoint[]): string {
  return csvTable(
    [
      'study',
      'indicator',
      'wave',
      'year',
      ...GEO,
      'subgroup_variable',
      'subgroup_level',
      'estimate',
      'se',
      'ci_low',
      'ci_high',
      'level',
      'moe',
      'n',
      'effective_n',
      'deff',
      'coverage',
      'missing_countries',
      'suppressed',
      'failed_invariants',
      'weighting_run_id',
    ],
    points.map((p) => [
      p.study,
      p.indicator,
      p.wave,
      p.year,
      ...geo(p.geography),
      p.subgroup?.variable,
      p.subgroup?.level,
      p.estimate,
      p.se,
      p.ciLow,
      p.ciHigh,
      p.level,
      p.moe,
      p.n,
      p.effectiveN,
      p.deff,
      p.coverage,
      p.missingCountries.join(' '),
      p.suppressed,
      p.invariants?.map((f) => f.invariant).join(' '),
      p.weightingRunId,
    ]),
  );
}

export function changesCsv(changes: readonly SeriesChange[]): string {
  return csvTable(
    [
      'study',
      'indicator',
      'from_wave',
      'to_wave',
      ...GEO,
      'subgroup_variable',
      'subgroup_level',
      'change',
      'se',
      'ci_low',
      'ci_high',
      'level',
      'p_value',
      'significant',
      'p_adjusted_bh',
      'significant_adjusted_bh',
      'test',
      'series_break',
      'suppressed',
    ],
    changes.map((c) => [
      c.study,
      c.indicator,
      c.fromWave,
      c.toWave,
      ...geo(c.geography),
      c.subgroup?.variable,
      c.subgroup?.level,
      c.change,
      c.se,
      c.ciLow,
      c.ciHigh,
      c.level,
      c.pValue,
      c.significant,
      c.pAdjusted,
      c.significantAdjusted,
      c.test,
      c.seriesBreak?.what,
      c.suppressed,
    ]),
  );
}

export function distributionsCsv(points: readonly DistributionPoint[]): string {
  const codes = [...new Set(points.flatMap((p) => Object.keys(p.shares)))].sort();
  return csvTable(
    ['study', 'question', 'wave', ...GEO, 'n', 'suppressed', ...codes.map((c) => `share_${c}`)],
    points.map((p) => [
      p.study,
      p.question,
      p.wave,
      ...geo(p.geography),
      p.n,
      p.suppressed,
      ...codes.map((c) => p.shares[c] ?? (p.suppressed ? null : 0)),
    ]),
  );
}
