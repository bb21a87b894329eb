/**
 * The disclosure auditor: for everything a study publishes (every point of every indicator and
 * subgroup, every answer distribution, with the weighted totals that relate them — assumed known
 * exactly, more than population shares and totals from the definitions give), the tightest
 * interval an attacker can derive for each withheld cell (`feasibleIntervals`), compared with the
 * study's protection interval. Changes between waves are differences of points and withheld with
 * either, so they add no equation. `barometer disclosure audit STUDY` prints it; a weighting run
 * whose series would fail it is not made current (`assertDisclosureSafe`).
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/index.ts';
import { waveInstrument, type Study } from '../instrument/index.ts';
import { WeightingInputError } from './errors.ts';
import { feasibleIntervals, type FeasibleInterval } from './disclosure-lp.ts';
import { distributionWeightKey, pointWeightKey, waveTables } from './disclosure-wave.ts';
import { waveSeries } from './materialise.ts';
import { storedCountryWeights } from './stored-weights.ts';
import { readDistributions, readSeries } from './read.ts';
import { waveResponses, type StoredWave } from './store.ts';
import type { DistributionPoint, SeriesPoint } from './types.ts';

/** Withheld for a reason that hides a value (not `no_data`: nothing to hide). */
function hides(p: SeriesPoint | DistributionPoint): boolean {
  return p.suppressed === 'below_minimum_n' || p.suppressed === 'complementary';
}

/** Feasible intervals of every withheld cell of one wave's published series, as published (flags as stored). */
export async function auditWave(
  study: Study,
  wave: string,
  published: { readonly points: readonly SeriesPoint[]; readonly distributions: readonly DistributionPoint[] },
  weights: ReadonlyMap<string, number>,
  options: { readonly protectedOnly?: boolean } = {},
): Promise<FeasibleInterval[]> {
  const instrument = waveInstrument(study, wave);
  const { tables } = waveTables(study, instrument, published.points, published.distributions, weights);
  const withheld = new Set<string>([
    ...published.points.filter(hides).map((p) => pointWeightKey(p)),
    ...published.distributions.filter(hides).map((d) => distributionWeightKey(d)),
  ]);
  const out: FeasibleInterval[] = [];
  for (const table of tables) {
    const isWithheld = (key: string) => {
      const cell = table.cells.get(key);
      return cell !== undefined && withheld.has(cell.pattern);
    };
    out.push(...(await feasibleIntervals(table, isWithheld, study.disclosure, options)));
  }
  return out;
}

/** Refuses (nothing written) a wave's series in which a withheld cell can be narrowed below its protection interval. */
export async function assertDisclosureSafe(
  study: Study,
  wave: string,
  series: { readonly points: readonly SeriesPoint[]; readonly distributions: readonly DistributionPoint[] },
  weights: ReadonlyMap<string, number>,
): Promise<void> {
  // Only the cells the rule protects can fail; the others are neither solved nor reported.
  const failures = (await auditWave(study, wave, series, weights, { protectedOnly: true })).filter((f) => !f.protected);
  const first = failures[0];
  if (first)
    throw new WeightingInputError(
      'disclosure_risk',
      `wave ${wave}: ${failures.length} withheld cell(s) could be derived from what would be published, e.g. ${first.table} ${first.label} (${first.column}) within [${first.feasible.map((x) => x.toFixed(4)).join(', ')}]; the run is not made current`,
      { wave },
    );
}

export interface WaveAudit {
  readonly wave: string;
  readonly intervals: FeasibleInterval[];
}

export interface PublishedWave {
  readonly wave: string;
  /** As stored: values with their suppression flags (the public sees a flagged value withheld). */
  readonly points: SeriesPoint[];
  readonly distributions: DistributionPoint[];
  /** The weighted totals relating them, recomputed from the wave's run. */
  readonly weights: Map<string, number>;
}

/** Every materialised wave of a study: its stored series and the weighted totals of the run they came from. */
export async function publishedWaves(db: Database, study: Study): Promise<PublishedWave[]> {
  const current = await db.execute(sql`
    select w.id, w.study_id as "studyId", w.code, w.year, s.run_id as "runId"
    from waves w join studies st on st.id = w.study_id
    join series_waves s on s.wave_id = w.id
    where st.slug = ${study.id} order by w.year, w.code`);
  const out: PublishedWave[] = [];
  for (const w of rowsOf<StoredWave & { runId: string }>(current)) {
    if (!study.waves.some((d) => d.id === w.code)) continue;
    const responses = await waveResponses(db, w.id);
    const countries = await storedCountryWeights(db, w.runId, responses);
    const { weights } = waveSeries(study, w, w.runId, countries, responses);
    const filters = { study: study.id, waves: [w.code], includeSuppressed: true };
    const points = await readSeries(db, { ...filters, subgroup: '*' });
    const distributions = await readDistributions(db, filters);
    out.push({ wave: w.code, points, distributions, weights });
  }
  return out;
}

/** The audit of every materialised wave of a study, from the stored (published) series and its run's weighted totals. */
export async function auditStudy(db: Database, study: Study): Promise<WaveAudit[]> {
  const out: WaveAudit[] = [];
  for (const w of await publishedWaves(db, study))
    out.push({ wave: w.wave, intervals: await auditWave(study, w.wave, w, w.weights) });
  return out;
}
