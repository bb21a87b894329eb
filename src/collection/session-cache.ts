/**
 * What one process remembers of the respondent sessions it serves, so that a save or a submit
 * usually needs no read before its write: the sessions in progress it last wrote or read, the
 * waves it saw open, and the one batched write statement of the respondent writes. Every write
 * checks in its statement that what is remembered still holds (sessions.ts), so a stale entry
 * costs a retry, never a wrong write.
 */
import { eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import type { WaveStatus } from '../../db/schema.ts';
import { AppError, ConflictError } from '../errors.ts';
import type { PresentationOrder } from '../instrument/presentation.ts';
import { batcher, type Batcher } from './batch.ts';
import { secretMatches } from './secrets.ts';
import { loadInstrument, type WaveInstrument } from './waves.ts';
import { runWrites, type Write } from '../../db/writes.ts';

type SessionColumns = typeof schema.sessions.$inferSelect;

/**
 * A session as the services work with it: the columns of its row (the presentation as `order`)
 * with its wave's status and instrument.
 */
export interface Session extends Readonly<
  Pick<
    SessionColumns,
    | 'id'
    | 'waveId'
    | 'secretHash'
    | 'status'
    | 'language'
    | 'deviceClass'
    | 'mode'
    | 'interviewerId'
    | 'startedAt'
    | 'endedAt'
    | 'answers'
    | 'paradata'
    | 'version'
  >
> {
  readonly instrumentId: string;
  readonly waveStatus: WaveStatus;
  readonly order: PresentationOrder;
}

/** Sessions in progress kept in memory per process (most recently written last; a few KB each). */
const sessionsKept = 20_000;

export class SessionCache {
  /** Sessions in progress, least recently written first. */
  private readonly sessions = new Map<string, Session>();
  /** Wave id → instrument id, for waves seen open (a statement checks again that they still are). */
  private readonly openWaves = new Map<string, string>();
  /** Every respondent write (start, save, submit) goes out in one statement per batch. */
  readonly write: Batcher<Write, string | null>;

  constructor(db: Database) {
    // One row per session (or key, or invitation) per statement: a statement may touch a row only once.
    this.write = batcher((writes) => runWrites(db, writes), { maxBatch: 256, maxInFlight: 1, keyOf: writeKey });
  }

  recall(sessionId: string): Session | undefined {
    return this.sessions.get(sessionId);
  }

  /** Remembers a session as just written or read; one that has ended is forgotten. */
  keep(s: Session): void {
    this.sessions.delete(s.id);
    if (s.status !== 'in_progress') return;
    this.sessions.set(s.id, s);
    if (this.sessions.size > sessionsKept) {
      const oldest = this.sessions.keys().next();
      if (!oldest.done) this.sessions.delete(oldest.value);
    }
  }

  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  openWave(waveId: string): string | undefined {
    return this.openWaves.get(waveId);
  }

  keepOpenWave(waveId: string, instrumentId: string): void {
    this.openWaves.set(waveId, instrumentId);
  }

  forgetWave(waveId: string): void {
    this.openWaves.delete(waveId);
  }
}

function writeKey(w: Write): string {
  if (w.kind !== 'start') return w.row.id;
  return w.row.invitation_hash === null ? `k\n${w.row.scope}\n${w.row.key ?? w.row.id}` : `i\n${w.row.invitation_hash}`;
}

const caches = new WeakMap<Database, SessionCache>();

/** The session cache of one database handle in this process. */
export function sessionCacheOf(db: Database): SessionCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new SessionCache(db);
    caches.set(db, cache);
  }
  return cache;
}

/** The session row with its wave's status and instrument: one statement, no checks. */
export function sessionRow(db: Database, sessionId: string) {
  return db
    .select({ session: schema.sessions, waveStatus: schema.waves.status, instrumentId: schema.waves.instrumentId })
    .from(schema.sessions)
    .innerJoin(schema.waves, eq(schema.waves.id, schema.sessions.waveId))
    .where(eq(schema.sessions.id, sessionId))
    .execute();
}

/**
 * The session after checking its secret: remembered, or read (always read when `reread`).
 * The same error whether the id or the secret is wrong.
 */
export async function authorisedSession(
  db: Database,
  sessionId: string,
  secret: string | undefined,
  reread: boolean,
): Promise<{ s: Session; wi: WaveInstrument; recalled: boolean }> {
  const cache = sessionCacheOf(db);
  let s = reread ? undefined : cache.recall(sessionId);
  const recalled = s !== undefined;
  if (s === undefined) {
    cache.forget(sessionId);
    const [hit] = await sessionRow(db, sessionId);
    if (hit) {
      const row = hit.session;
      s = {
        id: row.id,
        waveId: row.waveId,
        instrumentId: hit.instrumentId,
        secretHash: row.secretHash,
        status: row.status,
        waveStatus: hit.waveStatus,
        language: row.language,
        deviceClass: row.deviceClass,
        mode: row.mode,
        interviewerId: row.interviewerId,
        startedAt: row.startedAt,
        endedAt: row.endedAt,
        order: row.presentation,
        answers: row.answers,
        paradata: row.paradata,
        version: row.version,
      };
      if (hit.waveStatus === 'open') cache.keep(s);
    }
  }
  if (s === undefined || secret === undefined || !secretMatches(secret, s.secretHash)) {
    throw new AppError('unauthorized', 'no session with this id and secret');
  }
  return { s, wi: await loadInstrument(db, s.instrumentId), recalled };
}

/** The instrument of an open wave; not found or a conflict otherwise. Read when not known open (or when `reread`). */
export async function openWaveInstrument(db: Database, waveId: string, reread = false): Promise<WaveInstrument> {
  const cache = sessionCacheOf(db);
  let instrumentId = reread ? undefined : cache.openWave(waveId);
  if (instrumentId === undefined) {
    cache.forgetWave(waveId);
    const [wave] = await db
      .select({ status: schema.waves.status, instrumentId: schema.waves.instrumentId })
      .from(schema.waves)
      .where(eq(schema.waves.id, waveId));
    if (!wave) throw new AppError('not_found', `wave ${waveId} not found`);
    if (wave.status !== 'open') throw new ConflictError('wave_not_open', `wave ${waveId} is ${wave.status}, not open`);
    instrumentId = wave.instrumentId;
    cache.keepOpenWave(waveId, instrumentId);
  }
  return loadInstrument(db, instrumentId);
}
