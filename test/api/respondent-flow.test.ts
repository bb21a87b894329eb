import { beforeEach, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '../../db/index.ts';
import { issueInvitations } from '../../src/collection/tokens.ts';
import { describeEachDb } from '../helpers/db.ts';
import {
  call,
  ok,
  openFlagshipWave,
  Respondent,
  SessionCreated,
  SessionState,
  Submitted,
  type OpenWave,
} from '../helpers/collection.ts';
import { expectError, StrictErrorBody } from '../helpers/http.ts';

const Problems = z.array(z.object({ path: z.string(), code: z.string(), message: z.string() }));

describeEachDb('respondent flow', (ctx) => {
  let wave: OpenWave;
  beforeEach(async () => {
    wave = await openFlagshipWave(ctx.handle);
  });
  const counts = async () => {
    const db = ctx.handle.db;
    const [s] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.sessions);
    const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.responses);
    return { sessions: Number(s?.n), responses: Number(r?.n) };
  };

  /** A respondent on the about_you page (AGE, SEX), with a valid SEX option code. */
  const onAboutYou = async () => {
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    await r.answerPage();
    await r.answerPage();
    expect(r.page?.blockId).toBe('about_you');
    const sex = r.page?.questions.find((q) => q.code === 'SEX')?.options[0]?.code;
    if (sex === undefined) throw new Error('about_you has no SEX options');
    return { r, sex };
  };

  it('lists the open wave, starts with consent, answers every page in French and submits an immutable response', async () => {
    const list = await ok(
      await call(wave.app, 'GET', '/v1/waves'),
      200,
      z.object({ waves: z.array(z.object({ id: z.string() })) }),
    );
    expect(list.waves.map((w) => w.id)).toEqual([wave.waveId]);

    const r = new Respondent(wave.app, wave.waveId);
    const created = await r.start(
      { consent: true },
      {
        'accept-language': 'fr-CA, en;q=0.5',
        'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile',
      },
    );
    expect(created.language).toBe('fr');
    expect(created.dir).toBe('ltr');
    expect(created.page?.blockId).toBe('intro');
    expect(created.page?.title).toBe('À propos de cette enquête');

    const pages = await r.answerAll({ CAMPAIGN_SEEN: 'no', MIG_LEVEL: 'decreased', AGE: 34 });
    expect(pages).not.toContain('campaign');
    expect(pages[0]).toBe('intro');
    const submitted = await ok(await r.submit(), 201, Submitted);

    const [response] = await ctx.handle.db
      .select()
      .from(schema.responses)
      .where(eq(schema.responses.id, Number(submitted.responseId)));
    if (!response) throw new Error('no response stored');
    expect(response.language).toBe('fr');
    expect(response.instrumentVersion).toBe('3');
    expect(response.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const answers = z.record(z.string(), z.unknown()).parse(response.answers);
    expect(answers.MIG_LEVEL).toBe('decreased');
    expect(answers.AGE).toBe(34);
    expect(answers.CAMPAIGN_WHERE).toEqual({ missing: 'not_asked' });
    const presentation = z
      .object({ blocks: z.array(z.string()), options: z.record(z.string(), z.array(z.string())) })
      .parse(response.presentation);
    expect(presentation.options.CAMPAIGN_WHERE?.at(-1)).toBe('other');
    const paradata = z
      .object({ deviceClass: z.string(), pages: z.array(z.object({ block: z.string(), serverSeconds: z.number() })) })
      .parse(response.paradata);
    expect(paradata.deviceClass).toBe('mobile');
    expect(paradata.pages.map((p) => p.block)).toEqual(pages);

    await expect(ctx.handle.db.execute(sql`update responses set language = 'en'`)).rejects.toThrow();
    await expect(ctx.handle.db.execute(sql`delete from responses`)).rejects.toThrow();
    expect((await r.state()).status).toBe('submitted');
  });

  it('chooses the language by parameter, then Accept-Language, then the default', async () => {
    const byParam = await new Respondent(wave.app, wave.waveId).start(
      { consent: true, language: 'ar' },
      { 'accept-language': 'es' },
    );
    expect([byParam.language, byParam.dir]).toEqual(['ar', 'rtl']);
    const byHeader = await new Respondent(wave.app, wave.waveId).start(
      { consent: true },
      { 'accept-language': 'de-DE, es;q=0.8, en;q=0.3' },
    );
    expect(byHeader.language).toBe('es');
    const fallback = await new Respondent(wave.app, wave.waveId).start(
      { consent: true },
      { 'accept-language': 'de, ja' },
    );
    expect(fallback.language).toBe('en');
  });

  it('records no session without consent', async () => {
    for (const body of [{}, { consent: false }, { consent: 'yes' }]) {
      const res = await call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, { body });
      const err = await expectError(res, 400, 'validation_failed');
      expect(Problems.parse(err.error.details).map((p) => p.path)).toContain('json.consent');
    }
    expect((await counts()).sessions).toBe(0);
  });

  it('rejects each kind of invalid answer with per-question errors and stores nothing', async () => {
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    await r.answerPage(); // intro (consent)
    await r.answerPage(); // location
    const before = await r.state();
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['about_you', { AGE: 'thirty' }, 'AGE', 'wrong_type'],
      ['about_you', { AGE: 12 }, 'AGE', 'out_of_range'],
      ['about_you', { AGE: 30.5 }, 'AGE', 'wrong_type'],
      ['about_you', { SEX: 'other_value' }, 'SEX', 'unknown_option'],
      ['about_you', { SEX: 'dont_know' }, 'SEX', 'missing_not_offered'],
      ['about_you', { NOT_A_QUESTION: 1 }, 'NOT_A_QUESTION', 'unknown_question'],
      ['about_you', { MIG_LEVEL: 'decreased' }, 'MIG_LEVEL', 'unknown_question'],
      ['about_you', { AGE: { missing: 'not_asked' } }, 'AGE', 'missing_not_offered'],
    ];
    for (const [block, answers, code, errorCode] of cases) {
      const res = await r.save(block, answers, { complete: false });
      const err = await expectError(res, 400, 'validation_failed');
      const problems = Problems.parse(err.error.details);
      expect(problems, JSON.stringify(answers)).toContainEqual(
        expect.objectContaining({ path: `body.answers.${code}`, code: errorCode }),
      );
    }
    const required = await expectError(await r.save('about_you', { AGE: 40 }), 400, 'validation_failed');
    expect(Problems.parse(required.error.details).map((p) => [p.path, p.code])).toEqual(
      expect.arrayContaining([
        ['body.answers.REGION', 'required'],
        ['body.answers.SEX', 'required'],
      ]),
    );
    expect(await r.state()).toEqual(before);
  });

  it('refuses answers to a page the logic hides, and drops later answers a changed answer hides', async () => {
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    await r.answerAll({ CAMPAIGN_SEEN: 'yes', CAMPAIGN_WHERE: ['tv'] });
    expect((await r.state()).answers.CAMPAIGN_WHERE).toEqual(['tv']);
    // Going back and answering "no" hides the campaign page: its answer is no longer asked.
    const saved = await ok(
      await r.save('contact', { KNOWS_MIGRANTS: 'yes', CAMPAIGN_SEEN: 'no' }),
      200,
      z.object({ next: z.string().nullable() }),
    );
    expect(saved.next).toBe('slogans');
    const state = await r.state();
    expect(state.answers.CAMPAIGN_WHERE).toBeUndefined();
    await expectError(await r.save('campaign', { CAMPAIGN_WHERE: ['radio'] }), 422, 'unprocessable');
    expect((await r.state()).answers.CAMPAIGN_WHERE).toBeUndefined();
  });

  it('refuses a submit with required questions unanswered, naming each', async () => {
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    await r.answerPage();
    const err = await expectError(await r.submit(), 400, 'validation_failed');
    const paths = Problems.parse(err.error.details).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.answers.COUNTRY', 'body.answers.MIG_LEVEL', 'body.answers.AGE']),
    );
    expect((await counts()).responses).toBe(0);
  });

  it('resumes from another device with the secret, and reveals nothing without it', async () => {
    const r = new Respondent(wave.app, wave.waveId);
    await r.start({ consent: true, language: 'es' });
    await r.answerPage();
    await r.answerPage();
    const resumed = await ok(
      await call(wave.app, 'GET', `/v1/sessions/${r.sessionId}`, {
        headers: { 'x-session-secret': r.secret, 'user-agent': 'other device' },
      }),
      200,
      SessionState,
    );
    expect(resumed.next).toBe('about_you');
    expect(resumed.language).toBe('es');
    expect(resumed.progress).toEqual({ done: 2, total: expect.any(Number) });
    const wrong = await call(wave.app, 'GET', `/v1/sessions/${r.sessionId}`, {
      headers: { 'x-session-secret': 's_wrong' },
    });
    const unknown = await call(wave.app, 'GET', `/v1/sessions/00000000-0000-4000-8000-000000000000`, {
      headers: { 'x-session-secret': r.secret },
    });
    const none = await call(wave.app, 'GET', `/v1/sessions/${r.sessionId}`);
    const bodies = await Promise.all(
      [wrong, unknown, none].map(async (res) => {
        const body = StrictErrorBody.parse(await res.json());
        return [res.status, body.error.code, body.error.message];
      }),
    );
    expect(bodies).toEqual([
      [401, 'unauthorized', 'no session with this id and secret'],
      [401, 'unauthorized', 'no session with this id and secret'],
      [401, 'unauthorized', 'no session with this id and secret'],
    ]);
    const view = await ok(
      await call(wave.app, 'GET', `/v1/sessions/${r.sessionId}/instrument?lang=ar`, {
        headers: { 'x-session-secret': r.secret },
      }),
      200,
      z.object({
        language: z.string(),
        dir: z.string(),
        pages: z.array(z.object({ blockId: z.string(), shown: z.boolean() })),
        visibleQuestions: z.array(z.string()),
      }),
    );
    expect([view.language, view.dir]).toEqual(['ar', 'rtl']);
    expect(view.pages.find((p) => p.blockId === 'campaign')?.shown).toBe(false);
    expect(view.visibleQuestions).toContain('MIG_LEVEL');
    expect(view.visibleQuestions).not.toContain('CAMPAIGN_WHERE');
  });

  it('answers a retried write with the same Idempotency-Key from the first result and writes nothing new', async () => {
    const key = { 'idempotency-key': 'start-0001-abcdef', 'idempotency-nonce': 'client-chosen-nonce-0001' };
    const first = await call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, {
      body: { consent: true },
      headers: key,
    });
    const again = await call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, {
      body: { consent: true },
      headers: key,
    });
    const a = await ok(first, 201, SessionCreated);
    const b = await ok(again, 201, SessionCreated);
    // The whole first answer, its first page included, and the same secret.
    expect(b).toEqual(a);
    expect(a.page?.questions.length).toBeGreaterThan(0);
    expect((await counts()).sessions).toBe(1);
    await expectError(
      await call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, {
        body: { consent: true, language: 'fr' },
        headers: key,
      }),
      422,
      'unprocessable',
    );

    const r = new Respondent(wave.app, wave.waveId);
    r.sessionId = a.sessionId;
    r.secret = a.secret;
    const pageKey = { 'idempotency-key': 'page-intro-0001' };
    const s1 = await r.save('intro', { CONSENT: true }, { headers: pageKey });
    const s2 = await r.save('intro', { CONSENT: true }, { headers: pageKey });
    expect(s1.status).toBe(200);
    expect(await s2.json()).toEqual(await s1.json());
    const [row] = await ctx.handle.db.select().from(schema.sessions).where(eq(schema.sessions.id, a.sessionId));
    expect(z.object({ pages: z.array(z.unknown()) }).parse(row?.paradata).pages).toHaveLength(1);
    // After the session has moved on, a retried start still answers the first result: no answers, the first page.
    const late = await ok(
      await call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, { body: { consent: true }, headers: key }),
      201,
      SessionCreated,
    );
    expect(late).toEqual(a);
    expect((await counts()).sessions).toBe(1);

    r.page = (await r.state()).page;
    await r.answerAll();
    const submitKey = { 'idempotency-key': 'submit-0001-xyz' };
    const sub1 = await ok(await r.submit(submitKey), 201, Submitted);
    const sub2 = await ok(await r.submit(submitKey), 201, Submitted);
    expect(sub2).toEqual(sub1);
    expect((await counts()).responses).toBe(1);
    await expectError(await r.submit({ 'idempotency-key': 'short' }), 400, 'validation_failed');
  });

  it('two concurrent submits of one session produce exactly one response; the other gets 409', async () => {
    const r = new Respondent(wave.app, wave.waveId);
    await r.start();
    await r.answerAll();
    const results = await Promise.all([r.submit(), r.submit(), r.submit()]);
    expect(results.map((x) => x.status).sort()).toEqual([201, 409, 409]);
    for (const res of results.filter((x) => x.status === 409)) await expectError(res, 409, 'conflict');
    expect((await counts()).responses).toBe(1);
  });

  it('validates and writes on the committed session when another process or device moved it on since this one last saw it', async () => {
    const { r, sex } = await onAboutYou();
    const versionOf = async () =>
      (
        await ctx.handle.db
          .select({ v: schema.sessions.version })
          .from(schema.sessions)
          .where(eq(schema.sessions.id, r.sessionId))
      )[0]?.v;
    const before = await versionOf();
    // Another server process saved AGE on this page; this process has not seen that write.
    await ctx.handle.db.execute(
      sql`update sessions set answers = answers || '{"AGE": 77}'::jsonb where id = ${r.sessionId}`,
    );
    expect(await versionOf()).toBe(Number(before) + 1);
    await ok(await r.save('about_you', { SEX: sex }, { complete: false }), 200, z.object({ saved: z.literal(true) }));
    const [row] = await ctx.handle.db.select().from(schema.sessions).where(eq(schema.sessions.id, r.sessionId));
    // The write was based on the committed answers (AGE kept), not on what this process remembered.
    expect(row?.answers).toMatchObject({ AGE: 77, SEX: sex });
    expect(row?.version).toBe(Number(before) + 2);
    // A session ended behind this process's back refuses the next write with the committed reason.
    await ctx.handle.db.execute(sql`update sessions set status = 'break_off' where id = ${r.sessionId}`);
    await expectError(await r.save('about_you', { SEX: sex }), 409, 'conflict');
  });

  it('applies concurrent saves of one session one after the other, each on the state the other left', async () => {
    const { r, sex } = await onAboutYou();
    // Two devices save different questions of the same page at once, with different keys.
    const [a, b] = await Promise.all([
      r.save('about_you', { AGE: 41 }, { complete: false, headers: { 'idempotency-key': 'device-a-0001' } }),
      r.save('about_you', { SEX: sex }, { complete: false, headers: { 'idempotency-key': 'device-b-0001' } }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [row] = await ctx.handle.db.select().from(schema.sessions).where(eq(schema.sessions.id, r.sessionId));
    expect(row?.answers).toMatchObject({ AGE: 41, SEX: sex });
    // Each stored its own result under its own key, and a retry of either is answered from it.
    const again = await r.save(
      'about_you',
      { AGE: 41 },
      { complete: false, headers: { 'idempotency-key': 'device-a-0001' } },
    );
    expect(again.status).toBe(200);
    const [after] = await ctx.handle.db.select().from(schema.sessions).where(eq(schema.sessions.id, r.sessionId));
    expect(after?.version).toBe(row?.version);
  });

  it('lets an invitation token start one session only', async () => {
    const [inv] = await issueInvitations(
      ctx.handle.db,
      wave.waveId,
      { contacts: ['person@example.org'] },
      { actor: 'test' },
    );
    if (!inv) throw new Error('no invitation issued');
    const r = new Respondent(wave.app, wave.waveId);
    await r.start({ consent: true, invitation: inv.token });
    const reuse = await call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, {
      body: { consent: true, invitation: inv.token },
    });
    await expectError(reuse, 409, 'conflict');
    const forged = await call(wave.app, 'POST', `/v1/waves/${wave.waveId}/sessions`, {
      body: { consent: true, invitation: 'inv_not-a-real-token-000' },
    });
    await expectError(forged, 403, 'forbidden');
    expect((await counts()).sessions).toBe(1);
  });

  it('refuses sessions on a wave that is not open, and unknown waves', async () => {
    await expectError(
      await call(wave.app, 'POST', `/v1/waves/00000000-0000-4000-8000-000000000000/sessions`, {
        body: { consent: true },
      }),
      404,
      'not_found',
    );
    await expectError(
      await call(wave.app, 'POST', `/v1/waves/not-a-uuid/sessions`, { body: { consent: true } }),
      400,
      'validation_failed',
    );
    const [draft] = await ctx.handle.db.select().from(schema.waves).where(eq(schema.waves.status, 'draft')).limit(1);
    if (!draft) throw new Error('expected a draft wave');
    await expectError(
      await call(wave.app, 'POST', `/v1/waves/${draft.id}/sessions`, { body: { consent: true } }),
      409,
      'conflict',
    );
  });

  it('rate-limits session starts per client address with 429 and Retry-After', async () => {
    const limited = await openFlagshipWaveAgain(ctx.handle, 2);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await call(limited.app, 'POST', `/v1/waves/${limited.waveId}/sessions`, { body: { consent: true } })).status,
      );
    expect(statuses).toEqual([201, 201, 429]);
    const res = await call(limited.app, 'POST', `/v1/waves/${limited.waveId}/sessions`, { body: { consent: true } });
    await expectError(res, 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

/** The same open wave, served by an app with a session-start rate limit. */
async function openFlagshipWaveAgain(
  handle: Parameters<typeof openFlagshipWave>[0],
  rateLimit: number,
): Promise<OpenWave> {
  const { createApp } = await import('../../src/app.ts');
  const { silentLogger } = await import('../../src/log.ts');
  const [w] = await handle.db.select().from(schema.waves).where(eq(schema.waves.status, 'open'));
  if (!w) throw new Error('no open wave');
  return { app: createApp({ db: handle, logger: silentLogger, bodyLimit: 65536, rateLimit }), waveId: w.id };
}
