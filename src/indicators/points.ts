/**
 * From cells to the published shapes (`SeriesPoint`, `DistributionPoint`): intervals (logit for
 * shares, Wald otherwise, normal quantile), margin of error z·SE, suppression below the study's
 * minimum n, and the geographies of a study (its countries with the adult population of the latest
 * wave that lists them, its regions, the world).
 */
import type { Study } from '../instrument/index.ts';
import { criticalValue, waldInterval, xlogitInterval } from '../stats/index.ts';
import { ratioEstimate, type Cell } from './cells.ts';
import type { DistributionCell } from './estimates.ts';
import type { DistributionPoint, Geography, SeriesPoint, Subgroup, SuppressionReason } from './types.ts';

export interface StudyCountry {
  readonly iso3: string;
  readonly name: string;
  readonly region: string;
  readonly adultPopulation: number;
}

/** Every country any wave of the study covers, with the adult population of the latest wave listing it. */
export function studyCountries(study: Study): Map<string, StudyCountry> {
  const out = new Map<string, StudyCountry>();
  for (const wave of [...study.waves].sort((a, b) => a.year - b.year)) {
    for (const c of wave.countries)
      out.set(c.iso3, { iso3: c.iso3, name: c.name, region: c.region, adultPopulation: c.adultPopulation.value });
  }
  return out;
}

export interface PointContext {
  readonly study: string;
  readonly indicator: string;
  readonly kind: 'share' | 'mean' | 'index';
  readonly wave: string;
  readonly year: number;
  readonly weightingRunId: string;
  readonly level: number;
  readonly minimumN: number;
}

export function seriesPoint(
  ctx: PointContext,
  geography: Geography,
  subgroup: Subgroup,
  cell: Cell,
  coverage: { readonly coverage: number; readonly missingCountries: readonly string[] },
): SeriesPoint {
  const est = ratioEstimate(cell);
  const base = {
    study: ctx.study,
    indicator: ctx.indicator,
    wave: ctx.wave,
    year: ctx.year,
    geography,
    subgroup,
    level: ctx.level,
    n: cell.n,
    coverage: coverage.coverage,
    missingCountries: coverage.missingCountries,
    weightingRunId: ctx.weightingRunId,
  };
  if (!est) {
    return {
      ...base,
      estimate: null,
      se: null,
      ciLow: null,
      ciHigh: null,
      moe: null,
      effectiveN: null,
      deff: null,
      suppressed: 'no_data',
    };
  }
  const [ciLow, ciHigh] = interval(ctx.kind, est.estimate, est.se, ctx.level);
  return {
    ...base,
    estimate: est.estimate,
    se: est.se,
    ciLow,
    ciHigh,
    moe: criticalValue(ctx.level, Infinity) * est.se,
    effectiveN: est.effectiveN,
    deff: est.deff,
    suppressed: suppression(cell.n, ctx.minimumN),
  };
}

/** Logit interval for a share (R `svyciprop(method = "logit", df = Inf)`), Wald otherwise; a share of 0 or 1 has no logit interval and gets [p, p]. */
function interval(kind: PointContext['kind'], estimate: number, se: number, level: number): [number, number] {
  if (kind !== 'share') return waldInterval(estimate, se, level, Infinity);
  if (estimate <= 0 || estimate >= 1 || se === 0) return [estimate, estimate];
  return xlogitInterval({ p: estimate, se, level, df: Infinity });
}

export function suppression(n: number, minimumN: number): SuppressionReason | null {
  if (n === 0) return 'no_data';
  return n < minimumN ? 'below_minimum_n' : null;
}

export function distributionPoint(
  ctx: { readonly study: string; readonly wave: string; readonly minimumN: number },
  question: string,
  geography: Geography,
  cell: DistributionCell,
): DistributionPoint {
  const shares: Record<string, number> = {};
  if (cell.total > 0)
    for (const [k, v] of [...cell.counts].sort(([a], [b]) => (a < b ? -1 : 1))) shares[k] = v / cell.total;
  return {
    study: ctx.study,
    question,
    wave: ctx.wave,
    geography,
    shares,
    n: cell.n,
    suppressed: suppression(cell.n, ctx.minimumN),
  };
}

/** A point as the public sees it: a suppressed value is withheld (the reason stays). */
export function publicPoint(point: SeriesPoint): SeriesPoint {
  if (point.suppressed === null) return point;
  return { ...point, estimate: null, se: null, ciLow: null, ciHigh: null, moe: null, effectiveN: null, deff: null };
}

export function publicDistribution(point: DistributionPoint): DistributionPoint {
  return point.suppressed === null ? point : { ...point, shares: {} };
}
