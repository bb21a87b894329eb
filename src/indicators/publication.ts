/**
 * The last check before a reader sees a series: every point, change and distribution passes its
 * invariants again (`invariants.ts`) and is put in its public form. For any source — the
 * database's materialised series, or series held in memory — so a page never draws a value
 * that was stored before a check existed, or that came from elsewhere. The changes get their
 * Benjamini–Hochberg adjusted p-values here (`withAdjustedP`, over every change given).
 */
import { withAdjustedP } from './changes.ts';
import { changeFailures, distributionFailures, type Scale } from './invariants.ts';
import { checkedPoint, publicDistribution, publicPoint } from './points.ts';
import type { DistributionPoint, Geography, SeriesChange, SeriesPoint } from './types.ts';

export interface Published {
  readonly points: readonly SeriesPoint[];
  readonly changes: readonly SeriesChange[];
  readonly distributions: readonly DistributionPoint[];
}

const WITHHELD = { change: null, se: null, ciLow: null, ciHigh: null, pValue: null, significant: null };

function key(wave: string, g: Geography, s: SeriesPoint['subgroup']): string {
  const geo = g.kind === 'country' ? `c:${g.iso3}` : g.kind === 'region' ? `r:${g.region}` : 'w';
  return `${wave}|${geo}|${s ? `${s.variable}=${s.level}` : ''}`;
}

/** A change as published: withheld when either of its points is not published with its variance, or when it fails its own invariants. */
function checkedChange(c: SeriesChange, scale: Scale, failed: ReadonlySet<string>): SeriesChange {
  const side =
    failed.has(key(c.fromWave, c.geography, c.subgroup)) || failed.has(key(c.toWave, c.geography, c.subgroup));
  if (side && c.change !== null) return withheldChange(c);
  if (c.change === null || c.se === null || c.ciLow === null || c.ciHigh === null || c.pValue === null) return c;
  const failures = changeFailures(
    { change: c.change, se: c.se, ciLow: c.ciLow, ciHigh: c.ciHigh, pValue: c.pValue },
    scale,
  );
  if (failures.length === 0) return c;
  return { ...withheldChange(c), invariants: failures.map((f) => ({ invariant: f.invariant })) };
}

/** A change with its numbers withheld, for the reason its points gave or as not estimable. */
function withheldChange(c: SeriesChange): SeriesChange {
  return {
    ...c,
    ...WITHHELD,
    pAdjusted: null,
    significantAdjusted: null,
    suppressed: c.suppressed ?? 'variance_not_estimable',
  };
}

/** A distribution as published: withheld (its shares emptied) when they fail their invariants. */
function checkedDistribution(d: DistributionPoint): DistributionPoint {
  const failures = distributionFailures(d.shares);
  if (failures.length === 0) return publicDistribution(d);
  return publicDistribution({ ...d, suppressed: d.suppressed ?? 'estimate_out_of_scale', invariants: failures });
}

/** The public form of one indicator's series on `scale`, every value checked again. */
export function published(data: Published, scale: Scale): Published {
  const points = data.points.map((p) => publicPoint(checkedPoint(p, scale)));
  const failed = new Set(
    points
      .filter((p) => p.suppressed === 'variance_not_estimable' || p.suppressed === 'estimate_out_of_scale')
      .map((p) => key(p.wave, p.geography, p.subgroup)),
  );
  const changes = data.changes.map((c) => checkedChange(c, scale, failed));
  return {
    points,
    // Benjamini–Hochberg over each family (CHANGE_FAMILY) of what is published.
    changes: withAdjustedP(changes, changes),
    distributions: data.distributions.map(checkedDistribution),
  };
}
