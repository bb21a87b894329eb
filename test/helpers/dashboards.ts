/**
 * Synthetic indicator series for the dashboards' tests and benchmark: any number of countries
 * and waves, shares with design-effect-inflated SEs and logit intervals, regional and world
 * aggregates, wave-to-wave changes with a z test, and MIG_LEVEL distributions. A country may be
 * suppressed (n below the minimum) or missing in a wave, and a series break may be declared.
 *
 * These are made-up numbers with the right shapes, not estimates: tests of the pipeline's
 * numbers live with the pipeline.
 */
import { cumulativeStdNormalProbability } from 'simple-statistics';
import type { DistributionPoint, Geography, SeriesChange, SeriesPoint, Subgroup } from '../../src/indicators/types.ts';
import { loadStudy, referenceFor, seededRandom, type Study } from '../../src/instrument/index.ts';
import { foreignBornShare } from '../../survey-definitions/migration-perceptions/references.ts';

export interface SynthCountry {
  readonly iso3: string;
  readonly name: string;
  readonly region: string;
}

export interface SynthOptions {
  readonly study: string;
  readonly indicators: readonly string[];
  readonly countries: readonly SynthCountry[];
  readonly waves: readonly { readonly id: string; readonly year: number }[];
  readonly seed?: number;
  /** `${iso3}|${wave}` → n (below the minimum: suppressed) or 0 (no data). */
  readonly samples?: Readonly<Record<string, number>>;
  /** Indicators whose question changed at this wave (a series break before it). */
  readonly breaks?: Readonly<Record<string, string>>;
  /** Subgroup levels to estimate (for the subgroup chart); default none. */
  readonly subgroups?: readonly { readonly variable: string; readonly level: string }[];
  readonly minimumN?: number;
}

const Z = 1.959963984540054;
const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

