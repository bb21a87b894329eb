/**
 * Materialising a wave's series from its current weighting run: per country, region and the
 * world, every indicator × (all adults, each subgroup level) as a `SeriesPoint`, and every
 * single-choice question's answer distribution. Regions and the world pool the countries with
 * data (country as stratum, weights in persons so each country counts with its adult population);
 * the countries of the study without data in the wave are reported as missing, with the share of
 * the aggregate's population covered. Reading is then a query; `materialiseSeries` recomputes a
 * wave only when its current run (or the indicator definitions) changed.
 */
import { eq, sql } from 'drizzle-orm';
import { rowsOf, schema, type Database } from '../../db/index.ts';
import {
  describeIndicator,
  estimateKind,
  fingerprintOf,
  indicatorQuestions,
  questionFingerprints,
  findQuestion,
  waveInstrument,
  type Study,
} from '../instrument/index.ts';
import { addCells, countryDesign, EMPTY_CELL, type Cell } from './cells.ts';
import {
  addDistributionCells,
  countryCells,
  distributionCells,
  distributionQuestions,
  domainKey,
  subgroupVariables,
  type CountryCells,
  type DistributionCell,
} from './estimates.ts';
import { indicatorScale, publicationCheck, type PublicationCheck } from './invariants.ts';
import { storedCountryWeights } from './stored-weights.ts';
import { distributionPoint, seriesPoint, studyCountries, type PointContext } from './points.ts';
import { inChunks, textArray, waveResponses, type ResponseRow, type StoredWave } from './store.ts';
import type { DistributionPoint, Geography, SeriesPoint } from './types.ts';
import type { CountryWeights } from './weighting.ts';
import { distributionWeightKey, pointWeightKey, protectWave } from './disclosure-wave.ts';

/** The confidence level of every published interval. */
export const LEVEL = 0.95;

/** What the series of a wave depend on besides the run: the indicators, the minimum n, the countries and regions. */
export function definitionsFingerprint(study: Study): string {
  return fingerprintOf({
    // series/2: the publication invariants and the Korn–Graubard interval (points re-checked).
    fingerprint: 'series/2',
    indicators: study.indicators,
    minimumN: study.minimumN,
    lowReliability: study.lowReliability,
    disclosure: study.disclosure,
    weightingVariables: study.weightingVariables,
    countries: [...studyCountries(study).values()],
  });
}

interface Row {
  readonly geoKind: Geography['kind'];
  readonly geoCode: string;
  readonly region: string;
  readonly variable: string;
  readonly level: string;
  readonly point: string;
}

function geoColumns(g: Geography): { geoKind: Geography['kind']; geoCode: string; region: string } {
  if (g.kind === 'country') return { geoKind: 'country', geoCode: g.iso3, region: g.region };
  if (g.kind === 'region') return { geoKind: 'region', geoCode: g.region, region: g.region };
  return { geoKind: 'world', geoCode: 'world', region: '' };
}

export interface WaveSeries {
  readonly points: SeriesPoint[];
  readonly distributions: DistributionPoint[];
  /** Each point's and distribution's weighted base total (`pointWeightKey`, `distributionWeightKey`): the weights of the relations an attacker can use. */
  readonly weights: Map<string, number>;
}

/** Cells below this n are withheld on their own (primary suppression): the reliability threshold when the study withholds, and the disclosure threshold. */
export function primaryThreshold(study: Study): number {
  const reliability = study.lowReliability === 'withhold' ? study.minimumN : 0;
  return Math.max(reliability, study.disclosure.minimumN);
}

/** A wave's series after primary and complementary suppression (docs/disclosure.md); points below the reliability threshold that a study publishes are flagged. */
export async function protectedWaveSeries(
  study: Study,
  wave: StoredWave,
  runId: string,
  countries: readonly CountryWeights[],
  responses: readonly ResponseRow[],
): Promise<WaveSeries> {
  const series = waveSeries(study, wave, runId, countries, responses);
  const safe = await protectWave(study, waveInstrument(study, wave.code), series, series.weights, study.disclosure);
  const points = safe.points.map((p) =>
    p.suppressed === null && p.n < study.minimumN ? { ...p, lowReliability: true } : p,
  );
  return { ...series, points, distributions: safe.distributions };
}

