/**
 * Text no database can store (NUL, unpaired UTF-16 surrogates) is refused at the boundary with a
 * 400 naming the field (`invalid_text`), in answers (JSON and forms) and in invitation contacts,
 * and writes nothing; and no log line ever carries an answer or a contact, not even the line of a
 * failed statement (whose error message lists the statement's parameters).
 */
import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { createApp, type App } from '../../src/app.ts';
import type { AppEnv } from '../../src/http/context.ts';
import { errorHandler } from '../../src/api/middleware.ts';
import { requestLogger } from '../../src/http/middleware.ts';
import { findWave, openWave, syncStudies } from '../../src/collection/definitions.ts';
import {
  defineInstrument,
  defineStudy,
  instrumentFingerprint,
  validateAnswers,
  type Study,
} from '../../src/instrument/index.ts';
import { createLogger } from '../../src/log.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { call, Respondent, tokenFor } from '../helpers/collection.ts';
import { describeEachDb } from '../helpers/db.ts';
import { formAction, formTokens, PageClient } from '../web/client.ts';

/** The flagship whose 2026 wave asks a new last version with a free-text question OPINION on its second page. */
function studyWithFreeText(): Study {
  const latest = flagship.instruments.at(-1);
  if (latest === undefined) throw new Error('the flagship has instrument versions');
  const version = String(flagship.instruments.length + 1);
  const say = { en: 'Anything to add?', fr: 'Autre chose ?', es: '¿Algo más?', ar: 'هل من إضافة؟' };
  const blocks = latest.blocks.map((b, i) =>
    i === 1
      ? { ...b, questions: [...b.questions, { kind: 'text' as const, code: 'OPINION', text: say, required: false }] }
      : b,
  );
  const withText = defineInstrument({ ...latest, version, blocks });
  const waves = flagship.waves.map((w) =>
    w.id === 'mp-2026'
      ? { ...w, instrument: { id: withText.id, version }, instrumentFingerprint: instrumentFingerprint(withText) }
      : w,
  );
  return defineStudy({ ...flagship, instruments: [...flagship.instruments, withText], waves });
}

const NUL = 'secret-answer\u0000x';
const LONE = 'secret-answer\ud800x';

describe('validateAnswers refuses text no database can store', () => {
  const instrument = studyWithFreeText().instruments.at(-1);
  it.each([
    ['NUL', NUL],
    ['a lone high surrogate', LONE],
    ['a lone low surrogate', 'a\udc00b'],
  ])('%s → invalid_text', (_, value) => {
    if (instrument === undefined) throw new Error('no instrument');
    const result = validateAnswers(instrument, { CONSENT: true, OPINION: value }, { mode: 'partial' });
    expect(result).toMatchObject({ ok: false, errors: { OPINION: { code: 'invalid_text' } } });
  });
  it('a well-formed pair (an emoji) is text like any other', () => {
    if (instrument === undefined) throw new Error('no instrument');
    expect(validateAnswers(instrument, { CONSENT: true, OPINION: 'ok 😀' }, { mode: 'partial' })).toMatchObject({
      ok: true,
      answers: { OPINION: 'ok 😀' },
    });
  });
});

describeEachDb('text no database can store', (ctx) => {
  let app: App;
  let waveId: string;
  let lines: string[];
  beforeEach(async () => {
    await syncStudies(ctx.handle.db, [studyWithFreeText()], { actor: 'test' });
    const wave = await findWave(ctx.handle.db, 'migration-perceptions', 'mp-2026');
    if (!wave) throw new Error('wave not stored');
    await openWave(ctx.handle.db, wave.id, { actor: 'test' });
    waveId = wave.id;
    lines = [];
    app = createApp({ db: ctx.handle, logger: createLogger('debug', (l) => lines.push(l)), bodyLimit: 64 * 1024 });
  });

  it('PUT page: NUL or a lone surrogate in a text answer → 400 naming body.answers.OPINION (invalid_text), nothing saved', async () => {
    const r = new Respondent(app, waveId);
    await r.start();
    await r.answerPage();
    const block = r.page?.blockId ?? '';
    expect(r.page?.questions.map((q) => q.code)).toContain('OPINION');
    for (const value of [NUL, LONE]) {
      const res = await r.save(block, { OPINION: value });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.details).toContainEqual(
        expect.objectContaining({ path: 'body.answers.OPINION', code: 'invalid_text' }),
      );
    }
    const [session] = await ctx.handle.db.select().from(schema.sessions).where(eq(schema.sessions.id, r.sessionId));
    expect(JSON.stringify(session?.answers ?? {})).not.toContain('OPINION');
    expect(lines.join('')).not.toContain('secret-answer');
  });

  it('form post: q.OPINION=a%00b → 400 with the error on the field, nothing saved', async () => {
    const client = new PageClient(app);
    const welcome = await client.get(`/w/${waveId}`);
    const whtml = await welcome.text();
    const started = await client.post(formAction(whtml), {
      ...formTokens(whtml),
      lang: 'en',
      'consent.CONSENT': 'true',
    });
    let { html } = await client.follow(started);
    expect(html).toContain('name="q.OPINION"');
    const res = await client.post(formAction(html), { ...formTokens(html), 'q.OPINION': NUL, action: 'next' });
    expect(res.status).toBe(400);
    html = await res.text();
    expect(html).toContain('This answer cannot be accepted.');
    const rows = await ctx.handle.db.select().from(schema.sessions);
    expect(JSON.stringify(rows.map((s) => s.answers))).not.toContain('OPINION');
    expect(lines.join('')).not.toContain('secret-answer');
  });

  it('invitations: a contact with NUL or a lone surrogate → 400 naming body.contacts.1, nothing issued', async () => {
    const token = await tokenFor(ctx.handle, 'researcher');
    for (const bad of ['secret-contact\u0000@example.org', 'secret-contact\ud800@example.org']) {
      const res = await call(app, 'POST', `/v1/research/waves/${waveId}/invitations`, {
        body: { contacts: ['ok@example.org', bad] },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.details).toEqual([expect.objectContaining({ path: 'body.contacts.1', code: 'invalid_text' })]);
    }
    expect(await ctx.handle.db.select().from(schema.invitations)).toHaveLength(0);
    expect(lines.join('')).not.toContain('secret-contact');
  });
});

describeEachDb('the log line of a failed statement', (ctx) => {
  it('carries the SQLSTATE, never the statement parameters (answers, contacts)', async () => {
    const lines: string[] = [];
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('requestId', 'test');
      await next();
    });
    app.use(requestLogger(createLogger('debug', (l) => lines.push(l))));
    app.get('/fail', async (c) => {
      // A statement that fails inside the database with a respondent's answer as a parameter.
      await ctx.handle.db.execute(sql`select ${'{"OPINION":"secret-answer"'}::jsonb`);
      return c.text('unreachable');
    });
    app.onError(errorHandler());
    const res = await app.request('/fail');
    expect(res.status).toBe(500);
    const logged = lines.join('');
    expect(logged).toContain('unhandled error');
    expect(logged).toContain('"code":"22P02"');
    expect(logged).not.toContain('secret-answer');
  });
});
