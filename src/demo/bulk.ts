/**
 * The bulk path of the demo world: the planned respondents of a wave (plan.ts) walk the wave's
 * instrument in this thread or a worker thread (generate.ts, walk.ts: every page validated by the
 * instrument's answer validation, arms assigned as the service assigns them), and their sessions,
 * responses and experiment
 * positions are written in batches — one `insert … select … from jsonb_to_recordset($1)` per
 * table and batch, which PGlite and PostgreSQL both take — instead of three to a dozen service
 * calls per respondent. The rows are those the service writes (test/demo/bulk.test.ts compares
 * them table by table, column by column).
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../db/index.ts';
import { openWaveInstrument } from '../collection/session-cache.ts';
import type { CollectPlan, CollectProgress } from './collect.ts';
import type { PositionRow, WaveSource } from './generate.ts';

/**
 * Whether this connection may turn off the foreign-key checks of a batch (a superuser: PGlite's
 * own, and PostgreSQL's `postgres`). The checks cost a query per reference (four per respondent:
 * about 5 s of a full world on PGlite) for references the batch makes itself — the wave and
 * instrument just opened, the sessions inserted by the same statement — as `pg_restore
 * --disable-triggers` skips them; test/demo/bulk.test.ts compares the rows with the service's.
 * Another role writes with the checks on.
 */
async function mayDisableChecks(db: Database): Promise<boolean> {
  const [row] = rowsOf<{ rolsuper: boolean }>(
    await db.execute(sql`select rolsuper from pg_roles where rolname = current_user`),
  );
  return row?.rolsuper === true;
}

/**
 * One statement per batch: the sessions, then their responses, which take the presentation order
 * from the session row just inserted (the same value, sent and parsed once).
 */
async function insertBatch(db: Database, sessions: string, responses: string, noChecks: boolean) {
  await db.transaction(async (tx) => {
    if (noChecks) await tx.execute(sql`set local session_replication_role = replica`);
    await insertRows(tx, sessions, responses);
  });
}

async function insertRows(db: Tx, sessions: string, responses: string) {
  await db.execute(sql`
    with s as (
      insert into sessions (id, wave_id, secret_hash, status, language, presentation, consented_at, answers, paradata,
                            device_class, started_at, updated_at, ended_at, version)
      select id, wave_id, secret_hash, status, language, presentation, consented_at, answers, paradata,
             device_class, started_at, updated_at, ended_at, version
        from jsonb_to_recordset(${sessions}::text::jsonb) as x(
          id uuid, wave_id uuid, secret_hash text, status text, language text, presentation jsonb, consented_at timestamptz,
          answers jsonb, paradata jsonb, device_class text, started_at timestamptz, updated_at timestamptz,
          ended_at timestamptz, version int)
      returning id, presentation
    )
    insert into responses (session_id, wave_id, instrument_id, instrument_version, fingerprint, language, answers,
                           presentation, paradata, started_at, submitted_at)
    select r.session_id, r.wave_id, r.instrument_id, r.instrument_version, r.fingerprint, r.language, r.answers,
           s.presentation, r.paradata, r.started_at, r.submitted_at
      from jsonb_to_recordset(${responses}::text::jsonb) as r(
        session_id uuid, wave_id uuid, instrument_id uuid, instrument_version text, fingerprint text, language text,
        answers jsonb, paradata jsonb, started_at timestamptz, submitted_at timestamptz)
      join s on s.id = r.session_id`);
}

async function insertPositions(db: Database, waveId: string, rows: readonly PositionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into experiment_positions (wave_id, experiment, stratum, next)
    select ${waveId}::uuid, experiment, stratum, next
      from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as x(experiment text, stratum text, next int)`);
}

/**
 * Where the time of a bulk build went (ms): generating and validating respondents (in whichever
 * thread does it), inserting them (in this thread), and this thread waiting for the next batch
 * (with a worker: what generating adds to the build beyond the inserts it overlaps).
 */
export interface BulkTimes {
  generate: number;
  insert: number;
  wait?: number;
}

/** Writes every planned respondent of an open wave in bulk, batch by batch as `source` generates them. */
export async function writeWaveInBulk(
  db: Database,
  source: WaveSource,
  plan: CollectPlan,
  options: {
    readonly onFlow?: (p: CollectProgress) => void;
    readonly signal?: AbortSignal | undefined;
    readonly times?: BulkTimes;
  },
): Promise<CollectProgress> {
  const wi = await openWaveInstrument(db, plan.waveId);
  const noChecks = await mayDisableChecks(db);
  const times = options.times ?? { generate: 0, insert: 0 };
  let progress: CollectProgress = { done: 0, submitted: 0, breakOffs: 0 };
  const batches = source.batches(wi, plan);
  for (;;) {
    const asked = performance.now();
    const step = await batches.next();
    times.wait = (times.wait ?? 0) + performance.now() - asked;
    if (step.done === true) {
      await insertPositions(db, plan.waveId, step.value);
      return progress;
    }
    if (options.signal?.aborted === true) return progress;
    const { wave: _wave, sessions, responses, ms, ...counts } = step.value;
    times.generate += ms;
    const t0 = performance.now();
    await insertBatch(db, sessions, responses, noChecks);
    times.insert += performance.now() - t0;
    progress = counts;
    options.onFlow?.(progress);
  }
}
