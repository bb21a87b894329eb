/**
 * The one write statement (db/writes.ts) over a batch that mixes starts, saves and
 * submits: each row's outcome comes back to its own request, rows that fail a check write
 * nothing, and the rows that pass all commit.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { rowsOf, schema } from '../../db/index.ts';
import { runWrites, type SaveRow, type StartRow, type SubmitRow, type Write } from '../../db/writes.ts';
import { describeEachDb } from '../helpers/db.ts';
import { openFlagshipWave, type OpenWave } from '../helpers/collection.ts';

describeEachDb('one write statement for a mixed batch', (ctx) => {
  let wave: OpenWave;
  let instrument: { id: string; version: string; fingerprint: string };
  beforeEach(async () => {
    wave = await openFlagshipWave(ctx.handle);
    const [row] = await ctx.handle.db
      .select({
        id: schema.instruments.id,
        version: schema.instruments.version,
        fingerprint: schema.instruments.fingerprint,
      })
      .from(schema.instruments)
      .innerJoin(schema.waves, eq(schema.waves.instrumentId, schema.instruments.id))
      .where(eq(schema.waves.id, wave.waveId));
    if (!row) throw new Error('the open wave has no instrument');
    instrument = row;
  });

  const at = '2026-11-27T10:00:00.000Z';
  const start = (id: string, key: string | null): StartRow => ({
    id,
    wave_id: wave.waveId,
    secret_hash: `h-${id}`,
    invitation_hash: null,
    mode: 'web',
    interviewer_id: null,
    language: 'en',
    presentation: { seed: id },
    paradata: { pages: [] },
    device_class: 'desktop',
    device_hash: null,
    at,
    scope: `start:${wave.waveId}`,
    key,
    request_hash: 'r',
    body: { sessionId: id },
  });
  const save = (id: string, version: number, answers: Record<string, unknown>): SaveRow => ({
    id,
    wave_id: wave.waveId,
    version,
    answers,
    paradata: { pages: [{ at, block: 'b' }] },
    at,
    scope: `session:${id}`,
    key: randomUUID(),
    request_hash: 'r',
    body: { saved: true },
  });
  const submit = (id: string, version: number): SubmitRow => ({
    id,
    wave_id: wave.waveId,
    version,
    instrument_id: instrument.id,
    instrument_version: instrument.version,
    fingerprint: instrument.fingerprint,
    answers: { AGE: 40 },
    paradata: { pages: [] },
    at,
    scope: `session:${id}`,
    key: randomUUID(),
    request_hash: 'r',
    body: { status: 'submitted' },
  });

  it('answers each row of starts, saves and submits in one statement, and writes only the rows that pass their checks', async () => {
    const db = ctx.handle.db;
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const usedKey = randomUUID();
    // Sessions a, b, c exist (a and b at version 0, c saved once: version 1).
    expect(
      await runWrites(db, [
        { kind: 'start', row: start(a, usedKey) },
        { kind: 'start', row: start(b, null) },
        { kind: 'start', row: start(c, null) },
      ]),
    ).toEqual(['written', 'written', 'written']);
    expect(await runWrites(db, [{ kind: 'save', row: save(c, 0, { AGE: 30 }) }])).toEqual(['1']);

    const batch: Write[] = [
      { kind: 'save', row: save(a, 0, { AGE: 41 }) }, // at the version read: written, version 1
      { kind: 'start', row: start(d, null) }, // new session: written
      { kind: 'submit', row: submit(c, 1) }, // at the version read: a response
      { kind: 'save', row: save(b, 5, { AGE: 99 }) }, // stale version: nothing written
      { kind: 'start', row: start(randomUUID(), usedKey) }, // a used key: a retry, nothing written
      { kind: 'submit', row: submit(randomUUID(), 0) }, // no such session: nothing written
    ];
    const out = await runWrites(db, batch);
    expect(out.slice(0, 2)).toEqual(['1', 'written']);
    expect(out[2]).toMatch(/^\d+$/);
    expect(out.slice(3)).toEqual([null, null, null]);

    const sessions = await db
      .select({
        id: schema.sessions.id,
        status: schema.sessions.status,
        version: schema.sessions.version,
        answers: schema.sessions.answers,
      })
      .from(schema.sessions);
    const byId = new Map(sessions.map((s) => [s.id, s]));
    expect(sessions).toHaveLength(4);
    expect(byId.get(a)).toMatchObject({ status: 'in_progress', version: 1, answers: { AGE: 41 } });
    expect(byId.get(b)).toMatchObject({ status: 'in_progress', version: 0, answers: {} });
    expect(byId.get(c)).toMatchObject({ status: 'submitted', answers: { AGE: 30 } });
    expect(byId.get(d)).toMatchObject({ status: 'in_progress', version: 0 });
    const responses = await db
      .select({ id: schema.responses.id, sessionId: schema.responses.sessionId })
      .from(schema.responses);
    expect(responses).toEqual([{ id: Number(out[2]), sessionId: c }]);
    // One stored result per written keyed row: a's start, a's save and c's submit (with its response id).
    const stored = rowsOf<{ scope: string; status: number; body: unknown }>(
      await db.execute(sql`select scope, status, body from idempotency_keys`),
    );
    // a's start and c's first save; from the batch a's save and c's submit (b's stale save and the retried key wrote none).
    expect(stored.map((k) => `${k.scope} ${k.status}`).sort()).toEqual(
      [`start:${wave.waveId} 201`, `session:${c} 200`, `session:${a} 200`, `session:${c} 201`].sort(),
    );
    expect(stored.find((k) => k.scope === `session:${c}` && k.status === 201)?.body).toEqual({
      status: 'submitted',
      responseId: out[2],
    });
  });
});
