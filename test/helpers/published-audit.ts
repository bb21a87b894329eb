/**
 * An independent audit of everything a study publishes (every series point of every indicator
 * and subgroup at every geography, every change, every answer distribution): written from the
 * invariants' definitions, not from src/indicators/invariants.ts, so it can catch that module too.
 * For any database and any demo size (the demo-world test runs it at 20 and 60 completes per
 * country and wave; a size of 1,000 is one more entry in its list).
 */
import type { Database } from '../../db/index.ts';
import {
  listIndicators,
  readChanges,
  readDistributions,
  readSeries,
  type SeriesChange,
  type SeriesPoint,
} from '../../src/indicators/index.ts';

export interface AuditReport {
  readonly points: number;
  readonly changes: number;
  readonly distributions: number;
  /** Values withheld because they failed an invariant (with their reason and the failed invariant named). */
  readonly withheldForInvariants: number;
  /** What is wrong: a number published that breaks an invariant, or a value withheld without a reason. */
  readonly problems: string[];
}

const Z = 1.959963984540054;
const EPS = 1e-9;

function where(p: {
  indicator: string;
  wave?: string;
  geography: SeriesPoint['geography'];
  subgroup: SeriesPoint['subgroup'];
}): string {
  const g = p.geography;
  const geo = g.kind === 'country' ? g.iso3 : g.kind === 'region' ? g.region : 'World';
  return `${p.indicator} ${p.wave ?? ''} ${geo}${p.subgroup ? ` ${p.subgroup.variable}=${p.subgroup.level}` : ''}`;
}

/** What is wrong with one point as published on [min, max]; [] when nothing is. */
export function pointProblems(p: SeriesPoint, min: number, max: number): string[] {
  const out: string[] = [];
  const at = where(p);
  const inScale = (v: number) => Number.isFinite(v) && v >= min - EPS && v <= max + EPS;
  const failed = p.suppressed === 'variance_not_estimable' || p.suppressed === 'estimate_out_of_scale';
  if (failed && !(p.invariants && p.invariants.length > 0))
    out.push(`${at}: withheld as ${p.suppressed} without the failed invariant`);
  if (p.estimate === null) {
    if (p.suppressed === null) out.push(`${at}: no estimate and no reason`);
    return out;
  }
  if (!inScale(p.estimate)) out.push(`${at}: estimate ${p.estimate} outside [${min}, ${max}]`);
  if (p.se === null) {
    if (p.suppressed === null) out.push(`${at}: an estimate without an SE and no reason`);
    for (const [k, v] of Object.entries({ ciLow: p.ciLow, ciHigh: p.ciHigh, moe: p.moe, deff: p.deff }))
      if (v !== null) out.push(`${at}: ${k} ${v} published without an SE`);
    return out;
  }
  const half = (max - min) / 2;
  if (!(p.se >= 0 && p.se <= half + EPS)) out.push(`${at}: SE ${p.se} not in [0, ${half}]`);
  if (p.ciLow === null || p.ciHigh === null) out.push(`${at}: an SE without an interval`);
  else {
    if (!(p.ciLow <= p.estimate + EPS && p.estimate <= p.ciHigh + EPS))
      out.push(`${at}: interval [${p.ciLow}, ${p.ciHigh}] misses ${p.estimate}`);
    if (!inScale(p.ciLow) || !inScale(p.ciHigh))
      out.push(`${at}: interval [${p.ciLow}, ${p.ciHigh}] outside the scale`);
  }
  if (p.moe !== null && !(p.moe >= 0 && p.moe <= Z * half + EPS)) out.push(`${at}: MOE ${p.moe}`);
  if (p.moe === null && p.interval !== 'korn-graubard') out.push(`${at}: no MOE and no Korn–Graubard interval`);
  // A share of 0 or 1 never reads "± 0": its interval has width.
  if ((p.estimate === 0 || p.estimate === 1 || p.se === 0) && (p.ciLow === p.ciHigh || p.moe === 0))
    out.push(`${at}: a degenerate value published as ± 0`);
  if (p.deff !== null && !(Number.isFinite(p.deff) && p.deff >= 0)) out.push(`${at}: deff ${p.deff}`);
  if (p.effectiveN !== null && !(p.effectiveN > 0 && p.effectiveN <= p.n * (1 + EPS)))
    out.push(`${at}: effective n ${p.effectiveN} > n ${p.n}`);
  return out;
}

/** What is wrong with one change as published on a scale of `width`. */
export function changeProblems(c: SeriesChange, width: number): string[] {
  const at = `change ${where(c)} ${c.fromWave}→${c.toWave}`;
  if (c.change === null) {
    const why = c.seriesBreak !== null || c.suppressed !== null;
    return why ? [] : [`${at}: no change and no reason`];
  }
  const out: string[] = [];
  if (!(Math.abs(c.change) <= width + EPS)) out.push(`${at}: change ${c.change}`);
  if (!(c.se !== null && c.se >= 0 && c.se <= width / Math.SQRT2 + EPS)) out.push(`${at}: SE ${c.se}`);
  if (!(c.ciLow !== null && c.ciHigh !== null && c.ciLow <= c.change && c.change <= c.ciHigh))
    out.push(`${at}: interval`);
  if (!(c.pValue !== null && c.pValue >= 0 && c.pValue <= 1)) out.push(`${at}: p ${c.pValue}`);
  return out;
}

/** Reads everything a study publishes, for researchers (`includeSuppressed`) or the public, and audits it. */
export async function auditPublished(db: Database, study: string, includeSuppressed: boolean): Promise<AuditReport> {
  const indicators = await listIndicators(db, study);
  const problems: string[] = [];
  let points = 0;
  let changes = 0;
  let withheld = 0;
  for (const info of indicators) {
    const min = info.kind === 'share' ? 0 : (info.scale?.min ?? -Infinity);
    const max = info.kind === 'share' ? 1 : (info.scale?.max ?? Infinity);
    const series = await readSeries(db, { study, indicator: info.id, subgroup: '*', includeSuppressed });
    for (const p of series) problems.push(...pointProblems(p, min, max));
    const moved = await readChanges(db, { study, indicator: info.id, subgroup: '*', includeSuppressed, adjust: 'bh' });
    for (const c of moved) problems.push(...changeProblems(c, max - min));
    points += series.length;
    changes += moved.length;
    withheld += series.filter((p) => (p.invariants?.length ?? 0) > 0).length;
  }
  const distributions = await readDistributions(db, { study, includeSuppressed });
  for (const d of distributions) {
    const values = Object.values(d.shares);
    if (values.length === 0) continue;
    const sum = values.reduce((a, b) => a + b, 0);
    if (values.some((v) => !(v >= 0 && v <= 1)) || Math.abs(sum - 1) > 1e-9)
      problems.push(`distribution ${d.question} ${d.wave}: shares ${JSON.stringify(d.shares)}`);
  }
  return { points, changes, distributions: distributions.length, withheldForInvariants: withheld, problems };
}
