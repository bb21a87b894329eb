/**
 * The rows of a bulk wave, generated in batches: the planned respondents of a wave (plan.ts) walk
 * the wave's instrument (walk.ts), and every `BATCH` of them leaves as the JSON the insert
 * statement reads (bulk.ts). Runs in the thread that inserts, or in a worker thread
 * (generate-worker.ts) so that generating the next batch overlaps inserting the last.
 */
import type { ClaimedPosition, WavePositions } from '../collection/assignment.ts';
import type { WaveInstrument } from '../collection/waves.ts';
import { seededRandom } from '../instrument/random.ts';
import { waveInstrument } from '../instrument/index.ts';
import type { CollectPlan } from './collect.ts';
import { armReader, plannedRespondents } from './plan.ts';
import { walkRespondent, type ResponseRow, type SessionRow } from './walk.ts';
import type { SimulatedWorld } from './world.ts';

/** Respondents per insert statement. */
export const BATCH = 2000;

/** A batch of walked respondents, as JSON arrays of rows (responses without their presentation order, taken from the session). */
export interface RowBatch {
  readonly wave: string;
  readonly sessions: string;
  readonly responses: string;
  readonly done: number;
  readonly submitted: number;
  readonly breakOffs: number;
  /** Milliseconds spent generating and validating this batch. */
  readonly ms: number;
}

/** A wave's experiment positions once every respondent has been assigned (stratum → next position). */
export interface PositionRow {
  readonly experiment: string;
  readonly stratum: string;
  readonly next: number;
}

/** Positions of the wave's experiment strata, claimed in memory and written once at the end. */
function memoryPositions(wave: string): WavePositions & { readonly rows: () => PositionRow[] } {
  const next = new Map<string, { experiment: string; stratum: string; next: number }>();
  return {
    rows: () => [...next.values()],
    claim(experiment, stratum): Promise<ClaimedPosition> {
      const key = `${experiment}\n${stratum}`;
      const row = next.get(key) ?? { experiment, stratum, next: 0 };
      next.set(key, { ...row, next: row.next + 1 });
      return Promise.resolve({ wave, position: row.next });
    },
  };
}

/** The JSON of a batch: the responses leave their presentation order out (the insert takes the session's). */
function batchOf(
  sessions: readonly SessionRow[],
  responses: readonly ResponseRow[],
): Pick<RowBatch, 'sessions' | 'responses'> {
  return {
    sessions: JSON.stringify(sessions),
    responses: JSON.stringify(responses.map(({ presentation: _shown, ...rest }) => rest)),
  };
}

/**
 * Walks every planned respondent of a wave and yields them in batches; returns the experiment
 * positions claimed. Sessions start one after another a few seconds apart, ending an hour before
 * `now`; each page takes 5–60 s (a seeded draw per wave).
 */
export async function* generateWave(
  wi: WaveInstrument,
  world: SimulatedWorld,
  plan: CollectPlan,
  options: { readonly seed: string; readonly now: number; readonly signal?: AbortSignal | undefined },
): AsyncGenerator<RowBatch, PositionRow[]> {
  const armOf = armReader(waveInstrument(world.study, plan.wave));
  const positions = memoryPositions(plan.wave);
  const timing = seededRandom(`demo-times:${options.seed}:${plan.wave}`);
  const seconds = () => 5 + Math.floor(timing() * 56);
  const total = [...plan.starts.values()].reduce((s, n) => s + n, 0);
  let clock = options.now - total * 3_000 - 3_600_000;
  const progress = { done: 0, submitted: 0, breakOffs: 0 };
  let sessions: SessionRow[] = [];
  let responses: ResponseRow[] = [];
  let t0 = performance.now();
  const batch = (): RowBatch => {
    const out = { wave: plan.wave, ...batchOf(sessions, responses), ...progress, ms: performance.now() - t0 };
    sessions = [];
    responses = [];
    return out;
  };
  for (const { respondent, userAgent } of plannedRespondents(world, plan.wave, plan.starts, options.seed)) {
    if (options.signal?.aborted === true) break;
    clock += 3_000;
    const walked = await walkRespondent(wi, plan.waveId, respondent, {
      userAgent,
      armOf,
      positions,
      startedAt: clock,
      seconds,
    });
    sessions.push(walked.session);
    if (walked.response) responses.push(walked.response);
    progress.done++;
    if (walked.response) progress.submitted++;
    else progress.breakOffs++;
    // In the server's thread, let it answer requests while the world is generated (the walk never waits for I/O).
    if (progress.done % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (sessions.length >= BATCH) {
      yield batch();
      t0 = performance.now();
    }
  }
  if (sessions.length > 0) yield batch();
  return positions.rows();
}

/** Where a wave's batches come from: the inserting thread itself, or a worker thread. */
export interface WaveSource {
  /**
   * The waves whose batches will be asked for, in that order: a worker generates them one after
   * another, running ahead of the inserts (and of whatever this thread does between two waves).
   */
  queue?(waves: readonly { readonly wi: WaveInstrument; readonly plan: CollectPlan }[]): void;
  batches(wi: WaveInstrument, plan: CollectPlan): AsyncGenerator<RowBatch, PositionRow[]>;
  close(): Promise<void>;
}

/** Generates in the thread that inserts (batches alternate with their inserts). */
export function inThread(
  world: SimulatedWorld,
  options: { readonly seed: string; readonly now: number; readonly signal?: AbortSignal | undefined },
): WaveSource {
  return { batches: (wi, plan) => generateWave(wi, world, plan, options), close: () => Promise.resolve() };
}