function placeOf(g: Geography): string {
  return g.kind === 'country' ? g.iso3 : g.kind === 'region' ? g.region : 'World';
}

/** The invariant failures among a wave's points and distributions (what `barometer weight` prints). */
export function seriesCheck(series: WaveSeries): PublicationCheck {
  return publicationCheck([
    ...series.points.map((p) => ({
      where: `${p.indicator} ${placeOf(p.geography)}${p.subgroup ? ` ${p.subgroup.variable}=${p.subgroup.level}` : ''}`,
      invariants: p.invariants,
    })),
    ...series.distributions.map((d) => ({
      where: `distribution ${d.question} ${placeOf(d.geography)}`,
      invariants: d.invariants,
    })),
  ]);
}

/** Every point and distribution of a wave (pure: no database). */
export function waveSeries(
  study: Study,
  wave: StoredWave,
  runId: string,
  countries: readonly CountryWeights[],
  responses: readonly ResponseRow[],
): WaveSeries {
  const instrument = waveInstrument(study, wave.code);
  const definition = study.waves.find((w) => w.id === wave.code);
  if (!definition) throw new Error(`study ${study.id} has no wave ${wave.code}`);
  const byId = new Map(responses.map((r) => [r.id, r]));
  const questions = distributionQuestions(study, instrument);
  const perCountry = new Map<string, { cells: CountryCells; distributions: Map<string, DistributionCell> }>();
  for (const c of countries) {
    const rows = c.responseIds.map((id) => {
      const r = byId.get(id);
      if (!r) throw new Error(`weighted response ${id} is not among the wave's responses`);
      return r;
    });
    const answers = rows.map((r) => r.answers);
    perCountry.set(c.diagnostics.iso3, {
      cells: countryCells(
        study,
        instrument,
        countryDesign(c),
        answers,
        rows.map((r) => r.mode),
        { iso3: c.diagnostics.iso3, year: wave.year },
      ),
      distributions: distributionCells(
        questions.map((q) => q.code),
        c.weights,
        answers,
      ),
    });
  }
  const flags = new Map(countries.map((c) => [c.diagnostics.iso3, c.diagnostics.flag]));
  const all = studyCountries(study);
  const regions = [...new Set([...all.values()].map((c) => c.region))].sort();
  const aggregates: { geography: Geography; members: StudyCountryLike[] }[] = [
    ...regions.map((region) => ({
      geography: { kind: 'region' as const, region },
      members: [...all.values()].filter((c) => c.region === region),
    })),
    { geography: { kind: 'world' as const }, members: [...all.values()] },
  ];
  const points: SeriesPoint[] = [];
  const distributions: DistributionPoint[] = [];
  const weights = new Map<string, number>();
  const dctx = { study: study.id, wave: wave.code, minimumN: primaryThreshold(study) };
  for (const indicator of study.indicators) {
    const ctx: PointContext = {
      study: study.id,
      indicator: indicator.id,
      kind: estimateKind(indicator),
      wave: wave.code,
      year: wave.year,
      weightingRunId: runId,
      level: LEVEL,
      minimumN: primaryThreshold(study),
      scale: indicatorScale(indicator, instrument),
    };
    if (!indicatorQuestions(indicator).every((q) => findQuestion(instrument, q))) continue;
    const domains: { key: string; subgroup: SeriesPoint['subgroup'] }[] = [
      { key: domainKey(null, null), subgroup: null },
    ];
    for (const v of subgroupVariables(study, indicator, instrument))
      for (const level of v.levels)
        domains.push({ key: domainKey(v.name, level), subgroup: { variable: v.name, level } });
    for (const { key, subgroup } of domains) {
      for (const c of definition.countries) {
        const cell = perCountry.get(c.iso3)?.cells.get(indicator.id)?.get(key) ?? EMPTY_CELL;
        const covered = perCountry.has(c.iso3);
        const point = seriesPoint(
          ctx,
          { kind: 'country', iso3: c.iso3, name: c.name, region: c.region },
          subgroup,
          cell,
          { coverage: covered ? 1 : 0, missingCountries: covered ? [] : [c.iso3] },
        );
        const flagged = { ...point, weightingWarning: flags.get(c.iso3) ?? null };
        points.push(flagged);
        weights.set(pointWeightKey(flagged), cell.sumW);
      }
      for (const { geography, members } of aggregates) {
        let cell: Cell = EMPTY_CELL;
        for (const m of members)
          cell = addCells(cell, perCountry.get(m.iso3)?.cells.get(indicator.id)?.get(key) ?? EMPTY_CELL);
        const point = seriesPoint(ctx, geography, subgroup, cell, coverageOf(members, perCountry));
        points.push(point);
        weights.set(pointWeightKey(point), cell.sumW);
      }
    }
  }
  for (const { code: q, countryOnly } of questions) {
    const empty: DistributionCell = { n: 0, total: 0, counts: new Map() };
    const add = (geography: Geography, cell: DistributionCell) => {
      const d = distributionPoint(dctx, q, geography, cell);
      distributions.push(d);
      weights.set(distributionWeightKey(d), cell.total);
    };
    for (const c of definition.countries)
      add(
        { kind: 'country', iso3: c.iso3, name: c.name, region: c.region },
        perCountry.get(c.iso3)?.distributions.get(q) ?? empty,
      );
    for (const { geography, members } of countryOnly ? [] : aggregates) {
      let cell = empty;
      for (const m of members) cell = addDistributionCells(cell, perCountry.get(m.iso3)?.distributions.get(q) ?? empty);
      add(geography, cell);
    }
  }
  return { points, distributions, weights };
}

