/**
 * The respondent pages that earn trust, in-process (app.request), without JavaScript: the consent
 * page says who is asking and why in every language, the last page before submitting is a review
 * page (never "Thank you"), the page number never changes its total, an exclusive choice ticked
 * with another is refused with every tick kept, the countries come sorted in the respondent's
 * language, and the saved page offers the resume link to copy.
 */
import { beforeEach, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/app.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { silentLogger } from '../../src/log.ts';
import { SessionState, type PageView } from '../../src/collection/schemas.ts';
import { simulatedAnswers } from '../../src/collection/simulate.ts';
import { savedPage } from '../../src/web/pages.ts';
import { respondentInformation } from '../../survey-definitions/migration-perceptions/respondent-information.ts';
import { describeEachDb } from '../helpers/db.ts';
import { openFlagshipWave } from '../helpers/collection.ts';
import { formAction, formFieldsFor, formTokens, PageClient } from './client.ts';

interface At {
  html: string;
  url: string;
}

async function start(client: PageClient, waveId: string, lang = 'en'): Promise<At> {
  const welcome = await client.get(`/w/${waveId}?lang=${lang}`);
  const html = await welcome.text();
  const res = await client.post(formAction(html), { ...formTokens(html), lang, 'consent.CONSENT': 'true' });
  expect(res.status).toBe(303);
  return client.follow(res);
}

async function pageViewOf(client: PageClient, url: string): Promise<PageView | null> {
  const sessionId = url.match(/\/s\/([0-9a-f-]{36})/)?.[1] ?? '';
  const secret = client.cookies.get('barometer_session')?.value ?? '';
  const res = await client.app.request(`/v1/sessions/${sessionId}`, { headers: { 'x-session-secret': secret } });
  return SessionState.parse(await res.json()).page;
}

/** Answers page after page (first choices) until the page `blockId`; the HTML of every page seen. */
async function walkTo(
  client: PageClient,
  at: At,
  blockId: string,
): Promise<{ at: At; page: PageView; seen: string[] }> {
  const seen: string[] = [];
  for (let i = 0; i < 20; i++) {
    const page = await pageViewOf(client, at.url);
    if (!page) throw new Error(`no page ${blockId} before ${at.url}`);
    seen.push(at.html);
    if (page.blockId === blockId) return { at, page, seen };
    const res = await client.post(formAction(at.html), {
      ...formTokens(at.html),
      ...formFieldsFor(page, simulatedAnswers(page)),
      action: 'next',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    at = await client.follow(res);
  }
  throw new Error(`never reached ${blockId}`);
}

describeEachDb('respondent pages that earn trust', (ctx) => {
  let app: App;
  let waveId: string;
  beforeEach(async () => {
    ({ app, waveId } = await openFlagshipWave(ctx.handle));
  });

  it.each(['en', 'fr', 'es', 'ar'] as const)(
    'says on the consent page, in %s, who is asking and why, from the study definition',
    async (lang) => {
      const html = await (await new PageClient(app).get(`/w/${waveId}?lang=${lang}`)).text();
      const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll("'", '&#39;').replaceAll('"', '&quot;');
      for (const field of ['sponsor', 'fieldwork', 'purpose', 'use', 'retention', 'voluntary'] as const)
        expect(html, field).toContain(escape(respondentInformation[field][lang] ?? ''));
      expect(html).toContain(`href="mailto:${respondentInformation.contact}"`);
      expect(html).toContain(`href="${respondentInformation.privacyNotice}"`);
      expect(html).toContain('<h2 id="about-title">');
      // The information comes before the agreement.
      expect(html.indexOf('about-title')).toBeLessThan(html.indexOf('name="consent.CONSENT"'));
    },
  );

  it('shows a review page before submitting, then a thank-you page that says the answers are recorded', async () => {
    const client = new PageClient(app);
    const { at, seen } = await walkTo(client, await start(client, waveId), 'end');
    // No page before the submit is titled "Thank you".
    for (const html of seen) expect(html).not.toMatch(/<h1>Thank you/);
    expect(at.html).toContain('<h1>Check and submit your answers</h1>');
    expect(at.html).toContain('<title>Check and submit your answers — Page');
    expect(at.html).toContain('Your answers so far are saved; they count in the survey only once you submit them.');
    expect(at.html).not.toContain('Thank you for taking part');
    expect(at.html).toContain('>Submit my answers</button>');
    expect(at.html).toContain('>Back</button>');
    const res = await client.post(formAction(at.html), { ...formTokens(at.html), action: 'next' });
    expect(res.status).toBe(303);
    const thanks = await client.follow(res);
    expect(thanks.url).toMatch(/\/thanks\?lang=en$/);
    expect(thanks.html).toContain('<h1>Thank you</h1>');
    expect(thanks.html).toContain('Your answers are recorded. You can close this page.');
    expect(thanks.html).toContain('<h2>What happens next</h2>');
  });

  it('numbers the pages one by one, with no total to change, and a bar that only moves forward', async () => {
    const client = new PageClient(app);
    const { seen } = await walkTo(client, await start(client, waveId), 'end');
    const numbers = seen.map((html) => Number(html.match(/<p id="progress-text">Page (\d+)<\/p>/)?.[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 2));
    for (const html of seen) expect(html).not.toMatch(/Page \d+ of \d+/);
    const bars = seen.map((html) => Number(html.match(/<progress max="100" value="(\d+)"/)?.[1]));
    for (let i = 1; i < bars.length; i++) expect(bars[i]).toBeGreaterThan(bars[i - 1] ?? 0);
  });

  it('refuses an exclusive choice ticked with another without JavaScript, and keeps every tick', async () => {
    const client = new PageClient(app);
    const { at, page } = await walkTo(client, await start(client, waveId), 'slogans');
    const where = page.questions.find((q) => q.code === 'SLOGAN_WHERE');
    const first = where?.options.find((o) => !o.missing)?.code ?? '';
    const res = await client.post(formAction(at.html), {
      ...formTokens(at.html),
      ...formFieldsFor(page, simulatedAnswers(page)),
      'q.SLOGAN_WHERE': [first, 'missing:dont_know'],
      action: 'next',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`name="q.SLOGAN_WHERE" value="${first}" checked`));
    expect(html).toMatch(/name="q.SLOGAN_WHERE" value="missing:dont_know" checked/);
    expect(html).toContain('cannot be combined with other answers. Untick it, or untick the other answers.');
    expect(html).toContain('<title>There is a problem:');
  });

  it.each(['fr', 'es', 'ar'] as const)('sorts the countries by name in %s', async (lang) => {
    const client = new PageClient(app);
    const { html } = await start(client, waveId, lang);
    const labels = [...html.matchAll(/<label for="q-COUNTRY-\d+"><bdi>(.*?)<\/bdi>/g)].map((m) => m[1] ?? '');
    expect(labels.length).toBeGreaterThan(40);
    expect(labels).toEqual([...labels].sort(new Intl.Collator(lang).compare));
  });

  it('offers the resume link to copy (with JavaScript), and no e-mail when the study does not enable it', async () => {
    const client = new PageClient(app);
    const at = await start(client, waveId);
    const res = await client.post(formAction(at.html), { ...formTokens(at.html), action: 'later' });
    const saved = await client.follow(res);
    expect(saved.url).toMatch(/\/saved/);
    expect(saved.html).toContain('<p class="copy" hidden><button type="button" data-copy="resume-link"');
    expect(saved.html).not.toContain('id="email-link"');
    const withEmail = savedPage({
      lang: 'fr',
      dir: 'ltr',
      study: 'Étude',
      resumeUrl: 'https://example.org/resume/abc?key=k&page=p',
      continueUrl: '/s/abc',
      emailLink: true,
    });
    expect(withEmail).toContain(
      'href="mailto:?subject=Lien%20pour%20reprendre%20l%E2%80%99enqu%C3%AAte%3A%20%C3%89tude&amp;body=https%3A%2F%2Fexample.org%2Fresume%2Fabc%3Fkey%3Dk%26page%3Dp"',
    );
    expect(withEmail).toContain('M’envoyer ce lien par e-mail');
  });
});

describeEachDb('a survey whose last page has questions', (ctx) => {
  it('goes from the last page of questions to the review page, and submits from there', async () => {
    const dir = fileURLToPath(new URL('../fixtures/mixed-mode', import.meta.url));
    const { openedDemo, studies } = await bootstrapDefinitions(ctx.handle.db, dir, { openDemo: true });
    const app = createApp({ db: ctx.handle, logger: silentLogger, bodyLimit: 64 * 1024, rateLimit: 0, studies });
    const client = new PageClient(app);
    const welcome = await (await client.get(`/w/${openedDemo?.id ?? ''}`)).text();
    let at = await client.follow(await client.post(formAction(welcome), { ...formTokens(welcome), consent: 'true' }));
    expect(at.html).toContain('<p id="progress-text">Page 1</p>');
    at = await client.follow(
      await client.post(formAction(at.html), { ...formTokens(at.html), 'q.MIG_LEVEL': 'increased', action: 'next' }),
    );
    // The last page of questions goes on to the review page; it does not submit.
    expect(at.html).toContain('<p id="progress-text">Page 2</p>');
    expect(at.html).toContain('value="next" class="primary">Next</button>');
    const last = await client.post(formAction(at.html), { ...formTokens(at.html), 'q.AGE': '40', action: 'next' });
    expect(last.status).toBe(303);
    expect(last.headers.get('location')).toMatch(/\/s\/[0-9a-f-]{36}\?review$/);
    at = await client.follow(last);
    expect(at.html).toContain('<h1>Check and submit your answers</h1>');
    expect(formAction(at.html)).toMatch(/\/submit$/);
    const submitted = await client.post(formAction(at.html), formTokens(at.html));
    expect(submitted.status).toBe(303);
    const thanks = await client.follow(submitted);
    expect(thanks.url).toMatch(/\/thanks/);
    expect(thanks.html).toContain('Your answers are recorded.');
  });
});
