/**
 * Weighting runs: `runWeighting` weights every country of a wave as the study definition states,
 * stores the run (parameters, definition fingerprint, input response set, diagnostics, warnings)
 * and the weight of every response in one transaction, makes it the wave's current run (audited),
 * and materialises the wave's indicator series from it. Impossible input throws
 * `WeightingInputError` before anything is written.
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { fingerprintOf, type Study, type Wave } from '../instrument/index.ts';
import type { RunInput, RunParameters } from '../../db/weighting-run-shapes.ts';
import { WeightingInputError } from './errors.ts';
import type { PublicationCheck } from './invariants.ts';
import { materialiseWave, protectedWaveSeries } from './materialise.ts';
import { assertDisclosureSafe } from './disclosure-audit.ts';
import { audit, type Tx } from '../../db/index.ts';
import {
  inChunks,
  numberArray,
  storedWave,
  textArray,
  weightableResponses,
  type ResponseReader,
  type ResponseRow,
} from './store.ts';
import { weightCountry, type CountryDiagnostics, type CountryWeights, type WeightingWarning } from './weighting.ts';

export type RunPhase = 'read' | 'weight' | 'store' | 'materialise';

export interface RunProgress {
  readonly phase: RunPhase;
  readonly done: number;
  readonly total: number;
  /** The country just weighted (phase `weight`). */
  readonly country?: string;
}

export interface RunWeightingOptions {
  readonly study: Study;
  /** The wave's id in the study definition, e.g. "mp-2024". */
  readonly wave: string;
  /** Who asked: `cli`, `token:<name>`, `system`. */
  readonly actor?: string;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Materialise the wave's series after storing the run (default true). */
  readonly materialise?: boolean;
  /** Where the wave's responses are read from (default: the database, now). */
  readonly responses?: ResponseReader;
}

export interface WeightingRunSummary {
  readonly id: string;
  readonly study: string;
  readonly wave: string;
  readonly waveId: string;
  readonly createdAt: string;
  readonly actor: string;
  readonly parameters: RunParameters;
  readonly definitionFingerprint: string;
  readonly input: RunInput;
  readonly weightsHash: string;
  readonly countries: readonly CountryDiagnostics[];
  readonly warnings: readonly WeightingWarning[];
  /** The run that was current before this one. */
  readonly previousRunId: string | null;
  /** Timings of the run's phases, in milliseconds (database vs computation). */
  readonly timings: {
    readonly readMs: number;
    readonly computeMs: number;
    readonly storeMs: number;
    readonly materialiseMs: number;
    readonly materialiseDbMs: number;
  };
  /** The publication invariants of the materialised series: how many values failed, and which (absent when not materialised). */
  readonly publication?: PublicationCheck;
}

/** The wave definition and parameters a run of `waveCode` uses, or a `WeightingInputError`. */
export function runDefinition(
  study: Study,
  waveCode: string,
): { wave: Wave; parameters: RunParameters; fingerprint: string } {
  const wave = study.waves.find((w) => w.id === waveCode);
  if (!wave)
    throw new WeightingInputError(
      'unknown_wave',
      `study ${study.id} has no wave "${waveCode}" (waves: ${study.waves.map((w) => w.id).join(', ')})`,
      { wave: waveCode },
    );
  if (!wave.weighting)
    throw new WeightingInputError(
      'no_weighting',
      `wave ${wave.id} states no weighting (add \`weighting\` to its definition)`,
      { wave: wave.id },
    );
  if (!study.countryQuestion)
    throw new WeightingInputError(
      'no_country_question',
      `study ${study.id} names no countryQuestion, so respondents cannot be assigned to countries`,
      { wave: wave.id },
    );
  const used = new Set(wave.countries.flatMap((c) => c.margins.flatMap((m) => m.variables)));
  const parameters: RunParameters = {
    weighting: wave.weighting,
    countryQuestion: study.countryQuestion,
    weightingVariables: study.weightingVariables.filter((v) => used.has(v.name)),
  };
  const fingerprint = fingerprintOf({ fingerprint: 'weighting/1', parameters, countries: wave.countries });
  return { wave, parameters, fingerprint };
}

