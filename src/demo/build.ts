/**
 * Builds the demo world in a database: the flagship study's waves are opened in turn, simulated
 * respondents answer them through the collection service, the past waves are closed (the latest
 * stays open when its definition says it is fielding, so real respondents can still answer).
 */
import type { Database } from '../../db/index.ts';
import { closeWave, findWave, openWave } from '../collection/definitions.ts';
import { loadInstrument } from '../collection/waves.ts';
import { writeWaveInBulk, type BulkTimes } from './bulk.ts';
import { collectWave, startsFor, type CollectProgress } from './collect.ts';
import { inThread, type WaveSource } from './generate.ts';
import { inWorker } from './worker-source.ts';
import { FIELDED_WAVES, type SimulatedWave } from './targets.ts';
import type { SimulatedWorld } from './world.ts';

/** A demo that cannot be built as asked (a wave already opened, an unknown country): the user's to fix. */
export class DemoError extends Error {
  override readonly name = 'DemoError';
}

export interface DemoSize {
  /** Submitted responses per country per wave, as a share of the wave's target completes (1: about 1,000). */
  readonly scale: number;
  /** Only these countries (ISO3); all of the study's by default. */
  readonly countries?: readonly string[] | undefined;
  /**
   * The waves fielded, in order: `FIELDED_WAVES` (2022–2026) by default; add the planned 2028 wave
   * (instrument v4, the perception question) for a world with perceptions against reality.
   */
  readonly waves?: readonly SimulatedWave[] | undefined;
}

export type DemoProgress =
  | {
      readonly phase: 'collect';
      readonly wave: string;
      readonly done: number;
      readonly total: number;
      readonly submitted: number;
      readonly breakOffs: number;
    }
  | {
      readonly phase: 'collected';
      readonly wave: string;
      readonly submitted: number;
      readonly breakOffs: number;
      readonly status: 'open' | 'closed';
    };

export interface CollectedWave {
  readonly wave: string;
  readonly waveId: string;
  readonly submitted: number;
  readonly breakOffs: number;
  readonly status: 'open' | 'closed';
}

/** Respondents who start, per country, for a wave at a size. */
export function demoPlan(world: SimulatedWorld, wave: string, size: DemoSize): Map<string, number> {
  const definition = world.study.waves.find((w) => w.id === wave);
  if (!definition) throw new DemoError(`study ${world.study.id} has no wave ${wave}`);
  const wanted = size.countries ? new Set(size.countries) : undefined;
  if (wanted)
    for (const iso3 of wanted)
      if (!definition.countries.some((c) => c.iso3 === iso3))
        throw new DemoError(`wave ${wave} does not cover ${iso3}`);
  return new Map(
    definition.countries
      .filter((c) => !wanted || wanted.has(c.iso3))
      .map((c) => [c.iso3, startsFor(c.targetCompletes * size.scale)]),
  );
}

/**
 * Opens each wave of the simulation (it must still be a draft: the demo needs waves no one has
 * answered), lets the simulated respondents answer it, and closes it unless it is fielding.
 */
export async function collectDemo(
  db: Database,
  world: SimulatedWorld,
  options: {
    readonly size: DemoSize;
    readonly seed: string;
    readonly concurrency: number;
    /** Through the collection service (each respondent's calls), or in bulk (bulk.ts: the same rows in batches). */
    readonly through?: 'service' | 'bulk';
    readonly onProgress?: (p: DemoProgress) => void;
    readonly signal?: AbortSignal | undefined;
    /** Bulk only: where the time went, added to. */
    readonly times?: BulkTimes;
    /** Bulk only: walk the respondents in this thread (the default) or in a worker thread while this one inserts. */
    readonly generateIn?: 'thread' | 'worker';
    /** Called once a wave is collected (and closed), before the next one starts: a worker generates the next meanwhile. */
    readonly afterWave?: (wave: CollectedWave) => Promise<void>;
  },
): Promise<CollectedWave[]> {
  const rows = [];
  // Every check before anything is written: a demo that cannot finish does not start.
  for (const wave of options.size.waves ?? FIELDED_WAVES) {
    const row = await findWave(db, world.study.id, wave);
    if (!row) throw new DemoError(`wave ${world.study.id}/${wave} is not in the database (load the definitions first)`);
    if (row.status !== 'draft')
      throw new DemoError(
        `wave ${wave} is already ${row.status}: the demo builds its world on a database where no flagship wave has opened`,
      );
    demoPlan(world, wave, options.size);
    rows.push({ wave, row });
  }
  const source = bulkSource(world, options);
  // The worker generates every wave in turn, running ahead of the inserts and of `afterWave`.
  if (source?.queue) {
    const waves = [];
    for (const { wave, row } of rows)
      waves.push({
        wi: await loadInstrument(db, row.instrumentId),
        plan: { waveId: row.id, wave, starts: demoPlan(world, wave, options.size) },
      });
    source.queue(waves);
  }
  try {
    return await collectWaves(db, world, rows, source, options);
  } finally {
    await source?.close();
  }
}

/** Where the bulk path's rows come from (none through the service). */
function bulkSource(
  world: SimulatedWorld,
  options: {
    readonly seed: string;
    readonly through?: 'service' | 'bulk';
    readonly generateIn?: 'thread' | 'worker';
    readonly signal?: AbortSignal | undefined;
  },
): WaveSource | undefined {
  if (options.through !== 'bulk') return undefined;
  const at = { seed: options.seed, now: Date.now() };
  return options.generateIn === 'worker' ? inWorker(world, at) : inThread(world, { ...at, signal: options.signal });
}

/** Opens, collects and closes each wave in turn. */
async function collectWaves(
  db: Database,
  world: SimulatedWorld,
  rows: readonly { wave: string; row: { id: string } }[],
  source: WaveSource | undefined,
  options: Parameters<typeof collectDemo>[2],
): Promise<CollectedWave[]> {
  const out: CollectedWave[] = [];
  for (const { wave, row } of rows) {
    if (options.signal?.aborted) break;
    const definition = world.study.waves.find((w) => w.id === wave);
    await openWave(db, row.id, { actor: 'demo' });
    const starts = demoPlan(world, wave, options.size);
    const total = [...starts.values()].reduce((s, n) => s + n, 0);
    const onFlow = (p: CollectProgress) => options.onProgress?.({ phase: 'collect', wave, total, ...p });
    const plan = { waveId: row.id, wave, starts };
    const result = source
      ? await writeWaveInBulk(db, source, plan, {
          onFlow,
          signal: options.signal,
          times: options.times,
        })
      : await collectWave(db, world, plan, {
          seed: options.seed,
          concurrency: options.concurrency,
          onFlow,
          signal: options.signal,
        });
    if (options.signal?.aborted) break;
    const status = definition?.status === 'fielding' ? 'open' : 'closed';
    if (status === 'closed') await closeWave(db, row.id, { actor: 'demo' });
    options.onProgress?.({
      phase: 'collected',
      wave,
      submitted: result.submitted,
      breakOffs: result.breakOffs,
      status,
    });
    const collected: CollectedWave = {
      wave,
      waveId: row.id,
      submitted: result.submitted,
      breakOffs: result.breakOffs,
      status,
    };
    out.push(collected);
    await options.afterWave?.(collected);
  }
  return out;
}
