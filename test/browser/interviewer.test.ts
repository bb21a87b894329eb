/**
 * A telephone interview in Barometer's own pages, in Chromium: an interviewer token opens the
 * wave in interviewer mode, the pages show the instrument's interviewer instructions and don't
 * know / refused on a question that offers the respondent neither, the respondent's language is
 * switched mid-interview (to French, then to Arabic, right to left), and the response records
 * mode `phone` and the interviewer's id — which the export leaves out while its `mode` column
 * says phone, and which the researcher route counts. The language switches are recorded (the
 * response's language is the last, its paradata lists each switch with its page, the export's
 * `languages` column names them in order). A per-interviewer link opens the wave without a token
 * and records its interviewer; revoked, it opens nothing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { eq } from 'drizzle-orm';
import { createInterviewerLink } from '../../src/collection/interviewer.ts';
import { createApiToken, revokeApiToken } from '../../src/collection/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { chromiumArgs, executablePath } from './respondent-pages.ts';

const definitions = fileURLToPath(new URL('../fixtures/mixed-mode', import.meta.url));

describe.skipIf(!existsSync(executablePath))('a phone interview in interviewer mode, in Chromium', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'barometer-interviewer-'));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startServer(
      loadConfig({}, { port: '0', host: '127.0.0.1', 'data-dir': join(scratch, 'data'), definitions }),
      { logger: silentLogger },
    );
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("shows the instructions and don't know / refused, switches language mid-interview, and records mode and interviewer", async () => {
    if (!server || !browser) throw new Error('not started');
    const waveId = server.bootstrap?.openedDemo?.id ?? '';
    const db = server.db.db;
    const interviewer = await createApiToken(db, { name: 'ana', role: 'interviewer', actor: 'test' });
    const page = await browser.newPage();

    await page.goto(`${server.url}/i/${waveId}`);
    // A viewer's token (or a wrong one) cannot open interviews.
    await page.locator('#token').fill('brm_not-a-real-token');
    await page.locator('input[name=mode][value=phone]').check();
    await page.locator('#agreed').check();
    await page.locator('form button[type=submit]').click();
    await expect.poll(() => page.locator('.summary').textContent()).toContain('This token cannot open interviews');

    await page.locator('#token').fill(interviewer.token);
    await page.locator('input[name=mode][value=phone]').check();
    await page.locator('#lang').selectOption('en');
    await page.locator('#agreed').check();
    await Promise.all([page.waitForURL(/\/s\/[0-9a-f-]{36}/), page.locator('form button[type=submit]').click()]);
    const firstPage = await page
      .locator('form[action*="/pages/"]')
      .getAttribute('action')
      .then((a) => a?.split('/').at(-1));

    // English: the banner, the instruction, and don't know / refused although MIG_LEVEL offers neither.
    expect(await page.locator('.interviewer').textContent()).toContain('Interviewer mode: telephone');
    expect(await page.locator('#q-MIG_LEVEL-instruction').textContent()).toContain('Read out the options');
    expect(await page.locator('input[name="q.MIG_LEVEL"][value="missing:dont_know"]').count()).toBe(1);
    expect(await page.locator('input[name="q.MIG_LEVEL"][value="missing:refused"]').count()).toBe(1);

    // The respondent prefers French: the same page, in French.
    await Promise.all([page.waitForURL(/lang=fr/), page.locator('.interviewer a[hreflang=fr]').click()]);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('#q-MIG_LEVEL-instruction').textContent()).toContain('Lire les réponses');
    expect(await page.locator('.interviewer').textContent()).toContain('Mode enquêteur : téléphone');
    expect(await page.locator('label[for^="q-MIG_LEVEL"]').allTextContents()).toContain('Refus');
    await page.locator('input[name="q.MIG_LEVEL"][value="missing:refused"]').check();
    await Promise.all([page.waitForURL(/page=about/), page.locator('button[value=next]').click()]);

    // The next page stays in French; then Arabic, right to left.
    expect(await page.locator('#q-AGE-instruction').textContent()).toContain("Noter l'âge");
    await Promise.all([page.waitForURL(/lang=ar/), page.locator('.interviewer a[hreflang=ar]').click()]);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('#q-AGE-instruction').textContent()).toContain('سجّل العمر');
    await page.locator('input.num').fill('40');
    await Promise.all([page.waitForURL(/\/thanks/), page.locator('button[value=next]').click()]);

    const [response] = await db.select().from(schema.responses);
    expect(response).toMatchObject({
      mode: 'phone',
      interviewerId: interviewer.id,
      answers: { MIG_LEVEL: { missing: 'refused' }, AGE: 40 },
    });
    // The switches are recorded: the response's language is the last, its paradata names each switch's page.
    expect(response?.language).toBe('ar');
    expect(response?.paradata.languages?.map(({ page: p, from, to }) => ({ page: p, from, to }))).toEqual([
      { page: firstPage, from: 'en', to: 'fr' },
      { page: 'about', from: 'fr', to: 'ar' },
    ]);

    // The export: a mode column saying phone, and no interviewer id anywhere in it.
    const researcher = await createApiToken(db, { name: 'rita', role: 'researcher', actor: 'test' });
    const auth = { authorization: `Bearer ${researcher.token}` };
    const csvText = await (
      await fetch(`${server.url}/v1/research/waves/${waveId}/responses.csv`, { headers: auth })
    ).text();
    const rows: Record<string, string>[] = parse(csvText, { columns: true });
    expect(rows.map((r) => r.mode)).toEqual(['phone']);
    expect(rows.map((r) => [r.language, r.languages])).toEqual([['ar', 'en fr ar']]);
    expect(csvText).not.toContain(interviewer.id);
    const listed = await fetch(`${server.url}/v1/research/waves/${waveId}/interviewers`, { headers: auth });
    expect(await listed.json()).toEqual({
      interviewers: [{ interviewerId: interviewer.id, name: 'ana', mode: 'phone', completes: 1 }],
    });
    // An interviewer's token opens interviews, not the researcher API.
    const forbidden = await fetch(`${server.url}/v1/research/waves/${waveId}/interviewers`, {
      headers: { authorization: `Bearer ${interviewer.token}` },
    });
    expect(forbidden.status).toBe(403);
  }, 120_000);

  it("opens the wave from a per-interviewer link without a token, records the link's interviewer, and not once revoked", async () => {
    if (!server || !browser) throw new Error('not started');
    const waveId = server.bootstrap?.openedDemo?.id ?? '';
    const db = server.db.db;
    const link = await createInterviewerLink(db, { waveId, name: 'ben', actor: 'test' });
    const page = await browser.newPage();
    const opened = await page.goto(`${server.url}${link.path}`);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('#token').count()).toBe(0);
    expect(await page.locator('form').textContent()).toContain('Interviewer: ben');
    await page.locator('input[name=mode][value=face_to_face]').check();
    await page.locator('#agreed').check();
    await Promise.all([page.waitForURL(/\/s\/[0-9a-f-]{36}/), page.locator('form button[type=submit]').click()]);
    expect(await page.locator('.interviewer').textContent()).toContain('Interviewer mode: face to face');
    await page.locator('input[name="q.MIG_LEVEL"][value="missing:dont_know"]').check();
    await Promise.all([page.waitForURL(/page=about/), page.locator('button[value=next]').click()]);
    await page.locator('input.num').fill('33');
    await Promise.all([page.waitForURL(/\/thanks/), page.locator('button[value=next]').click()]);
    const [response] = await db.select().from(schema.responses).where(eq(schema.responses.interviewerId, link.id));
    expect(response).toMatchObject({ mode: 'face_to_face', language: 'en', answers: { AGE: 33 } });
    expect(response?.paradata.languages).toBeUndefined();

    // Revoked, the link opens nothing: the form asks for a token, and says why.
    expect(await revokeApiToken(db, link.id, { actor: 'test' })).toBe(true);
    const refused = await page.goto(`${server.url}${link.path}`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator('#token').count()).toBe(1);
    expect(await page.locator('.summary').textContent()).toContain('This token cannot open interviews');
  }, 120_000);
});
