/**
 * The ceiling for the ingest benchmark: the same rows a respondent flow makes the server write,
 * written by a bare `postgres` client loop at the same concurrency — the same statements
 * (db/writes.ts), prepared, over the same pool of reserved connections (db/pool.ts),
 * but one request's row per statement: no HTTP, no validation, no rendering, and no batching
 * across respondents (which is the server's own contribution).
 */
import { createHash, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { pooledClient } from '../../db/pool.ts';
import { writeParams, writeStatement, type Write } from '../../db/writes.ts';
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from './stats.ts';

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
  const [inst] = await sql<
    { id: string; version: string; fingerprint: string }[]
  >`select i.id, i.version, i.fingerprint from instruments i join waves w on w.instrument_id = i.id where w.id = ${o.waveId}`;
  if (!inst) throw new Error('wave has no instrument');
  // The server's own connection handling (db/pool.ts: reserved connections, FIFO, prepared statements).
  const pool = pooledClient(sql, o.poolSize);
  /** One statement with one row, as the server sends it for a batch of one. */
  const one = async (write: Write): Promise<string> => {
    const rows = await pool.unsafe(writeStatement, writeParams([write]).params);
    const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
    const value = typeof first === 'object' && first !== null && 'outcome' in first ? first.outcome : undefined;
    if (typeof value !== 'string') throw new Error(`ceiling: ${write.kind} not written`);
    return value;
  };

  const flow = async () => {
    const id = randomUUID();
    const now = () => new Date().toISOString();
    await one({
      kind: 'start',
      row: {
        id,
        wave_id: o.waveId,
        secret_hash: sha(id),
        invitation_hash: null,
        mode: 'web',
        interviewer_id: null,
        language: 'en',
        presentation: o.presentation,
        paradata: { pages: [] },
        device_class: 'desktop',
        device_hash: null,
        at: now(),
        scope: `start:${o.waveId}`,
        key: randomUUID(),
        request_hash: sha(id),
        body: o.sampleBodies.start,
      },
    });
    const scope = `session:${id}`;
    const answers: Record<string, unknown> = {};
    const pages: unknown[] = [];
    let version = 0;
    for (const p of o.pages) {
      Object.assign(answers, p.answers);
      pages.push({ at: now(), block: p.blockId, serverSeconds: 0 });
      version = Number(
        await one({
          kind: 'save',
          row: {
            id,
            wave_id: o.waveId,
            version,
            answers,
            paradata: { pages },
            at: now(),
            scope,
            key: randomUUID(),
            request_hash: sha(id),
            body: o.sampleBodies.save,
          },
        }),
      );
    }
    await one({
      kind: 'submit',
      row: {
        id,
        wave_id: o.waveId,
        version,
        instrument_id: inst.id,
        instrument_version: inst.version,
        fingerprint: inst.fingerprint,
        answers,
        paradata: { pages, deviceClass: 'desktop', startedAt: now(), submittedAt: now() },
        at: now(),
        scope,
        key: randomUUID(),
        request_hash: sha(id),
        body: o.sampleBodies.submit,
      },
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
