/**
 * A language switch mid-interview (`switchInterviewLanguage`), on PGlite and PostgreSQL: the
 * session's language becomes the new one, its paradata records the switch with its page, the
 * same switch again records nothing, a later page save keeps the record, and the response keeps
 * the last language and every switch; a self-administered session's language is not switched.
 */
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { findWave, openWave } from '../../src/collection/definitions.ts';
import { switchInterviewLanguage } from '../../src/collection/interviewer-language.ts';
import { savePage, submitSession } from '../../src/collection/session-write.ts';
import { startSession } from '../../src/collection/session-start.ts';
import { exportResponsesCsv } from '../../src/collection/export.ts';
import { describeEachDb } from '../helpers/db.ts';

const definitions = fileURLToPath(new URL('../fixtures/mixed-mode', import.meta.url));

describeEachDb('switching the language of an interview', (ctx) => {
  async function started(interviewer: boolean) {
    const db = ctx.handle.db;
    await bootstrapDefinitions(db, definitions, { openDemo: false });
    const wave = await findWave(db, 'phone-poll', 'pp-2026');
    if (!wave) throw new Error('no wave pp-2026');
    if (wave.status !== 'open') await openWave(db, wave.id, { actor: 'test' });
    const { body } = await startSession(db, {
      waveId: wave.id,
      language: 'en',
      userAgent: undefined,
      requestHash: `start-${interviewer}`,
      ...(interviewer ? { interviewer: { mode: 'phone' as const, id: 'tok-1' } } : {}),
    });
    return { db, waveId: wave.id, sessionId: body.sessionId, secret: body.secret };
  }

  it('records each switch with its page, once, and the response keeps the last language and every switch', async () => {
    const { db, waveId, sessionId, secret } = await started(true);
    const toFr = { sessionId, secret, lang: 'fr', page: 'views' };
    expect(await switchInterviewLanguage(db, toFr)).toEqual({ language: 'fr', recorded: true });
    expect(await switchInterviewLanguage(db, toFr)).toEqual({ language: 'fr', recorded: false });
    const [row] = await db.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId));
    expect(row?.language).toBe('fr');
    expect(row?.paradata.languages).toEqual([{ at: expect.any(String), page: 'views', from: 'en', to: 'fr' }]);

    const save = (blockId: string, answers: Record<string, unknown>) =>
      savePage(db, { sessionId, secret, blockId, answers, complete: true, requestHash: `save-${blockId}` });
    await save('views', { MIG_LEVEL: 'increased' });
    expect(await switchInterviewLanguage(db, { ...toFr, lang: 'ar', page: 'about' })).toMatchObject({ recorded: true });
    await save('about', { AGE: 51 });
    await submitSession(db, { sessionId, secret, requestHash: 'submit' });
    const [response] = await db.select().from(schema.responses).where(eq(schema.responses.sessionId, sessionId));
    expect(response?.language).toBe('ar');
    expect(response?.paradata.languages?.map(({ page, from, to }) => [page, from, to])).toEqual([
      ['views', 'en', 'fr'],
      ['about', 'fr', 'ar'],
    ]);
    expect(response?.paradata.pages.map((p) => p.block)).toEqual(['views', 'about']);
    let csv = '';
    for await (const chunk of exportResponsesCsv(db, waveId)) csv += chunk;
    const [header, line] = csv.trim().split('\r\n');
    const at = (name: string) => line?.split(',')[header?.split(',').indexOf(name) ?? -1];
    expect([at('language'), at('languages'), at('mode')]).toEqual(['ar', 'en fr ar', 'phone']);
    // Submitted: nothing more is recorded.
    expect(await switchInterviewLanguage(db, { ...toFr, lang: 'en' })).toEqual({ language: 'en', recorded: false });
  });

  it('refuses a self-administered session, a wrong secret, a language or page the instrument lacks', async () => {
    const { db, sessionId, secret } = await started(false);
    const input = { sessionId, secret, lang: 'fr', page: 'views' };
    await expect(switchInterviewLanguage(db, input)).rejects.toMatchObject({ code: 'forbidden' });
    const interview = await started(true);
    const ok = { sessionId: interview.sessionId, secret: interview.secret, lang: 'fr', page: 'views' };
    await expect(switchInterviewLanguage(db, { ...ok, secret: 's_wrong-secret-000' })).rejects.toMatchObject({
      code: 'unauthorized',
    });
    await expect(switchInterviewLanguage(db, { ...ok, lang: 'xx' })).rejects.toThrow(
      /lang: the instrument has no language "xx"/,
    );
    await expect(switchInterviewLanguage(db, { ...ok, page: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    const [row] = await db.select().from(schema.sessions).where(eq(schema.sessions.id, interview.sessionId));
    expect([row?.language, row?.paradata.languages]).toEqual(['en', undefined]);
  });
});
