/**
 * Resume links and session binding: links built from the configured public
 * address, never the Host header; a session bound to a browser only by a same-site POST, with the
 * secret rotated; a submitted session's answers withheld from its secret after the grace period;
 * one rate-limit bucket per address for web and API starts.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { submittedAnswersGraceMinutes } from '../../src/collection/session-state.ts';
import { silentLogger } from '../../src/log.ts';
import { describeEachDb } from '../helpers/db.ts';
import { call, openFlagshipWave, Respondent } from '../helpers/collection.ts';
import { expectError } from '../helpers/http.ts';
import { formAction, formTokens, hiddenField, PageClient } from './client.ts';

describeEachDb('resume links and session binding', (ctx) => {
  let app: App;
  let waveId: string;
  beforeEach(async () => {
    ({ app, waveId } = await openFlagshipWave(ctx.handle));
  });

  /** A browser that started the survey and saved for later: its /saved page and the session id. */
  const savedForLater = async (client: PageClient, host?: string) => {
    const welcome = await (await client.get(`/w/${waveId}`)).text();
    const started = await client.follow(
      await client.post(formAction(welcome), { ...formTokens(welcome), 'consent.CONSENT': 'true' }),
    );
    const sessionId = started.url.match(/\/s\/([0-9a-f-]{36})/)?.[1] ?? '';
    const later = await client.post(formAction(started.html), {
      ...formTokens(started.html),
      'q.COUNTRY': 'ken',
      action: 'later',
    });
    // The request as the node server hands it over when the Host header says `host`.
    const location = later.headers.get('location') ?? '';
    const saved = await client.get(host === undefined ? location : `http://${host}${location}`, host ? { host } : {});
    return { sessionId, html: await saved.text() };
  };
  const resumeLink = (html: string) => html.match(/id="resume-link">([^<]+)</)?.[1]?.replace(/&amp;/g, '&') ?? '';

  it('builds the resume link from BAROMETER_PUBLIC_URL, never from the Host header', async () => {
    const configured = new PageClient(
      createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 65536, publicUrl: 'https://survey.example.org' }),
    );
    const { sessionId, html } = await savedForLater(configured, 'evil.example');
    expect(resumeLink(html)).toMatch(new RegExp(`^https://survey\\.example\\.org/resume/${sessionId}\\?key=`));
    expect(html).not.toContain('evil.example');

    // Unset: the listening address (in-process, http://localhost), whatever Host says.
    const plain = await savedForLater(new PageClient(app), 'evil.example');
    expect(resumeLink(plain.html)).toMatch(/^http:\/\/localhost\/resume\//);
    expect(plain.html).not.toContain('evil.example');
  });

  it('binds a session to a browser only by a same-site POST from the resume page, and rotates the secret', async () => {
    const { sessionId, html } = await savedForLater(new PageClient(app));
    const link = new URL(resumeLink(html));
    const oldKey = link.searchParams.get('key') ?? '';

    // A GET (a link or an image on another site) shows a page with a button; it sets no cookie.
    const other = new PageClient(app);
    const shown = await other.get(link.pathname + link.search);
    expect(shown.status).toBe(200);
    expect(shown.headers.getSetCookie().filter((c) => c.startsWith('barometer_session='))).toEqual([]);
    const page = await shown.text();
    expect(formAction(page)).toBe(`/resume/${sessionId}`);
    expect(hiddenField(page, 'key')).toBe(oldKey);

    // The same form posted from another site is refused, and binds nothing.
    const forged = await other.post(
      formAction(page),
      { key: oldKey, page: 'location' },
      { origin: 'https://evil.example' },
    );
    expect(forged.status).toBe(403);
    expect(other.cookies.has('barometer_session')).toBe(false);

    const posted = await other.post(formAction(page), { key: oldKey, page: hiddenField(page, 'page') });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/s/${sessionId}?page=location`);
    const rotated = other.cookies.get('barometer_session')?.value ?? '';
    expect(rotated).not.toBe('');
    expect(rotated).not.toBe(oldKey);
    expect((await other.follow(posted)).html).toMatch(/value="ken" checked/);

    // Whoever knew the old key (the link's, or one planted by a third party) has lost the session.
    const byOld = await call(app, 'GET', `/v1/sessions/${sessionId}`, { headers: { 'x-session-secret': oldKey } });
    await expectError(byOld, 401, 'unauthorized');
    const again = await new PageClient(app).get(link.pathname + link.search);
    expect(again.status).toBe(404);
  });

  it(`stops serving a submitted session's answers to its secret after ${submittedAnswersGraceMinutes} minutes`, async () => {
    const r = new Respondent(app, waveId);
    await r.start();
    await r.answerAll();
    expect((await r.submit()).status).toBe(201);
    const read = () => call(app, 'GET', `/v1/sessions/${r.sessionId}`, { headers: { 'x-session-secret': r.secret } });
    expect((await read()).status).toBe(200);

    await ctx.handle.db
      .update(schema.sessions)
      .set({ endedAt: sql`now() - make_interval(mins => ${submittedAnswersGraceMinutes + 1})` })
      .where(eq(schema.sessions.id, r.sessionId));
    const late = await read();
    expect(await late.clone().text()).not.toContain('"answers"');
    const body = await expectError(late, 410, 'gone');
    expect(body.error.message).toMatch(/submitted/);
    const instrument = await call(app, 'GET', `/v1/sessions/${r.sessionId}/instrument`, {
      headers: { 'x-session-secret': r.secret },
    });
    await expectError(instrument, 410, 'gone');
  });

  it('draws web and API session starts from one rate-limit bucket per address', async () => {
    const limited = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 65536, rateLimit: 2 });
    const apiStart = () => call(limited, 'POST', `/v1/waves/${waveId}/sessions`, { body: { consent: true } });
    expect([(await apiStart()).status, (await apiStart()).status]).toEqual([201, 201]);
    const browser = new PageClient(limited);
    const welcome = await (await browser.get(`/w/${waveId}`)).text();
    const web = await browser.post(formAction(welcome), { ...formTokens(welcome), 'consent.CONSENT': 'true' });
    expect(web.status).toBe(429);
    expect(Number(web.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
