/**
 * The respondent pages in-process (app.request): the whole flow with plain
 * forms, right-to-left Arabic, errors in the respondent's language, resume,
 * and the safety rules (CSRF, cookies, CSP, escaping).
 */
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { SessionState, type PageView } from '../../src/collection/schemas.ts';
import { simulatedAnswers } from '../../src/collection/simulate.ts';
import { silentLogger } from '../../src/log.ts';
import { describeEachDb } from '../helpers/db.ts';
import { openFlagshipWave } from '../helpers/collection.ts';
import { formAction, formFieldsFor, formTokens, hiddenField, PageClient } from './client.ts';

/** The session id of a /s/… URL. */
function sessionOf(url: string): string {
  const m = url.match(/\/s\/([0-9a-f-]{36})/);
  if (!m?.[1]) throw new Error(`not a session URL: ${url}`);
  return m[1];
}

/** The page as the JSON API describes it, read with the secret the browser holds in its cookie. */
async function pageViewOf(client: PageClient, sessionId: string): Promise<PageView | null> {
  const secret = client.cookies.get('barometer_session')?.value ?? '';
  const res = await client.app.request(`/v1/sessions/${sessionId}`, { headers: { 'x-session-secret': secret } });
  return SessionState.parse(await res.json()).page;
}

async function start(
  client: PageClient,
  waveId: string,
  lang?: string,
): Promise<{ html: string; url: string; res: Response; startRes: Response }> {
  const welcome = await client.get(`/w/${waveId}${lang ? `?lang=${lang}` : ''}`);
  expect(welcome.status).toBe(200);
  const html = await welcome.text();
  const consent = [...html.matchAll(/name="(consent\.[A-Z_]+)"/g)].map((m) => m[1] ?? '');
  const startRes = await client.post(formAction(html), {
    ...formTokens(html),
    lang: lang ?? 'en',
    ...Object.fromEntries(consent.map((c) => [c, 'true'])),
  });
  expect(startRes.status).toBe(303);
  return { ...(await client.follow(startRes)), startRes };
}

