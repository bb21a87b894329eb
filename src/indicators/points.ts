/**
 * From cells to the published shapes (`SeriesPoint`, `DistributionPoint`): intervals (logit for
 * shares, Korn–Graubard for a share of 0 or 1 or with SE 0, Wald cut to the scale otherwise;
 * normal quantile), margin of error z·SE, suppression below the study's minimum n, the
 * publication invariants (`invariants.ts`: a point failing one is stored with the reason and
 * the failure, its failed numbers withheld), and the geographies of a study (its countries with
 * the adult population of the latest wave that lists them, its regions, the world).
 */
import type { Study } from '../instrument/index.ts';
import { criticalValue, kornGraubardInterval, waldInterval, xlogitInterval } from '../stats/index.ts';
import { ratioEstimate, type Cell } from './cells.ts';
import type { DistributionCell } from './estimates.ts';
import { distributionFailures, estimateFailures, uncertaintyFailures, type Scale } from './invariants.ts';
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
  /** The range the indicator's values can take (`indicatorScale`). */
  readonly scale: Scale;
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
  const [ciLow, ciHigh, method] = interval(ctx, est.estimate, est.se, cell.n);
  return checkedPoint(
    {
      ...base,
      estimate: est.estimate,
      se: est.se,
      ciLow,
      ciHigh,
      moe: method === 'korn-graubard' ? null : criticalValue(ctx.level, Infinity) * est.se,
      effectiveN: est.effectiveN,
      deff: est.deff,
      suppressed: suppression(cell.n, ctx.minimumN),
      interval: method,
    },
    ctx.scale,
  );
}

type IntervalMethod = NonNullable<SeriesPoint['interval']>;

/**
 * The interval of an estimate: for a share, the logit interval (R `svyciprop(method = "logit",
 * df = Inf)`), or Korn–Graubard (`kornGraubardInterval`, effective n set to n) when the share is
 * 0 or 1 or its SE is 0 (up to rounding: p(1 − p)/SE² > 10⁶·n), where the logit interval
 * collapses to a point; for a mean or index, Wald cut to the scale (the
 * true value cannot lie outside it). Non-finite input gives a non-finite interval, which the
 * invariants refuse.
 */
function interval(ctx: PointContext, estimate: number, se: number, n: number): [number, number, IntervalMethod] {
  if (ctx.kind !== 'share') {
    const [lo, hi] = waldInterval(estimate, se, ctx.level, Infinity);
    return [Math.max(ctx.scale.min, lo), Math.min(ctx.scale.max, hi), 'wald'];
  }
  if (!Number.isFinite(estimate) || !Number.isFinite(se)) return [Number.NaN, Number.NaN, 'logit'];
  // A share of 0 or 1, or an SE of 0 up to rounding (exact calibration leaves an SE of ~1e-17:
  // an effective n p(1 − p)/SE² over a million times n is no sampling variance), where the
  // logit interval would read "± 0".
  if (estimate <= 0 || estimate >= 1 || !((estimate * (1 - estimate)) / (se * se) <= 1e6 * n)) {
    if (estimate < 0 || estimate > 1 || se < 0) return [Number.NaN, Number.NaN, 'korn-graubard'];
    return [...kornGraubardInterval(estimate, se, n, ctx.level), 'korn-graubard'];
  }
  return [...xlogitInterval({ p: estimate, se, level: ctx.level, df: Infinity }), 'logit'];
}

const WITHHELD_UNCERTAINTY = { se: null, ciLow: null, ciHigh: null, moe: null, effectiveN: null, deff: null };

/**
 * A point after its invariants: unchanged when it passes them; an estimate that fails is
 * withheld with everything else (`estimate_out_of_scale`); an uncertainty that fails keeps the
 * estimate and withholds SE, interval, margin of error, design effect and effective n
 * (`variance_not_estimable`). The failures are kept in `invariants`; a reason already given
 * (no data, below the minimum n) stays the point's reason. Idempotent.
 */
export function checkedPoint(point: SeriesPoint, scale: Scale): SeriesPoint {
  if (point.estimate === null) return point;
  const onEstimate = estimateFailures(point.estimate, scale);
  if (onEstimate.length > 0)
    return {
      ...point,
      ...WITHHELD_UNCERTAINTY,
      estimate: null,
      invariants: onEstimate,
      suppressed: point.suppressed ?? 'estimate_out_of_scale',
    };
  if (point.se === null || point.ciLow === null || point.ciHigh === null) return point;
  const onUncertainty = uncertaintyFailures(
    { ...point, estimate: point.estimate, se: point.se, ciLow: point.ciLow, ciHigh: point.ciHigh },
    scale,
  );
  if (onUncertainty.length === 0) return point;
  return {
    ...point,
    ...WITHHELD_UNCERTAINTY,
    invariants: onUncertainty,
    suppressed: point.suppressed ?? 'variance_not_estimable',
  };
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
  const failures = distributionFailures(shares);
  const point = {
    study: ctx.study,
    question,
    wave: ctx.wave,
    geography,
    shares,
    n: cell.n,
    suppressed: suppression(cell.n, ctx.minimumN),
  };
  if (failures.length === 0) return point;
  return { ...point, shares: {}, suppressed: point.suppressed ?? 'estimate_out_of_scale', invariants: failures };
}

/** The failures as the public sees them: the invariant's name, not the offending value. */
function publicInvariants<T extends { readonly invariants?: SeriesPoint['invariants'] }>(value: T): T {
  if (value.invariants === undefined) return value;
  return { ...value, invariants: value.invariants.map((f) => ({ invariant: f.invariant })) };
}

/**
 * A point as the public sees it: a suppressed value is withheld (the reason stays); a point
 * whose variance could not be estimated keeps its estimate only.
 */
export function publicPoint(point: SeriesPoint): SeriesPoint {
  if (point.suppressed === null) return publicInvariants(point);
  if (point.suppressed === 'variance_not_estimable') return publicInvariants({ ...point, ...WITHHELD_UNCERTAINTY });
  return publicInvariants({ ...point, ...WITHHELD_UNCERTAINTY, estimate: null });
}

export function publicDistribution(point: DistributionPoint): DistributionPoint {
  return publicInvariants(point.suppressed === null ? point : { ...point, shares: {} });
}
