/**
 * Answer routes take small bodies: a page save, through the API or the web
 * form, is refused with 413 in the one error shape past `answerBodyLimit` (64 KiB), well below the
 * server's body limit, before any parsing: a 1 MB body of 90,000 answer keys costs no parse.
 */
import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { answerBodyLimit } from '../../src/http/middleware.ts';
import { describeEachDb } from '../helpers/db.ts';
import { openFlagshipWave, Respondent, type OpenWave } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';
import { formAction, formTokens, PageClient } from '../web/client.ts';

describeEachDb('answer body limit', (ctx) => {
  let wave: OpenWave;
  beforeEach(async () => {
    wave = await openFlagshipWave(ctx.handle, { bodyLimit: 1024 * 1024 });
  });
  const answers = async () => {
    const [row] = await ctx.handle.db.select({ a: sql<string>`answers::text` }).from(schema.sessions);
    return row?.a;
  };

  it('refuses a ~1 MB page save of 90,000 answer keys with 413 naming the limit, and writes nothing', async () => {
    expect(answerBodyLimit).toBe(64 * 1024);
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    const many = Object.fromEntries(Array.from({ length: 90_000 }, (_, i) => [`Q${i}`, 1]));
    expect(JSON.stringify({ answers: many }).length).toBeGreaterThan(900_000);
    const res = await r.save('intro', many);
    const body = await expectError(res, 413, 'payload_too_large');
    expect(body.error.details).toEqual({ limit: answerBodyLimit });
    // Just over the limit in one long answer: refused too; a page of ordinary size is saved.
    await expectError(await r.save('intro', { CONSENT: 'x'.repeat(answerBodyLimit) }), 413, 'payload_too_large');
    expect(await answers()).toBe('{}');
    expect((await r.save('intro', { CONSENT: true })).status).toBe(200);
  });

  it('refuses an oversized web form save with 413 before reading its fields', async () => {
    const client = new PageClient(wave.app);
    const welcome = await (await client.get(`/w/${wave.waveId}`)).text();
    const first = await client.follow(
      await client.post(formAction(welcome), { ...formTokens(welcome), 'consent.CONSENT': 'true' }),
    );
    const fields = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`q.Q${i}`, 'x']));
    const res = await client.post(formAction(first.html), { ...formTokens(first.html), ...fields, action: 'next' });
    await expectError(res, 413, 'payload_too_large');
  });
});
