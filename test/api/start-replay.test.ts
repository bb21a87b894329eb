/**
 * A keyed session start is bound to the client that made it: a retry with the
 * same Idempotency-Key gets the session and its secret back only when it carries the same
 * Idempotency-Nonce as the first request; anyone else who guesses or copies the key gets a 409
 * that says how to resume, and never the secret.
 */
import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { describeEachDb } from '../helpers/db.ts';
import { call, ok, openFlagshipWave, SessionCreated, type OpenWave } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';

describeEachDb('keyed session starts', (ctx) => {
  let wave: OpenWave;
  beforeEach(async () => {
    wave = await openFlagshipWave(ctx.handle);
  });
  const start = (headers: Record<string, string>, body: unknown = { consent: true }) =>
    call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, { body, headers });
  const sessionCount = async () => {
    const [s] = await ctx.handle.db.select({ n: sql<number>`count(*)::int` }).from(schema.sessions);
    return Number(s?.n);
  };

  it('replays a keyed start to the client that made it: same key and same Idempotency-Nonce', async () => {
    const headers = { 'idempotency-key': 'retry-1717000000', 'idempotency-nonce': 'n0nce-of-the-first-client-7f3a' };
    const first = await ok(await start(headers), 201, SessionCreated);
    const again = await ok(await start(headers), 201, SessionCreated);
    expect(again).toEqual(first);
    expect(await sessionCount()).toBe(1);
  });

  it('refuses the replay of a keyed start to another client: no secret, a 409 that says how to resume', async () => {
    const key = 'retry-1717000000';
    const first = await ok(
      await start({ 'idempotency-key': key, 'idempotency-nonce': 'n0nce-of-the-first-client-7f3a' }),
      201,
      SessionCreated,
    );
    const attempts = [
      await start({ 'idempotency-key': key }),
      await start({ 'idempotency-key': key, 'idempotency-nonce': 'a-guess-by-someone-else-0000' }),
    ];
    for (const res of attempts) {
      const text = await res.clone().text();
      expect(text).not.toContain(first.secret);
      expect(text).not.toContain(first.sessionId);
      const body = await expectError(res, 409, 'conflict');
      expect(body.error.message).toMatch(/Idempotency-Nonce/);
      expect(body.error.message).toMatch(/resume/);
      expect(body.error.details).toEqual([expect.objectContaining({ path: 'header.idempotency-nonce' })]);
    }
    expect(await sessionCount()).toBe(1);
  });

  it('never replays the secret of a start made without a nonce', async () => {
    const key = 'start-without-nonce-0001';
    const first = await ok(await start({ 'idempotency-key': key }), 201, SessionCreated);
    const again = await start({ 'idempotency-key': key });
    expect(await again.clone().text()).not.toContain(first.secret);
    await expectError(again, 409, 'conflict');
    // Nor is the secret kept in the clear with the key.
    const rows = await ctx.handle.db.select().from(schema.idempotencyKeys);
    expect(JSON.stringify(rows)).not.toContain(first.secret);
  });

  it('refuses a malformed nonce with 400 naming the header, and writes nothing', async () => {
    const res = await start({ 'idempotency-key': 'start-bad-nonce-0001', 'idempotency-nonce': 'short' });
    const body = await expectError(res, 400, 'validation_failed');
    expect(JSON.stringify(body.error.details)).toContain('header.idempotency-nonce');
    expect(await sessionCount()).toBe(0);
  });
});