interface StudyCountryLike {
  readonly iso3: string;
  readonly adultPopulation: number;
}

function coverageOf(
  members: readonly StudyCountryLike[],
  covered: ReadonlyMap<string, unknown>,
): { coverage: number; missingCountries: string[] } {
  let total = 0;
  let with_ = 0;
  const missingCountries: string[] = [];
  for (const m of members) {
    total += m.adultPopulation;
    if (covered.has(m.iso3)) with_ += m.adultPopulation;
    else missingCountries.push(m.iso3);
  }
  return { coverage: total > 0 ? with_ / total : 0, missingCountries: missingCountries.sort() };
}

export interface MaterialiseWaveInput {
  readonly study: Study;
  readonly wave: StoredWave;
  readonly runId: string;
  readonly countries: readonly CountryWeights[];
  readonly responses: readonly ResponseRow[];
  /** The wave's protected series when the caller has computed them already (the weighting run's disclosure gate). */
  readonly series?: WaveSeries;
}

/** A scale as JSON stores it: an infinite bound is null. */
function storedScale(s: { min: number; max: number }): { min: number | null; max: number | null } {
  return { min: Number.isFinite(s.min) ? s.min : null, max: Number.isFinite(s.max) ? s.max : null };
}

/**
 * Computes and stores a wave's series (replacing what was there). Returns the time spent in the
 * database and the invariant check of what was stored.
 */
