/**
 * The respondent pages that earn trust, in headless Chromium against `barometer serve`: the consent
 * page says who is asking and why (screenshots at 390 px and on a desktop, in English and Arabic,
 * into test-artifacts/respondent/ or $BAROMETER_ARTIFACTS/respondent/), the last page before the
 * submit is a review page and the thank-you page says what happens next, the page number never
 * shows a total that could change, and without JavaScript an exclusive choice ticked with another
 * is refused with every tick kept. Every page checked passes axe with no serious violation.
 *
 * Without /usr/bin/chromium the suite is skipped (respondent.test.ts says so, or fails under
 * REQUIRE_BROWSER=1).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/process.ts';
import {
  answerPage,
  chromiumArgs,
  executablePath,
  startSurvey,
  startSurveyServer,
  type SurveyServer,
} from './respondent-pages.ts';

const haveBrowser = existsSync(executablePath);
const artefacts = join(process.env.BAROMETER_ARTIFACTS ?? join(repoRoot, 'test-artifacts'), 'respondent');
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };

/** The serious and critical axe-core violations of the page. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string | null }[] }> };
    };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

/** Answers and goes on until the page of `blockId` (or the thank-you page); the page numbers shown on the way. */
async function goTo(page: Page, blockId: string): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < 20 && !/\/thanks/.test(page.url()); i++) {
    numbers.push((await page.locator('#progress-text').textContent()) ?? '');
    const action = (await page.locator('form[data-page]').getAttribute('action')) ?? '';
    if (action.endsWith(`/${blockId}`)) return numbers;
    await answerPage(page);
    const before = page.url();
    await Promise.all([page.waitForURL((u) => u.href !== before), page.locator('button[value=next]').click()]);
  }
  return numbers;
}

describe.skipIf(!haveBrowser)('respondent pages that earn trust, in Chromium', () => {
  let server: SurveyServer | undefined;
  let waveUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(artefacts, { recursive: true });
    server = await startSurveyServer();
    waveUrl = server.waveUrl;
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  const newPage = async (javaScriptEnabled: boolean, viewport = phone): Promise<Page> => {
    const context = await browser.newContext({ javaScriptEnabled, viewport });
    contexts.push(context);
    return context.newPage();
  };

  it('says on the consent page who is asking and why, on a phone and a desktop, in English and Arabic', async () => {
    for (const [lang, heading] of [
      ['en', 'Who is asking and why'],
      ['ar', 'من يسأل ولماذا'],
    ] as const) {
      for (const [size, viewport] of [
        ['phone', phone],
        ['desktop', desktop],
      ] as const) {
        const page = await newPage(true, viewport);
        await page.goto(`${waveUrl}?lang=${lang}`);
        expect(await page.locator('#about-title').textContent()).toBe(heading);
        expect(await page.locator('.about dt').count()).toBe(7);
        expect(await page.locator('.about a[href^="mailto:"]').count()).toBe(1);
        expect(await page.locator('.about a[href$="/privacy"]').count()).toBe(1);
        // Nothing wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        expect(await seriousViolations(page), `consent page (${lang}, ${size})`).toEqual([]);
        await page.screenshot({ path: join(artefacts, `consent-${lang}-${size}.png`), fullPage: true });
      }
    }
  }, 90_000);

  it('numbers pages without a total, then shows a review page and a thank-you page that says what happens next', async () => {
    const page = await newPage(true);
    await startSurvey(page, waveUrl, 'en');
    const numbers = await goTo(page, 'end');
    expect(numbers).toEqual(numbers.map((_, i) => `Page ${i + 2}`));
    expect(await page.locator('h1').textContent()).toBe('Check and submit your answers');
    expect(await page.title()).not.toContain('Thank you');
    expect(await page.locator('button[value=next]').textContent()).toBe('Submit my answers');
    expect(await seriousViolations(page), 'review page').toEqual([]);
    await page.screenshot({ path: join(artefacts, 'review-en-phone.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/thanks/), page.locator('button[value=next]').click()]);
    expect(await page.locator('h1').textContent()).toBe('Thank you');
    expect(await page.locator('main').textContent()).toContain('Your answers are recorded.');
    expect(await page.locator('h2').textContent()).toBe('What happens next');
    expect(await seriousViolations(page), 'thank-you page').toEqual([]);
  }, 90_000);

  it('refuses "Don\'t know" ticked with a channel without JavaScript, keeping both ticks', async () => {
    // The page's script never loads (as with JavaScript off), while axe can still run in the page.
    const context = await browser.newContext({ viewport: phone });
    contexts.push(context);
    await context.route('**/assets/barometer.js*', (route) => route.abort());
    const page = await context.newPage();
    await startSurvey(page, waveUrl, 'en');
    await goTo(page, 'slogans');
    await answerPage(page);
    const where = page.locator('input[name="q.SLOGAN_WHERE"]:not([value^="missing:"])').first();
    const channel = (await where.getAttribute('value')) ?? '';
    await where.check();
    const dontKnow = page.locator('input[name="q.SLOGAN_WHERE"][value="missing:dont_know"]');
    await dontKnow.check();
    await page.locator('button[value=next]').click();
    await page.waitForSelector('.summary');
    expect(await page.locator(`input[name="q.SLOGAN_WHERE"][value="${channel}"]`).isChecked()).toBe(true);
    expect(await dontKnow.isChecked()).toBe(true);
    expect(await page.locator('.summary').textContent()).toContain(
      "“Don't know” cannot be combined with other answers",
    );
    expect(await seriousViolations(page), 'exclusive refusal').toEqual([]);
    await page.screenshot({ path: join(artefacts, 'exclusive-refused-en-phone.png'), fullPage: true });
  }, 90_000);

  it('shows the copy button beside the resume link only with JavaScript', async () => {
    for (const js of [true, false]) {
      const page = await newPage(js);
      await startSurvey(page, waveUrl, 'fr');
      await page.locator('button[value=later]').click();
      await page.waitForURL(/\/saved/);
      expect(await page.locator('button[data-copy]').isVisible()).toBe(js);
      expect(await page.locator('#email-link').count()).toBe(0);
    }
  }, 90_000);
});
