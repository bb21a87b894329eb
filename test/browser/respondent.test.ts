/**
 * The respondent pages in a real browser: Debian's headless Chromium driven by
 * playwright-core against the real server (`barometer serve`). Completes the
 * flagship study in English and Arabic with JavaScript on and off, resumes a
 * saved session on a fresh browser, and runs axe-core on the consent page, a
 * page showing an error, and the thank-you page.
 *
 * Without /usr/bin/chromium the suite is skipped with a notice, unless
 * REQUIRE_BROWSER=1 (as in .ci/run), where that is a failure.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerPage,
  chromiumArgs,
  executablePath,
  finish,
  startSurvey,
  startSurveyServer,
  type SurveyServer,
} from './respondent-pages.ts';

const haveBrowser = existsSync(executablePath);
if (!haveBrowser) {
  if (process.env.REQUIRE_BROWSER === '1') {
    describe('browser tests', () => {
      it('need Chromium', () => {
        throw new Error(
          `REQUIRE_BROWSER=1 but ${executablePath} is missing: install Debian's chromium package (apt-get install -y chromium)`,
        );
      });
    });
  } else {
    process.stderr.write(
      `\n*** ${executablePath} not found: the browser tests (test/browser) were SKIPPED. Install chromium (apt-get install -y chromium) to run them. ***\n`,
    );
  }
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly unknown[];
}

/** Runs axe-core in the page (its source evaluated through the debugging protocol, which the CSP does not block). */
async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> };
    };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(() => null) }));
  });
}

const axeReport: Record<string, string[]> = {};
async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await accessibilityViolations(page);
  axeReport[name] = violations.map((v) => `${v.impact ?? 'unknown'}: ${v.id} (${v.nodes.length}) — ${v.help}`);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

describe.skipIf(!haveBrowser)('respondent pages in Chromium', () => {
  let server: SurveyServer | undefined;
  let waveUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startSurveyServer();
    waveUrl = server.waveUrl;
    browser = await chromium.launch({
      executablePath,
      args: chromiumArgs,
    });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    process.stderr.write(
      `\naxe-core violations by page (any impact):\n${Object.entries(axeReport)
        .map(([k, v]) => `  ${k}: ${v.length === 0 ? 'none' : v.join('; ')}`)
        .join('\n')}\n`,
    );
  });

  const newPage = async (javaScriptEnabled: boolean, viewport = { width: 390, height: 844 }): Promise<Page> => {
    const context = await browser.newContext({ javaScriptEnabled, viewport });
    contexts.push(context);
    return context.newPage();
  };

  it('completes the study in English with JavaScript, accessible on the consent, error and thank-you pages', async () => {
    const page = await newPage(true);
    await page.goto(waveUrl);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page, 'consent page (en)');
    await startSurvey(page, waveUrl, 'en');
    // The script hints at a required question before anything is sent.
    const before = page.url();
    await page.locator('button[value=next]').click();
    expect(page.url()).toBe(before);
    await expect.poll(() => page.locator('#q-COUNTRY-hint').textContent()).toBe('Answer this question.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-COUNTRY-0');

    const seen = await finish(page, {
      onAgePage: async (p) => {
        // An out-of-range age gets the server's error, shown in the summary and next to the field.
        await answerPage(p, { age: '7' });
        await p.locator('button[value=next]').click();
        await p.waitForSelector('.summary');
        expect(await p.locator('.summary a').first().textContent()).toContain('Enter a number from 15 to 120.');
        expect(await p.evaluate(() => document.activeElement?.classList.contains('summary'))).toBe(true);
        expect(await p.locator('#q-AGE-0').getAttribute('aria-invalid')).toBe('true');
        await expectAccessible(p, 'question page with an error (en)');
        await p.locator('.summary a').first().click();
        expect(await p.evaluate(() => document.activeElement?.id)).toBe('q-AGE-0');
      },
    });
    expect(seen).toEqual(expect.arrayContaining(['location', 'about_you', 'immigration', 'end']));
    expect(await page.locator('h1').textContent()).toBe('Thank you');
    await expectAccessible(page, 'thank-you page (en)');
  }, 90_000);

  it('completes the study in Arabic without JavaScript, right to left', async () => {
    const page = await newPage(false);
    await startSurvey(page, waveUrl, 'ar');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    // Without the script the server says what is missing.
    await page.locator('button[value=next]').click();
    await page.waitForSelector('.summary');
    expect(await page.locator('#q-COUNTRY-error').textContent()).toBe('أجب عن هذا السؤال.');
    await answerPage(page);
    await page.locator('button[value=next]').click();
    await page.waitForURL(/page=about_you/);
    await page.screenshot({ path: join(tmpdir(), 'barometer-arabic-question-page.png'), fullPage: true });
    const seen = await finish(page);
    expect(seen.length).toBeGreaterThan(4);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('h1').textContent()).toBe('شكرًا لك');
  }, 90_000);

  it('completes the study in English without JavaScript and in Arabic with it', async () => {
    const en = await newPage(false, { width: 1280, height: 900 });
    await startSurvey(en, waveUrl, 'en');
    await finish(en);
    expect(await en.locator('h1').textContent()).toBe('Thank you');

    const ar = await newPage(true);
    await startSurvey(ar, waveUrl, 'ar');
    expect(await ar.locator('html').getAttribute('dir')).toBe('rtl');
    await expectAccessible(ar, 'question page (ar)');
    await finish(ar);
    expect(await ar.locator('html').getAttribute('dir')).toBe('rtl');
  }, 90_000);

  it('saves, and resumes from the link in another browser', async () => {
    const page = await newPage(true);
    await startSurvey(page, waveUrl, 'fr');
    await answerPage(page);
    await page.locator('button[value=later]').click();
    await page.waitForURL(/\/saved/);
    const link = await page.locator('#resume-link').getAttribute('href');
    expect(link).toMatch(/\/resume\/[0-9a-f-]{36}\?key=/);
    await expectAccessible(page, 'saved page (fr)');

    const other = await newPage(false);
    await other.goto(link ?? '');
    await other.locator('form[action^="/resume/"] button').click();
    await other.waitForURL(/\/s\//);
    expect(other.url()).toMatch(/\/s\/[0-9a-f-]{36}\?page=location$/);
    expect(await other.locator('input[name="q.COUNTRY"]:checked').count()).toBe(1);
    expect(await other.locator('html').getAttribute('lang')).toBe('fr');
    await finish(other);
    expect(await other.locator('h1').textContent()).toBe('Merci');

    // The same link without the right key shows nothing of the session.
    const stranger = await newPage(false);
    const res = await stranger.goto((link ?? '').replace(/key=[^&]+/, 'key=wrongwrongwrongwrong'));
    expect(res?.status()).toBe(404);
  }, 90_000);
});