export async function materialiseWave(
  db: Database,
  input: MaterialiseWaveInput,
): Promise<{ dbMs: number; points: number; check: PublicationCheck }> {
  const { study, wave, runId } = input;
  const series = input.series ?? (await protectedWaveSeries(study, wave, runId, input.countries, input.responses));
  const instrument = waveInstrument(study, wave.code);
  const fingerprints = questionFingerprints(instrument);
  const questions = Object.fromEntries(
    Object.entries(fingerprints).map(([code, fingerprint]) => [
      code,
      { fingerprint, question: findQuestion(instrument, code) },
    ]),
  );
  const indicators = study.indicators
    .filter((i) => indicatorQuestions(i).every((q) => findQuestion(instrument, q)))
    .map((i) => ({
      id: i.id,
      kind: i.kind,
      label: i.label,
      description: i.description ?? null,
      questions: indicatorQuestions(i),
      subgroups: subgroupVariables(study, i, instrument).map((v) => ({
        variable: v.name,
        question: v.question,
        levels: v.levels,
      })),
      ...describeIndicator(i),
      ...(i.kind === 'index' ? { range: i.range } : {}),
      scale: storedScale(indicatorScale(i, instrument)),
    }));
  const seriesRows: Row[] = series.points.map((p) => ({
    ...geoColumns(p.geography),
    variable: p.subgroup?.variable ?? '',
    level: p.subgroup?.level ?? '',
    point: JSON.stringify(p),
  }));
  const t = performance.now();
  await db.transaction(async (tx) => {
    await tx.delete(schema.seriesWaves).where(eq(schema.seriesWaves.waveId, wave.id));
    await tx.insert(schema.seriesWaves).values({
      waveId: wave.id,
      studyId: wave.studyId,
      runId,
      definitionsFingerprint: definitionsFingerprint(study),
      questions,
      indicators,
    });
    const indicatorOf = series.points.map((p) => p.indicator);
    await inChunks(
      seriesRows.length,
      5_000,
      (from, to) => {
        const rows = seriesRows.slice(from, to);
        return sql`insert into indicator_series (study_id, wave_id, indicator, geo_kind, geo_code, region, subgroup_variable, subgroup_level, point)
        select ${wave.studyId}::uuid, ${wave.id}::uuid, i, k, c, r, sv, sl, p::jsonb
        from unnest(${textArray(indicatorOf.slice(from, to))}::text[], ${textArray(rows.map((r) => r.geoKind))}::text[], ${textArray(rows.map((r) => r.geoCode))}::text[],
                    ${textArray(rows.map((r) => r.region))}::text[], ${textArray(rows.map((r) => r.variable))}::text[], ${textArray(rows.map((r) => r.level))}::text[], ${textArray(rows.map((r) => r.point))}::text[]) as t(i, k, c, r, sv, sl, p)`;
      },
      tx,
    );
    const dist = series.distributions;
    await inChunks(
      dist.length,
      5_000,
      (from, to) => {
        const rows = dist.slice(from, to);
        const geo = rows.map((d) => geoColumns(d.geography));
        return sql`insert into indicator_distributions (study_id, wave_id, question, geo_kind, geo_code, region, point)
        select ${wave.studyId}::uuid, ${wave.id}::uuid, q, k, c, r, p::jsonb
        from unnest(${textArray(rows.map((d) => d.question))}::text[], ${textArray(geo.map((g) => g.geoKind))}::text[], ${textArray(geo.map((g) => g.geoCode))}::text[],
                    ${textArray(geo.map((g) => g.region))}::text[], ${textArray(rows.map((d) => JSON.stringify(d)))}::text[]) as t(q, k, c, r, p)`;
      },
      tx,
    );
  });
  return { dbMs: performance.now() - t, points: series.points.length, check: seriesCheck(series) };
}

/** Materialises every wave of the study whose current run (or the definitions) changed since it was last materialised. */
export async function materialiseSeries(
  db: Database,
  options: { readonly study: Study; readonly force?: boolean },
): Promise<{ materialised: string[]; unchanged: string[]; checks: Record<string, PublicationCheck> }> {
  const { study } = options;
  const fingerprint = definitionsFingerprint(study);
  const current = await db.execute(sql`
    select w.id, w.study_id as "studyId", w.code, w.year, c.run_id as "runId", s.run_id as "seriesRunId", s.definitions_fingerprint as "seriesFingerprint"
    from waves w join studies st on st.id = w.study_id
    join current_weighting_runs c on c.wave_id = w.id
    left join series_waves s on s.wave_id = w.id
    where st.slug = ${study.id} order by w.year, w.code`);
  const materialised: string[] = [];
  const unchanged: string[] = [];
  const checks: Record<string, PublicationCheck> = {};
  type Current = StoredWave & { runId: string; seriesRunId: string | null; seriesFingerprint: string | null };
  for (const w of rowsOf<Current>(current)) {
    if (!options.force && w.seriesRunId === w.runId && w.seriesFingerprint === fingerprint) {
      unchanged.push(w.code);
      continue;
    }
    if (!study.waves.some((d) => d.id === w.code)) continue;
    const responses = await waveResponses(db, w.id);
    const countries = await storedCountryWeights(db, w.runId, responses);
    const m = await materialiseWave(db, {
      study,
      wave: { id: w.id, studyId: w.studyId, code: w.code, year: w.year },
      runId: w.runId,
      countries,
      responses,
    });
    materialised.push(w.code);
    checks[w.code] = m.check;
  }
  return { materialised, unchanged, checks };
}
