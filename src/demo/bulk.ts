/**
 * The bulk path of the demo world: the planned respondents of a wave (plan.ts) walk the wave's
 * instrument in this process (walk.ts: every page validated by the instrument's answer validation,
 * arms assigned as the service assigns them), and their sessions, responses and experiment
 * positions are written in batches — one `insert … select … from jsonb_to_recordset($1)` per
 * table and batch, which PGlite and PostgreSQL both take — instead of three to a dozen service
 * calls per respondent. The rows are those the service writes (test/demo/bulk.test.ts compares
 * them table by table, column by column).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/index.ts';
import type { ClaimedPosition, WavePositions } from '../collection/assignment.ts';
import { openWaveInstrument } from '../collection/session-cache.ts';
import { seededRandom } from '../instrument/random.ts';
import { waveInstrument } from '../instrument/index.ts';
import type { CollectPlan, CollectProgress } from './collect.ts';
import { armReader, plannedRespondents } from './plan.ts';
import { walkRespondent, type ResponseRow, type SessionRow } from './walk.ts';
import type { SimulatedWorld } from './world.ts';

/** Respondents per insert statement. */
const BATCH = 2000;

/** Positions of the wave's experiment strata, claimed in memory and written once at the end. */
function memoryPositions(wave: string): WavePositions & { readonly next: Map<string, number> } {
  const next = new Map<string, number>();
  return {
    next,
    claim(experiment, stratum): Promise<ClaimedPosition> {
      const key = `${experiment}\n${stratum}`;
      const position = next.get(key) ?? 0;
      next.set(key, position + 1);
      return Promise.resolve({ wave, position });
    },
  };
}

/**
 * One statement per batch: the sessions, then their responses, which take the presentation order
 * from the session row just inserted (the same value; it is most of a row's size, so it is sent and
 * parsed once).
 */
async function insertBatch(db: Database, sessions: readonly SessionRow[], responses: readonly ResponseRow[]) {
  if (sessions.length === 0) return;
  const sent = responses.map(({ presentation: _shown, ...rest }) => rest);
  await db.execute(sql`
    with s as (
      insert into sessions (id, wave_id, secret_hash, status, language, presentation, consented_at, answers, paradata,
                            device_class, started_at, updated_at, ended_at, version)
      select id, wave_id, secret_hash, status, language, presentation, consented_at, answers, paradata,
             device_class, started_at, updated_at, ended_at, version
        from jsonb_to_recordset(${JSON.stringify(sessions)}::text::jsonb) as x(
          id uuid, wave_id uuid, secret_hash text, status text, language text, presentation jsonb, consented_at timestamptz,
          answers jsonb, paradata jsonb, device_class text, started_at timestamptz, updated_at timestamptz,
          ended_at timestamptz, version int)
      returning id, presentation
    )
    insert into responses (session_id, wave_id, instrument_id, instrument_version, fingerprint, language, answers,
                           presentation, paradata, started_at, submitted_at)
    select r.session_id, r.wave_id, r.instrument_id, r.instrument_version, r.fingerprint, r.language, r.answers,
           s.presentation, r.paradata, r.started_at, r.submitted_at
      from jsonb_to_recordset(${JSON.stringify(sent)}::text::jsonb) as r(
        session_id uuid, wave_id uuid, instrument_id uuid, instrument_version text, fingerprint text, language text,
        answers jsonb, paradata jsonb, started_at timestamptz, submitted_at timestamptz)
      join s on s.id = r.session_id`);
}

async function insertPositions(db: Database, waveId: string, next: ReadonlyMap<string, number>): Promise<void> {
  const rows = [...next].map(([key, n]) => {
    const [experiment, stratum] = key.split('\n');
    return { experiment, stratum, next: n };
  });
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into experiment_positions (wave_id, experiment, stratum, next)
    select ${waveId}::uuid, experiment, stratum, next
      from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as x(experiment text, stratum text, next int)`);
}

/** Where the time of a bulk wave went (ms): generating and walking respondents, and inserting. */
export interface BulkTimes {
  generate: number;
  insert: number;
}

/**
 * Writes every planned respondent of an open wave in bulk. Sessions start one after another a few
 * seconds apart, ending now; each page takes 5–60 s (a seeded draw per wave).
 */
export async function writeWaveInBulk(
  db: Database,
  world: SimulatedWorld,
  plan: CollectPlan,
  options: {
    readonly seed: string;
    readonly onFlow?: (p: CollectProgress) => void;
    readonly signal?: AbortSignal | undefined;
    readonly times?: BulkTimes;
  },
): Promise<CollectProgress> {
  const wi = await openWaveInstrument(db, plan.waveId);
  const armOf = armReader(waveInstrument(world.study, plan.wave));
  const positions = memoryPositions(plan.wave);
  const timing = seededRandom(`demo-times:${options.seed}:${plan.wave}`);
  const seconds = () => 5 + Math.floor(timing() * 56);
  const total = [...plan.starts.values()].reduce((s, n) => s + n, 0);
  let clock = Date.now() - total * 3_000 - 3_600_000;
  const progress = { done: 0, submitted: 0, breakOffs: 0 };
  const times = options.times ?? { generate: 0, insert: 0 };
  let sessions: SessionRow[] = [];
  let responses: ResponseRow[] = [];
  const flush = async () => {
    const t0 = performance.now();
    await insertBatch(db, sessions, responses);
    times.insert += performance.now() - t0;
    sessions = [];
    responses = [];
    options.onFlow?.(progress);
  };
  let t0 = performance.now();
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
    // Let the server answer requests while the world is generated (the walk itself never waits for I/O).
    if (progress.done % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (sessions.length >= BATCH) {
      times.generate += performance.now() - t0;
      await flush();
      t0 = performance.now();
    }
  }
  times.generate += performance.now() - t0;
  await flush();
  await insertPositions(db, plan.waveId, positions.next);
  return progress;
}