/** The weights of a wave, per country, computed from its responses (nothing stored). */
export function computeWeights(
  study: Study,
  waveCode: string,
  responses: readonly ResponseRow[],
  onCountry?: (done: number, total: number, iso3: string) => void,
): { countries: CountryWeights[]; warnings: WeightingWarning[]; unknownCountry: number } {
  const { wave, parameters } = runDefinition(study, waveCode);
  const variables = new Map(parameters.weightingVariables.map((v) => [v.name, v]));
  const byCountry = new Map<string, ResponseRow[]>(wave.countries.map((c) => [c.iso3, []]));
  const unknown = new Map<string, number>();
  for (const r of responses) {
    const answer = r.answers[parameters.countryQuestion];
    const iso3 = typeof answer === 'string' ? answer.toUpperCase() : undefined;
    const list = iso3 === undefined ? undefined : byCountry.get(iso3);
    if (list) list.push(r);
    else
      unknown.set(
        typeof answer === 'string' ? answer : 'no answer',
        (unknown.get(typeof answer === 'string' ? answer : 'no answer') ?? 0) + 1,
      );
  }
  const warnings: WeightingWarning[] = [];
  for (const [code, count] of unknown) {
    warnings.push({
      code: 'unknown_country',
      country: null,
      cell: code,
      message: `${count} response(s) answer ${parameters.countryQuestion} with ${code}, which is not a country of wave ${wave.id}; they get no weight`,
    });
  }
  const countries: CountryWeights[] = [];
  wave.countries.forEach((country, k) => {
    const weighted = weightCountry(
      {
        waveId: wave.id,
        country,
        weighting: parameters.weighting,
        variables,
        respondents: byCountry.get(country.iso3) ?? [],
      },
      (w) => warnings.push(w),
    );
    if (weighted) countries.push(weighted);
    onCountry?.(k + 1, wave.countries.length, country.iso3);
  });
  let unknownCountry = 0;
  for (const count of unknown.values()) unknownCountry += count;
  return { countries, warnings, unknownCountry };
}

/** sha256 over (response id, weight) as float64 pairs in response id order. */
export function weightsHash(countries: readonly CountryWeights[]): string {
  const pairs: [number, number][] = [];
  for (const c of countries) c.responseIds.forEach((id, i) => pairs.push([id, c.weights[i] ?? Number.NaN]));
  pairs.sort((a, b) => a[0] - b[0]);
  const buf = new Float64Array(pairs.length * 2);
  pairs.forEach(([id, w], i) => {
    buf[2 * i] = id;
    buf[2 * i + 1] = w;
  });
  return `sha256:${createHash('sha256').update(new Uint8Array(buf.buffer)).digest('hex')}`;
}

export async function runWeighting(db: Database, options: RunWeightingOptions): Promise<WeightingRunSummary> {
  const { study, onProgress } = options;
  const actor = options.actor ?? 'system';
  const def = runDefinition(study, options.wave);
  const stored = await storedWave(db, study.id, def.wave.id);
  let t = performance.now();
  onProgress?.({ phase: 'read', done: 0, total: 1 });
  const responses = await (options.responses ?? ((id) => weightableResponses(db, id)))(stored.id);
  onProgress?.({ phase: 'read', done: 1, total: 1 });
  const readMs = performance.now() - t;
  t = performance.now();
  const computed = computeWeights(study, def.wave.id, responses, (done, total, country) =>
    onProgress?.({ phase: 'weight', done, total, country }),
  );
  const hash = weightsHash(computed.countries);
  const responseSetHash = `sha256:${createHash('sha256')
    .update(new Uint8Array(Float64Array.from(responses, (r) => r.id).buffer))
    .digest('hex')}`;
  const computeMs = performance.now() - t;
  const input: RunInput = {
    responses: responses.length,
    weighted: computed.countries.reduce((a, c) => a + c.responseIds.length, 0),
    unknownCountry: computed.unknownCountry,
    responseSetHash,
  };
  t = performance.now();
  const { runId, createdAt, previousRunId, series } = await db.transaction(async (tx) => {
    const run = await storeRun(tx, { waveId: stored.id, actor, def, input, hash, computed, onProgress });
    // Disclosure gate: the series this run would publish, audited before it is made current (throws: nothing written).
    const series = await protectedWaveSeries(study, stored, run.id, computed.countries, responses);
    await assertDisclosureSafe(study, def.wave.id, series, series.weights);
    await audit(tx, {
      actor,
      action: 'weighting_run.create',
      targetType: 'weighting_run',
      targetId: run.id,
      details: { study: study.id, wave: def.wave.id, weightsHash: hash, warnings: computed.warnings.length },
    });
    const previous = await makeRunCurrent(tx, { waveId: stored.id, runId: run.id, actor });
    return { runId: run.id, createdAt: run.createdAt, previousRunId: previous, series };
  });
  const storeMs = performance.now() - t;
  let materialiseMs = 0;
  let materialiseDbMs = 0;
  let publication: PublicationCheck | undefined;
  if (options.materialise !== false) {
    t = performance.now();
    onProgress?.({ phase: 'materialise', done: 0, total: 1 });
    const m = await materialiseWave(db, {
      study,
      wave: stored,
      runId,
      countries: computed.countries,
      responses,
      series,
    });
    materialiseDbMs = m.dbMs;
    publication = m.check;
    onProgress?.({ phase: 'materialise', done: 1, total: 1 });
    materialiseMs = performance.now() - t;
  }
  return {
    id: runId,
    study: study.id,
    wave: def.wave.id,
    waveId: stored.id,
    createdAt: createdAt.toISOString(),
    actor,
    parameters: def.parameters,
    definitionFingerprint: def.fingerprint,
    input,
    weightsHash: hash,
    countries: computed.countries.map((c) => c.diagnostics),
    warnings: computed.warnings,
    previousRunId,
    timings: { readMs, computeMs, storeMs, materialiseMs, materialiseDbMs },
    ...(publication ? { publication } : {}),
  };
}

