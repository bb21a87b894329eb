/**
 * The ceiling for the ingest benchmark: the same rows a respondent flow makes the server write,
 * written by a bare `postgres` client loop with the same statements (text as drizzle renders
 * them, prepared as db/pool.ts sends them), the same transactions, the same pool size and the
 * same connection handling — no HTTP, no validation, no rendering.
 */
import { createHash, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { pooledClient, type TxClient } from '../../db/pool.ts';
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from './stats.ts';

const selectWave = `select "id", "status", "instrument_id", "definition" from "waves" where "waves"."id" = $1`;
const claimKey = `insert into "idempotency_keys" ("scope", "key", "request_hash", "status", "body", "created_at") values ($1, $2, $3, $4, $5, default) on conflict do nothing returning "key"`;
const storeKey = `update "idempotency_keys" set "status" = $1, "body" = $2 where ("idempotency_keys"."scope" = $3 and "idempotency_keys"."key" = $4)`;
const insertSession = `insert into "sessions" ("id", "wave_id", "secret_hash", "invitation_id", "status", "language", "presentation", "consented_at", "answers", "paradata", "device_class", "device_hash", "started_at", "updated_at", "ended_at") values ($1, $2, $3, $4, default, $5, $6, now(), $7, $8, $9, $10, default, default, default)`;
const lockSession = `select "sessions"."id", "sessions"."wave_id", "sessions"."secret_hash", "sessions"."invitation_id", "sessions"."status", "sessions"."language", "sessions"."presentation", "sessions"."consented_at", "sessions"."answers", "sessions"."paradata", "sessions"."device_class", "sessions"."device_hash", "sessions"."started_at", "sessions"."updated_at", "sessions"."ended_at", "waves"."status", "waves"."instrument_id" from "sessions" inner join "waves" on "waves"."id" = "sessions"."wave_id" where "sessions"."id" = $1 for update of "sessions"`;
const saveAnswers = `update "sessions" set "answers" = $1, "paradata" = $2, "updated_at" = $3 where "sessions"."id" = $4`;
const insertResponse = `insert into "responses" ("id", "session_id", "wave_id", "instrument_id", "instrument_version", "fingerprint", "language", "answers", "presentation", "paradata", "started_at", "submitted_at") values (default, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning "id"`;
const markSubmitted = `update "sessions" set "status" = $1, "updated_at" = $2, "ended_at" = $3 where "sessions"."id" = $4`;

export interface CeilingOptions {
  readonly url: string;
  readonly waveId: string;
  readonly concurrency: number;
  readonly poolSize: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** The page bodies the server stores with idempotency keys (sizes matter). */
  readonly sampleBodies: { readonly start: unknown; readonly save: unknown; readonly submit: unknown };
  readonly pages: readonly { readonly blockId: string; readonly answers: Record<string, unknown> }[];
  readonly presentation: unknown;
}

export interface CeilingResult {
  readonly flowsPerSecond: number;
  readonly transactionsPerSecond: number;
  readonly perSecond: number[];
  readonly cpu: ReturnType<typeof cpuBetween>;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export async function runCeiling(o: CeilingOptions): Promise<CeilingResult> {
  const sql = postgres(o.url, { max: o.poolSize, onnotice: () => {} });
  const [inst] = await sql<{ id: string; version: string; fingerprint: string }[]>`select i.id, i.version, i.fingerprint from instruments i join waves w on w.instrument_id = i.id where w.id = ${o.waveId}`;
  if (!inst) throw new Error('wave has no instrument');
  // The server's own connection handling (db/pool.ts: reserved connections, FIFO, prepared statements).
  const pool = pooledClient(sql, o.poolSize);
  const tx = <T>(fn: (t: TxClient) => Promise<T>): Promise<T> => pool.begin(fn);
  const j = (x: unknown) => x as postgres.JSONValue;

  // The round trips the server makes (src/collection/idempotency.ts): BEGIN goes out with the
  // first statements; the key is claimed in the same round trip as the first read; the writes go
  // out together with storing the result; then COMMIT.
  const flow = async () => {
    const sessionId = randomUUID();
    const startScope = `start:${o.waveId}`;
    await tx(async (t) => {
      const key = randomUUID();
      await Promise.all([t.unsafe(claimKey, [startScope, key, sha(key), 0, j({})]), t.unsafe(selectWave, [o.waveId])]);
      await Promise.all([
        t.unsafe(insertSession, [sessionId, o.waveId, sha(sessionId), null, 'en', j(o.presentation), j({}), j({ pages: [] }), 'desktop', null]),
        t.unsafe(storeKey, [201, j(o.sampleBodies.start), startScope, key]),
      ]);
    });
    const scope = `session:${sessionId}`;
    const answers: Record<string, unknown> = {};
    const pages: unknown[] = [];
    for (const p of o.pages) {
      Object.assign(answers, p.answers);
      pages.push({ at: new Date().toISOString(), block: p.blockId, serverSeconds: 0 });
      await tx(async (t) => {
        const key = randomUUID();
        await Promise.all([t.unsafe(claimKey, [scope, key, sha(key), 0, j({})]), t.unsafe(lockSession, [sessionId])]);
        await Promise.all([t.unsafe(saveAnswers, [j(answers), j({ pages }), new Date(), sessionId]), t.unsafe(storeKey, [200, j(o.sampleBodies.save), scope, key])]);
      });
    }
    await tx(async (t) => {
      const key = randomUUID();
      const now = new Date();
      await Promise.all([t.unsafe(claimKey, [scope, key, sha(key), 0, j({})]), t.unsafe(lockSession, [sessionId])]);
      await Promise.all([
        t.unsafe(insertResponse, [sessionId, o.waveId, inst.id, inst.version, inst.fingerprint, 'en', j(answers), j(o.presentation), j({ pages, deviceClass: 'desktop', startedAt: now.toISOString(), submittedAt: now.toISOString() }), now, now]),
        t.unsafe(markSubmitted, ['submitted', now, now, sessionId]),
      ]);
      await t.unsafe(storeKey, [201, j(o.sampleBodies.submit), scope, key]);
    });
  };

  const t0 = performance.now();
  const measureFrom = t0 + o.warmupSeconds * 1000;
  const end = measureFrom + o.seconds * 1000;
  const perSecond: number[] = [];
  let flows = 0;
  let cpuStart: CpuSnapshot | undefined;
  const worker = async () => {
    while (performance.now() < end) {
      await flow();
      const at = performance.now();
      if (at >= measureFrom && at < end) {
        cpuStart ??= cpuSnapshot([]);
        flows++;
        const s = Math.floor((at - measureFrom) / 1000);
        while (perSecond.length <= s) perSecond.push(0);
        perSecond[s] = (perSecond[s] ?? 0) + 1;
      }
    }
  };
  let cpu: ReturnType<typeof cpuBetween>;
  try {
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    cpu = cpuBetween(cpuStart ?? cpuSnapshot([]), cpuSnapshot([]));
  } finally {
    await pool.end({ timeout: 5 });
  }
  const fps = flows / o.seconds;
  return { flowsPerSecond: fps, transactionsPerSecond: fps * (o.pages.length + 2), perSecond, cpu };
}
