/**
 * A change between two stored points (independent samples: SE = √(SE₁² + SE₂²), two-sided z
 * test), its publication invariants, and the Benjamini–Hochberg adjustment of a family of
 * changes. A change whose either point failed its invariants is not computed (never a number);
 * a computed change that fails its own (`changeFailures`) is withheld the same way.
 */
import { adjustBenjaminiHochberg, independentDifference } from '../stats/index.ts';
import { changeFailures, type Scale } from './invariants.ts';
import type { Geography, SeriesChange, SeriesPoint, SuppressionReason } from './types.ts';

export const CHANGE_TEST = 'two-sided z test, independent samples (SE = √(SE₁² + SE₂²))';

/**
 * The family the Benjamini–Hochberg adjustment (`adjust=bh`) is taken over: the changes of one
 * indicator between one pair of waves for one subgroup (all adults, or one level), at every
 * geography (countries, regions and the world), whatever geographies a request asks for; a change
 * is in it when both its points are published with their variance (not suppressed, no series
 * break): the others have no adjusted p-value, as R's `p.adjust` keeps NA out of m.
 */
export const CHANGE_FAMILY =
  'the changes of one indicator between one pair of waves for one subgroup, at every country, region and the world, whose two points are published';

const NONE = { change: null, se: null, ciLow: null, ciHigh: null, pValue: null, significant: null };

/** The reason a change is withheld for, from its two points' reasons (the gravest first). */
function changeReason(a: SeriesPoint, b: SeriesPoint): SuppressionReason | null {
  const order: SuppressionReason[] = [
    'no_data',
    'estimate_out_of_scale',
    'variance_not_estimable',
    'below_minimum_n',
    'complementary',
  ];
  return order.find((r) => a.suppressed === r || b.suppressed === r) ?? null;
}

/** Withheld to protect a value (too few respondents, or another cell): researchers still see it. */
function hidesValue(reason: SuppressionReason): boolean {
  return reason === 'below_minimum_n' || reason === 'complementary';
}

/** The change from `a` to `b` on `scale` (`showSuppressed`: computed for points below the minimum n too, for researchers). */
export function change(
  a: SeriesPoint,
  b: SeriesPoint,
  brk: SeriesChange['seriesBreak'],
  showSuppressed: boolean,
  scale: Scale,
): SeriesChange {
  const base = {
    study: b.study,
    indicator: b.indicator,
    fromWave: a.wave,
    toWave: b.wave,
    geography: b.geography,
    subgroup: b.subgroup,
    level: b.level,
    test: CHANGE_TEST,
    seriesBreak: brk,
  };
  const suppressed = changeReason(a, b);
  const sides = [...(a.invariants ?? []), ...(b.invariants ?? [])];
  const invariants = sides.length > 0 ? { invariants: sides } : {};
  if (
    brk ||
    a.estimate === null ||
    b.estimate === null ||
    a.se === null ||
    b.se === null ||
    sides.length > 0 ||
    (suppressed !== null && (!hidesValue(suppressed) || !showSuppressed))
  ) {
    return { ...base, ...NONE, suppressed, ...invariants };
  }
  const d = independentDifference(b.estimate, b.se, a.estimate, a.se, b.level);
  const computed = { change: d.difference, se: d.se, ciLow: d.ci[0], ciHigh: d.ci[1], pValue: d.p };
  const failures = changeFailures(computed, scale);
  if (failures.length > 0)
    return { ...base, ...NONE, suppressed: suppressed ?? 'variance_not_estimable', invariants: failures };
  return { ...base, ...computed, significant: d.p < 1 - b.level, suppressed };
}

function geoKey(g: Geography): string {
  return g.kind === 'country' ? `c:${g.iso3}` : g.kind === 'region' ? `r:${g.region}` : 'w';
}

function familyKey(c: SeriesChange): string {
  return `${c.indicator}|${c.fromWave}|${c.toWave}|${c.subgroup ? `${c.subgroup.variable}=${c.subgroup.level}` : ''}`;
}

function changeKey(c: SeriesChange): string {
  return `${familyKey(c)}|${geoKey(c.geography)}`;
}

/**
 * `changes` with Benjamini–Hochberg adjusted p-values and flags, each family (`CHANGE_FAMILY`)
 * taken from `family` — every change of the indicator, whatever the request's geography filters
 * (so an adjusted p-value does not depend on which countries a reader asked for).
 */
export function withAdjustedP(changes: readonly SeriesChange[], family: readonly SeriesChange[]): SeriesChange[] {
  const groups = new Map<string, SeriesChange[]>();
  for (const c of family) {
    if (c.suppressed !== null || c.pValue === null) continue;
    const k = familyKey(c);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  const adjusted = new Map<string, number>();
  for (const members of groups.values()) {
    const p = adjustBenjaminiHochberg(members.map((c) => c.pValue));
    members.forEach((c, k) => {
      const v = p[k];
      if (v !== null && v !== undefined) adjusted.set(changeKey(c), v);
    });
  }
  return changes.map((c) => {
    const p = c.suppressed === null ? adjusted.get(changeKey(c)) : undefined;
    return { ...c, pAdjusted: p ?? null, significantAdjusted: p === undefined ? null : p < 1 - c.level };
  });
}