function point(
  o: SynthOptions,
  indicator: string,
  wave: { id: string; year: number },
  geography: Geography,
  subgroup: Subgroup,
  p: number | null,
  n: number,
): SeriesPoint {
  const minimumN = o.minimumN ?? 50;
  const deff = 1.4;
  const base = {
    study: o.study,
    indicator,
    wave: wave.id,
    year: wave.year,
    geography,
    subgroup,
    level: 0.95,
    n,
    coverage: 1,
    missingCountries: [],
    weightingRunId: `run-${wave.id}`,
  };
  if (p === null || n === 0) {
    return {
      ...base,
      n: 0,
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
  const se = Math.sqrt((deff * p * (1 - p)) / n);
  const half = (Z * se) / (p * (1 - p));
  const suppressed = n < minimumN ? ('below_minimum_n' as const) : null;
  return {
    ...base,
    estimate: suppressed ? null : p,
    se,
    ciLow: expit(logit(p) - half),
    ciHigh: expit(logit(p) + half),
    moe: Z * se,
    effectiveN: n / deff,
    deff,
    suppressed,
  };
}

export interface SynthData {
  readonly series: SeriesPoint[];
  readonly changes: SeriesChange[];
  readonly distributions: DistributionPoint[];
}

export function synthesize(o: SynthOptions): SynthData {
  const rand = seededRandom(`dashboards-${o.seed ?? 1}`);
  const series: SeriesPoint[] = [];
  const changes: SeriesChange[] = [];
  const distributions: DistributionPoint[] = [];
  const regions = [...new Set(o.countries.map((c) => c.region))];
  for (const indicator of o.indicators) {
    const level = new Map(o.countries.map((c) => [c.iso3, 0.15 + rand() * 0.6]));
    for (const wave of o.waves) {
      const countryPoints: SeriesPoint[] = [];
      for (const c of o.countries) {
        const drift = (rand() - 0.5) * 0.08;
        const p = Math.min(0.95, Math.max(0.03, (level.get(c.iso3) ?? 0.5) + drift));
        level.set(c.iso3, p);
        const n = o.samples?.[`${c.iso3}|${wave.id}`] ?? 900 + Math.floor(rand() * 300);
        const geography: Geography = { kind: 'country', ...c };
        const pt = point(o, indicator, wave, geography, null, n === 0 ? null : p, n);
        countryPoints.push(pt);
        for (const s of o.subgroups ?? []) {
          const sp = Math.min(0.95, Math.max(0.03, p + (rand() - 0.5) * 0.2));
          series.push(point(o, indicator, wave, geography, s, n === 0 ? null : sp, Math.floor(n / 3)));
        }
      }
      series.push(...countryPoints);
      const aggregate = (geography: Geography, members: SeriesPoint[]) => {
        const ok = members.filter((m) => m.se !== null && m.n > 0);
        const withP = ok.map((m) => ({
          m,
          p: m.estimate ?? (m.ciLow !== null && m.ciHigh !== null ? (m.ciLow + m.ciHigh) / 2 : 0.5),
        }));
        const p = withP.length ? withP.reduce((s, x) => s + x.p, 0) / withP.length : null;
        const n = ok.reduce((s, m) => s + m.n, 0);
        const pt = point(o, indicator, wave, geography, null, p, n);
        const missing = members
          .filter((m) => m.n === 0 && m.geography.kind === 'country')
          .map((m) => (m.geography.kind === 'country' ? m.geography.iso3 : ''));
        series.push({ ...pt, coverage: members.length ? ok.length / members.length : 0, missingCountries: missing });
      };
      for (const r of regions)
        aggregate(
          { kind: 'region', region: r },
          countryPoints.filter((p) => p.geography.kind === 'country' && p.geography.region === r),
        );
      aggregate({ kind: 'world' }, countryPoints);
    }
    const own = series.filter((p) => p.indicator === indicator && p.subgroup === null);
    const at = new Map(own.map((p) => [`${p.wave}|${JSON.stringify(p.geography)}`, p]));
    for (let i = 1; i < o.waves.length; i++) {
      const from = o.waves[i - 1];
      const to = o.waves[i];
      if (!from || !to) continue;
      const seriesBreak =
        o.breaks?.[indicator] === to.id ? { questions: ['MIG_LEVEL'], what: 'answer options changed' } : null;
      for (const a of own.filter((p) => p.wave === from.id)) {
        const b = at.get(`${to.id}|${JSON.stringify(a.geography)}`);
        if (!b) continue;
        const suppressed = a.suppressed ?? b.suppressed;
        const computable =
          !seriesBreak && !suppressed && a.estimate !== null && b.estimate !== null && a.se !== null && b.se !== null;
        const change = computable ? (b.estimate ?? 0) - (a.estimate ?? 0) : null;
        const se = computable ? Math.hypot(a.se ?? 0, b.se ?? 0) : null;
        const pValue =
          change !== null && se !== null ? 2 * (1 - cumulativeStdNormalProbability(Math.abs(change / se))) : null;
        changes.push({
          study: o.study,
          indicator,
          fromWave: from.id,
          toWave: to.id,
          geography: a.geography,
          subgroup: null,
          change,
          se,
          ciLow: change !== null && se !== null ? change - Z * se : null,
          ciHigh: change !== null && se !== null ? change + Z * se : null,
          level: 0.95,
          pValue,
          significant: pValue === null ? null : pValue < 0.05,
          test: 'two-sided z test, independent samples',
          seriesBreak,
          suppressed,
        });
      }
    }
  }
  for (const wave of o.waves) {
    const geos: Geography[] = [
      { kind: 'world' },
      ...regions.map((r): Geography => ({ kind: 'region', region: r })),
      ...o.countries.map((c): Geography => ({ kind: 'country', ...c })),
    ];
    for (const geography of geos) {
      const d = rand() * 0.3 + 0.2;
      const i = rand() * 0.2 + 0.05;
      const k = rand() * 0.05 + 0.02;
      const r = 0.01;
      const n = geography.kind === 'country' ? (o.samples?.[`${geography.iso3}|${wave.id}`] ?? 1000) : 5000;
      distributions.push({
        study: o.study,
        question: 'MIG_LEVEL',
        wave: wave.id,
        geography,
        shares: { decreased: d, increased: i, dont_know: k, refused: r, present_level: 1 - d - i - k - r },
        n,
        suppressed: n === 0 ? 'no_data' : n < (o.minimumN ?? 50) ? 'below_minimum_n' : null,
      });
    }
  }
  return { series, changes, distributions };
}

/** The flagship study with synthetic series over its own waves and countries (a fixture source for pages). */
export async function flagshipFixture(options: { minimumN?: number } = {}): Promise<{ study: Study; data: SynthData }> {
  const loaded = await loadStudy(
    new URL('../../survey-definitions/migration-perceptions/index.ts', import.meta.url).pathname,
  );
  const study = loaded.studies[0]?.study;
  if (!study) throw new Error(`flagship study did not load: ${JSON.stringify(loaded.problems)}`);
  const countries = [
    ...new Map(
      study.waves.flatMap((w) => w.countries).map((c) => [c.iso3, { iso3: c.iso3, name: c.name, region: c.region }]),
    ).values(),
  ];
  const samples: Record<string, number> = { [`KEN|${study.waves[1]?.id ?? ''}`]: 30 };
  for (const w of study.waves)
    for (const c of countries) if (!w.countries.some((x) => x.iso3 === c.iso3)) samples[`${c.iso3}|${w.id}`] = 0;
  const data = synthesize({
    study: study.id,
    indicators: study.indicators.map((i) => i.id),
    countries,
    waves: study.waves.map((w) => ({ id: w.id, year: w.year })),
    samples,
    breaks: { wantsIncrease: study.waves[2]?.id ?? '' },
    subgroups: [
      { variable: 'age_group', level: '15-29' },
      { variable: 'age_group', level: '30-44' },
      { variable: 'age_group', level: '45-64' },
      { variable: 'age_group', level: '65+' },
      { variable: 'sex', level: 'female' },
      { variable: 'sex', level: 'male' },
      { variable: 'education', level: 'primary_or_less' },
      { variable: 'education', level: 'secondary' },
      { variable: 'education', level: 'tertiary' },
    ],
    minimumN: options.minimumN ?? 50,
    seed: 7,
  });
  return { study, data: { ...data, series: consistentPerceptions(data.series) } };
}

/**
 * The synthetic series draw every indicator as a share; for the perception pair the perceived share is 100 × it (out of 100)
 * and the gap is it minus the official figure (countries: the study's own 2024 estimate; regions
 * and the world: 10), as the pipeline's series are.
 */
function consistentPerceptions(series: readonly SeriesPoint[]): SeriesPoint[] {
  const actual = (p: SeriesPoint) =>
    p.geography.kind === 'country' ? (referenceFor(foreignBornShare, p.geography.iso3, p.year)?.value ?? 0) : 10;
  const scaled = (p: SeriesPoint, shift: number): SeriesPoint => {
    const at = (v: number | null) => (v === null ? null : 100 * v - shift);
    return {
      ...p,
      estimate: at(p.estimate),
      ciLow: at(p.ciLow),
      ciHigh: at(p.ciHigh),
      se: p.se === null ? null : 100 * p.se,
    };
  };
  const perceived = new Map(
    series
      .filter((p) => p.indicator === 'perceivedMigrantShare')
      .map((p) => [`${p.wave}|${JSON.stringify(p.geography)}|${JSON.stringify(p.subgroup)}`, p]),
  );
  return series.map((p) => {
    if (p.indicator === 'perceivedMigrantShare') return scaled(p, 0);
    if (p.indicator !== 'migrantShareGap') return p;
    const q = perceived.get(`${p.wave}|${JSON.stringify(p.geography)}|${JSON.stringify(p.subgroup)}`) ?? p;
    return scaled({ ...p, estimate: q.estimate, ciLow: q.ciLow, ciHigh: q.ciHigh, se: q.se }, actual(p));
  });
}