/** Answers every page through the forms (as with JavaScript off) and returns the thank-you page. */
async function completeAll(
  client: PageClient,
  first: { html: string; url: string },
): Promise<{ html: string; url: string; pages: string[] }> {
  let { html, url } = first;
  const sessionId = sessionOf(url);
  const pages: string[] = [];
  for (let i = 0; i < 20 && !url.includes('/thanks'); i++) {
    const page = await pageViewOf(client, sessionId);
    if (!page) throw new Error(`no page at ${url}`);
    pages.push(page.blockId);
    const res = await client.post(formAction(html), {
      ...formTokens(html),
      ...formFieldsFor(page, simulatedAnswers(page)),
      action: 'next',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    ({ html, url } = await client.follow(res));
  }
  return { html, url, pages };
}

describeEachDb('respondent pages', (ctx) => {
  let app: App;
  let waveId: string;
  beforeEach(async () => {
    ({ app, waveId } = await openFlagshipWave(ctx.handle));
  });

  const responses = () => ctx.handle.db.select().from(schema.responses);
  const sessions = () => ctx.handle.db.select().from(schema.sessions);

  it('takes a respondent from the welcome page through every page to the thank-you page, without JavaScript', async () => {
    const client = new PageClient(app);
    const first = await start(client, waveId);
    expect(first.url).toMatch(/^\/s\/[0-9a-f-]{36}\?page=location$/);
    expect(first.html).toContain('<html lang="en" dir="ltr">');
    // The page number, without a total that could change as answers show or hide later pages.
    expect(first.html).toContain('<p id="progress-text">Page 2</p>');
    expect(first.html).not.toMatch(/Page \d+ of \d+/);
    const done = await completeAll(client, first);
    expect(done.url).toMatch(/\/thanks\?lang=en$/);
    expect(done.html).toContain('Your answers are recorded.');
    expect(done.html).toContain('What happens next');
    expect(done.pages).toEqual(
      expect.arrayContaining(['location', 'about_you', 'immigration', 'acceptance', 'contact', 'background', 'end']),
    );
    const [response] = await responses();
    expect(response?.language).toBe('en');
    expect(response?.answers).toMatchObject({ CONSENT: true, AGE: expect.any(Number) });
    // The submit cleared the session cookie.
    expect(client.cookies.has('barometer_session')).toBe(false);
    const [session] = await sessions();
    expect(session?.status).toBe('submitted');
  });

  it('limits an open link to one submitted response per device (cookie); another device may answer', async () => {
    const client = new PageClient(app);
    await completeAll(client, await start(client, waveId));
    expect(client.cookies.get('barometer_device')?.raw).toMatch(/HttpOnly/i);
    const welcome = await client.get(`/w/${waveId}`);
    const html = await welcome.text();
    const consent = [...html.matchAll(/name="(consent\.[A-Z_]+)"/g)].map((m) => m[1] ?? '');
    const again = await client.post(formAction(html), {
      ...formTokens(html),
      lang: 'en',
      ...Object.fromEntries(consent.map((c) => [c, 'true'])),
    });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already');
    expect(await sessions()).toHaveLength(1);
    const other = new PageClient(app);
    await completeAll(other, await start(other, waveId));
    expect(await responses()).toHaveLength(2);
  });

  it('lays Arabic out right to left and says what is wrong in Arabic, next to the field and in a summary', async () => {
    const client = new PageClient(app);
    const welcome = await client.get(`/w/${waveId}?lang=ar`);
    expect(await welcome.text()).toContain('<html lang="ar" dir="rtl">');
    const first = await start(client, waveId, 'ar');
    expect(first.html).toContain('<html lang="ar" dir="rtl">');
    const res = await client.post(formAction(first.html), { ...formTokens(first.html), action: 'next' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('class="summary" role="alert"');
    expect(html).toContain('href="#q-COUNTRY-0"');
    expect(html).toContain('أجب عن هذا السؤال.');
    expect(html).toMatch(/<fieldset class="q invalid" id="q-COUNTRY" aria-describedby="q-COUNTRY-error"/);
    expect(html).toMatch(/id="q-COUNTRY-0" name="q.COUNTRY" value="[a-z_]+" aria-invalid="true"/);
    const done = await completeAll(client, { html, url: first.url });
    expect(done.html).toContain('<html lang="ar" dir="rtl">');
    expect(done.html).toContain('شكرًا لك');
    expect((await responses())[0]?.language).toBe('ar');
  });

  it('sets a HttpOnly, SameSite=Lax session cookie scoped to the session, Secure behind https', async () => {
    const client = new PageClient(app);
    const { startRes, url } = await start(client, waveId);
    const sessionId = sessionOf(url);
    const cookie = startRes.headers.getSetCookie().find((c) => c.startsWith('barometer_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toContain(`Path=/s/${sessionId}`);
    expect(cookie).not.toMatch(/Secure/);

    // Behind a proxy the operator trusts (BAROMETER_TRUST_PROXY): X-Forwarded-Proto counts.
    const secure = new PageClient(
      createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, trustProxy: true }),
    );
    const welcome = await secure.get(`/w/${waveId}`, { 'x-forwarded-proto': 'https' });
    const html = await welcome.text();
    const res = await secure.post(
      formAction(html),
      { ...formTokens(html), 'consent.CONSENT': 'true' },
      { 'x-forwarded-proto': 'https' },
    );
    expect(res.headers.getSetCookie().find((c) => c.startsWith('barometer_session='))).toMatch(/; Secure/);
  });

  it('sends a strict Content-Security-Policy and no inline script or style', async () => {
    const client = new PageClient(app);
    const { url, html } = await start(client, waveId);
    for (const path of ['/', `/w/${waveId}`, url]) {
      const res = await client.get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const body = await res.text();
      expect(body).not.toMatch(/<script(?![^>]*\ssrc=)/);
      expect(body).not.toMatch(/<style|\sstyle=|\son[a-z]+=/);
    }
    expect(html).toMatch(/<script src="\/assets\/barometer\.js\?v=[0-9a-f]+" defer><\/script>/);
    const js = await client.get('/assets/barometer.js?v=1');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await client.get('/assets/barometer.css')).status).toBe(200);
    expect((await client.get('/assets/nope.js')).status).toBe(404);
  });

  it('refuses forged forms: no token, a wrong token, another origin, no session cookie', async () => {
    const client = new PageClient(app);
    const welcome = await client.get(`/w/${waveId}`);
    const wHtml = await welcome.text();
    // Start without the form token, with a wrong one, and from another site.
    expect((await client.post(`/w/${waveId}/start`, { 'consent.CONSENT': 'true' })).status).toBe(403);
    expect(
      (
        await client.post(`/w/${waveId}/start`, {
          ...formTokens(wHtml),
          csrf: 'x'.repeat(43),
          'consent.CONSENT': 'true',
        })
      ).status,
    ).toBe(403);
    const crossSite = await client.post(
      `/w/${waveId}/start`,
      { ...formTokens(wHtml), 'consent.CONSENT': 'true' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await crossSite.text()).toContain('This form has expired');
    expect(await sessions()).toHaveLength(0);

    const { html, url } = await start(client, waveId);
    const sessionId = sessionOf(url);
    const action = formAction(html);
    const answers = { 'q.COUNTRY': 'fra', action: 'next' };
    expect((await client.post(action, { ...answers, nonce: formTokens(html).nonce ?? '' })).status).toBe(403);
    expect((await client.post(action, { ...formTokens(html), csrf: 'forged', ...answers })).status).toBe(403);
    expect(
      (await client.post(action, { ...formTokens(html), ...answers }, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    const stranger = new PageClient(app);
    const noCookie = await stranger.post(action, { ...formTokens(html), ...answers });
    expect(noCookie.status).toBe(401);
    expect(await noCookie.text()).toContain('Your session was not found');
    const [row] = await ctx.handle.db.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId));
    expect(row?.answers).toEqual({ CONSENT: true });
    // A stranger cannot read the page either.
    expect((await stranger.get(url)).status).toBe(401);
  });

  it('escapes what the respondent typed when showing it back', async () => {
    const client = new PageClient(app);
    let { html } = await start(client, waveId);
    const res1 = await client.post(formAction(html), { ...formTokens(html), 'q.COUNTRY': 'fra', action: 'next' });
    ({ html } = await client.follow(res1));
    expect(html).toContain('id="q-AGE-0"');
    const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const res = await client.post(formAction(html), { ...formTokens(html), 'q.AGE': hostile, action: 'next' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"');
    expect(page).toContain('Enter a number, for example 42.');
    // Hostile values of a choice are refused, not echoed.
    const res2 = await client.post(formAction(html), {
      ...formTokens(html),
      'q.SEX': '<b>x</b>',
      'q.AGE': '30',
      'q.REGION': 'missing:refused',
      action: 'next',
    });
    expect(res2.status).toBe(400);
    expect(await res2.text()).not.toContain('<b>x</b>');
  });

  it('goes back with the earlier answers shown, and tells "don\'t know" apart from an answer', async () => {
    const client = new PageClient(app);
    let { html, url } = await start(client, waveId);
    const sessionId = sessionOf(url);
    let res = await client.post(formAction(html), { ...formTokens(html), 'q.COUNTRY': 'fra', action: 'next' });
    ({ html } = await client.follow(res));
    res = await client.post(formAction(html), {
      ...formTokens(html),
      'q.REGION': 'missing:refused',
      'q.AGE': '',
      'q.AGE.missing': 'refused',
      'q.SEX': 'female',
      action: 'back',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${sessionId}?page=location`);
    ({ html } = await client.follow(res));
    expect(html).toMatch(/value="fra" checked/);
    expect(html).toContain('>Back</button>');
    res = await client.post(formAction(html), { ...formTokens(html), 'q.COUNTRY': 'fra', action: 'next' });
    ({ html } = await client.follow(res));
    expect(html).toMatch(/name="q.AGE.missing" value="refused" data-missing checked/);
    expect(html).toMatch(/value="missing:refused" checked/);
    // Both a number and "prefer not to answer": refused, nothing saved.
    res = await client.post(formAction(html), {
      ...formTokens(html),
      'q.REGION': 'missing:refused',
      'q.AGE': '40',
      'q.AGE.missing': 'refused',
      'q.SEX': 'female',
      action: 'next',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('“Prefer not to answer” cannot be combined with other answers.');
    const [row] = await ctx.handle.db.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId));
    expect(row?.answers).toMatchObject({ AGE: { missing: 'refused' }, REGION: { missing: 'refused' }, SEX: 'female' });
  });

  it('saves for later and resumes from a link on another device; a wrong key reveals nothing', async () => {
    const client = new PageClient(app);
    const { html, url } = await start(client, waveId);
    const sessionId = sessionOf(url);
    const res = await client.post(formAction(html), { ...formTokens(html), 'q.COUNTRY': 'ken', action: 'later' });
    expect(res.headers.get('location')).toBe(`/s/${sessionId}/saved?page=location`);
    const saved = await client.follow(res);
    expect(saved.res.headers.get('cache-control')).toBe('no-store');
    expect(saved.res.headers.get('referrer-policy')).toBe('no-referrer');
    const link = saved.html.match(/href="(http:\/\/localhost\/resume\/[^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
    expect(link).toBeDefined();

    const other = new PageClient(app);
    const shown = await (await other.get(new URL(link ?? '').pathname + new URL(link ?? '').search)).text();
    const resumed = await other.post(formAction(shown), {
      key: hiddenField(shown, 'key'),
      page: hiddenField(shown, 'page'),
    });
    expect(resumed.status).toBe(303);
    expect(resumed.headers.get('location')).toBe(`/s/${sessionId}?page=location`);
    const page = await other.follow(resumed);
    expect(page.html).toMatch(/value="ken" checked/);

    const wrongKey = await new PageClient(app).get(`/resume/${sessionId}?key=${'A'.repeat(43)}`);
    const noSession = await new PageClient(app).get(`/resume/${crypto.randomUUID()}?key=${'A'.repeat(43)}`);
    const noKey = await new PageClient(app).get(`/resume/${sessionId}`);
    expect([wrongKey.status, noSession.status, noKey.status]).toEqual([404, 404, 404]);
    const bodies = await Promise.all([wrongKey.text(), noSession.text(), noKey.text()]);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).not.toContain(sessionId);
    expect(wrongKey.headers.getSetCookie()).toEqual([]);
  });

  it('asks for consent before starting, and starts nothing without it', async () => {
    const client = new PageClient(app);
    const welcome = await (await client.get(`/w/${waveId}`)).text();
    expect(welcome).toMatch(
      /<input type="checkbox" id="consent-CONSENT" name="consent.CONSENT" value="true" aria-describedby="consent-CONSENT-text">/,
    );
    expect(welcome).toContain('<label for="consent-CONSENT">I agree to take part</label>');
    const res = await client.post(formAction(welcome), { ...formTokens(welcome) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#consent-CONSENT"');
    expect(html).toContain('aria-invalid="true"');
    expect(await sessions()).toHaveLength(0);
  });

  it('sends a submit from a second tab, after the session was submitted in the first, to the thank-you page', async () => {
    const client = new PageClient(app);
    const first = await start(client, waveId);
    const sessionId = sessionOf(first.url);
    // A second tab of the same browser, holding the form of the current page (and its tokens).
    const tab = new PageClient(app);
    for (const [name, cookie] of client.cookies) tab.cookies.set(name, cookie);
    const stale = await (await tab.get(`/s/${sessionId}`)).text();
    await completeAll(client, first);
    const res = await tab.post(`/s/${sessionId}/submit`, formTokens(stale));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${sessionId}/thanks?lang=en`);
    expect(await responses()).toHaveLength(1);
  });

  it('answers a double-sent form once', async () => {
    const client = new PageClient(app);
    const { html } = await start(client, waveId);
    const fields = { ...formTokens(html), 'q.COUNTRY': 'fra', action: 'next' };
    const [a, b] = await Promise.all([client.post(formAction(html), fields), client.post(formAction(html), fields)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.get('location')).toBe(b.headers.get('location'));
    const [row] = await sessions();
    expect((row?.paradata as { pages: unknown[] }).pages).toHaveLength(2); // consent page + this one
  });

  it('shows HTML error pages with 4xx statuses on page routes, and keeps JSON errors on /v1', async () => {
    const client = new PageClient(app);
    for (const path of [
      '/s/not-a-uuid',
      `/s/${crypto.randomUUID()}/thanks/extra`,
      `/w/${crypto.randomUUID()}`,
      '/w/nope',
    ]) {
      const res = await client.get(path);
      if (path.endsWith('/extra')) {
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        continue;
      }
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('Page not found');
    }
    const unknown = await client.get(`/s/${crypto.randomUUID()}`);
    expect(unknown.status).toBe(401);
    const fr = await client.get(`/s/${crypto.randomUUID()}`, { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(await fr.text()).toContain('Votre session est introuvable');
    const api = await client.get(`/v1/sessions/${crypto.randomUUID()}`);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('lists the open waves on the home page', async () => {
    const res = await new PageClient(app).get('/');
    const html = await res.text();
    expect(html).toContain(`href="/w/${waveId}"`);
    expect(html).toContain('Migration perceptions');
    expect(html).toContain('href="/dashboards/"');
    // Operator endpoints are not a respondent's business.
    for (const endpoint of ['/healthz', '/readyz', 'openapi.json']) expect(html).not.toContain(endpoint);
  });
});
