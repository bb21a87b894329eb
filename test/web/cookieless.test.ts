/**
 * A browser that refuses cookies answers the whole survey: each page's form
 * carries the session id (in its action) and a token for that page alone; the session secret is in
 * no URL and in no page.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import type { App } from '../../src/app.ts';
import { secretOfPageToken } from '../../src/collection/page-token.ts';
import { SessionState } from '../../src/collection/schemas.ts';
import { simulatedAnswers } from '../../src/collection/simulate.ts';
import { describeEachDb } from '../helpers/db.ts';
import { openFlagshipWave } from '../helpers/collection.ts';
import { formAction, formFieldsFor, formTokens, hiddenField, PageClient } from './client.ts';

describeEachDb('respondents without cookies', (ctx) => {
  let app: App;
  let waveId: string;
  beforeEach(async () => {
    ({ app, waveId } = await openFlagshipWave(ctx.handle));
  });

  /** The fields of a page form as the page sent them: its anti-forgery token, nonce and page token. */
  const pageFields = (html: string) => ({ ...formTokens(html), st: hiddenField(html, 'st') });
  const blockOf = (html: string) => formAction(html).split('/').at(-1) ?? '';

  it('completes the flagship survey with every cookie refused; the secret is in no URL and no page', async () => {
    const client = new PageClient(app);
    client.acceptCookies = false;
    const welcome = await (await client.get(`/w/${waveId}`)).text();
    let res = await client.post(formAction(welcome), { ...formTokens(welcome), 'consent.CONSENT': 'true' });
    expect(res.status).toBe(200);
    let html = await res.text();
    const sessionId = formAction(html).match(/\/s\/([0-9a-f-]{36})\//)?.[1] ?? '';
    const secret = await secretOfPageToken(ctx.handle.db, {
      sessionId,
      block: blockOf(html),
      token: hiddenField(html, 'st'),
    });
    if (secret === undefined) throw new Error('the first page carries no token for its page');
    const seen: string[] = [];
    for (let i = 0; i < 20 && res.status === 200; i++) {
      expect(html).not.toContain(secret);
      const state = SessionState.parse(
        await (
          await app.request(`/v1/sessions/${sessionId}?page=${blockOf(html)}`, {
            headers: { 'x-session-secret': secret },
          })
        ).json(),
      );
      if (!state.page) throw new Error('no page');
      seen.push(state.page.blockId);
      res = await client.post(formAction(html), {
        ...pageFields(html),
        ...formFieldsFor(state.page, simulatedAnswers(state.page)),
        action: 'next',
      });
      expect(res.headers.get('location') ?? '').not.toContain(secret);
      html = await res.text();
    }
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/s/${sessionId}/thanks`));
    expect(seen).toEqual(expect.arrayContaining(['location', 'about_you', 'immigration', 'end']));
    const [row] = await ctx.handle.db.select().from(schema.sessions).where(eq(schema.sessions.id, sessionId));
    expect(row?.status).toBe('submitted');
    expect(client.cookies.size).toBe(0);
  });

  it("goes back and shows errors without cookies; a page's token opens no other page and no other session", async () => {
    const client = new PageClient(app);
    client.acceptCookies = false;
    const welcome = await (await client.get(`/w/${waveId}`)).text();
    const first = await (
      await client.post(formAction(welcome), { ...formTokens(welcome), 'consent.CONSENT': 'true' })
    ).text();
    expect(blockOf(first)).toBe('location');
    // Nothing answered: the page comes back with its error, and a token still on it.
    const refused = await client.post(formAction(first), { ...pageFields(first), action: 'next' });
    expect(refused.status).toBe(400);
    const again = await refused.text();
    const next = await client.post(formAction(again), { ...pageFields(again), 'q.COUNTRY': 'ken', action: 'next' });
    expect(next.status).toBe(200);
    const second = await next.text();
    expect(blockOf(second)).not.toBe('location');

    // The first page's token does not open the second page.
    const wrongPage = await client.post(formAction(second), { ...pageFields(second), st: hiddenField(first, 'st') });
    expect(wrongPage.status).toBe(401);
    // Nor another session's page.
    const other = new PageClient(app);
    other.acceptCookies = false;
    const w2 = await (await other.get(`/w/${waveId}`)).text();
    const theirs = await (await other.post(formAction(w2), { ...formTokens(w2), 'consent.CONSENT': 'true' })).text();
    const crossed = await client.post(formAction(theirs), { ...pageFields(theirs), st: hiddenField(first, 'st') });
    expect(crossed.status).toBe(401);

    const back = await client.post(formAction(second), { ...pageFields(second), action: 'back' });
    expect(back.status).toBe(200);
    const shown = await back.text();
    expect(blockOf(shown)).toBe('location');
    expect(shown).toMatch(/value="ken" checked/);
  });
});