/** Stores a run and its weights (in chunks, with progress); returns the run's id and time. */
async function storeRun(
  tx: Tx,
  run: {
    waveId: string;
    actor: string;
    def: ReturnType<typeof runDefinition>;
    input: RunInput;
    hash: string;
    computed: ReturnType<typeof computeWeights>;
    onProgress: RunWeightingOptions['onProgress'];
  },
): Promise<{ id: string; createdAt: Date }> {
  const { actor, def, input, hash, computed, onProgress } = run;
  const [row] = await tx
    .insert(schema.weightingRuns)
    .values({
      waveId: run.waveId,
      actor,
      parameters: def.parameters,
      definitionFingerprint: def.fingerprint,
      input,
      weightsHash: hash,
      countries: computed.countries.map((c) => ({ ...c.diagnostics, structure: c.structure })),
      warnings: computed.warnings,
    })
    .returning({ id: schema.weightingRuns.id, createdAt: schema.weightingRuns.createdAt });
  if (!row) throw new Error('the weighting run was not stored');
  const all = flatten(computed.countries);
  await inChunks(
    all.ids.length,
    25_000,
    (from, to) => sql`insert into response_weights (run_id, response_id, country, weight, raked_weight, cell)
      select ${row.id}::uuid, r, c, w, rw, cell
      from unnest(${numberArray(all.ids.subarray(from, to))}::bigint[], ${textArray(all.countries.slice(from, to))}::text[], ${numberArray(all.weights.subarray(from, to))}::float8[],
                  ${numberArray(all.raked.subarray(from, to))}::float8[], ${numberArray(all.cells.subarray(from, to))}::int[]) as t(r, c, w, rw, cell)`,
    tx,
    (done, total) => onProgress?.({ phase: 'store', done, total }),
  );
  return row;
}

/** Makes `runId` the wave's current run (the row locked while it changes), audited; returns the run it replaces, if any. */
export async function makeRunCurrent(
  tx: Tx,
  change: { waveId: string; runId: string; actor: string },
): Promise<string | null> {
  const [previous] = await tx
    .select({ runId: schema.currentWeightingRuns.runId })
    .from(schema.currentWeightingRuns)
    .where(eq(schema.currentWeightingRuns.waveId, change.waveId))
    .for('update');
  await tx
    .insert(schema.currentWeightingRuns)
    .values({ waveId: change.waveId, runId: change.runId })
    .onConflictDoUpdate({
      target: schema.currentWeightingRuns.waveId,
      set: { runId: change.runId, changedAt: sql`now()` },
    });
  await audit(tx, {
    actor: change.actor,
    action: 'weighting_run.set_current',
    targetType: 'wave',
    targetId: change.waveId,
    details: { from: previous?.runId ?? null, to: change.runId },
  });
  return previous?.runId ?? null;
}

/** Every country's stored columns, one after the other. */
function flatten(countries: readonly CountryWeights[]) {
  const size = countries.reduce((a, c) => a + c.responseIds.length, 0);
  const ids = new Float64Array(size);
  const weights = new Float64Array(size);
  const raked = new Float64Array(size);
  const cells = new Int32Array(size);
  const names: string[] = [];
  let at = 0;
  for (const c of countries) {
    ids.set(c.responseIds, at);
    weights.set(c.weights, at);
    raked.set(c.rakedWeights, at);
    cells.set(c.cells, at);
    for (let i = 0; i < c.responseIds.length; i++) names.push(c.diagnostics.iso3);
    at += c.responseIds.length;
  }
  return { ids, weights, raked, cells, countries: names };
}
