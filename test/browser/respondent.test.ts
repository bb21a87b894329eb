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
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTs, type Spawned } from '../helpers/process.ts';

const executablePath = process.env.BAROMETER_CHROMIUM ?? '/usr/bin/chromium';
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

/** Answers every question of the page shown through the controls, as a person would (first substantive choice). */
async function answerPage(page: Page, overrides: { age?: string } = {}): Promise<void> {
  const questions = page.locator('form[data-page] .q');
  const n = await questions.count();
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    const items = q.locator('fieldset.item');
    if ((await items.count()) > 0) {
      for (let k = 0; k < (await items.count()); k++) await items.nth(k).locator('input[type=radio]').first().check();
      continue;
    }
    const numeric = q.locator('input.num');
    if ((await numeric.count()) > 0) {
      await numeric.fill(overrides.age ?? '34');
      continue;
    }
    const text = q.locator('input[type=text], textarea');
    if ((await text.count()) > 0) {
      await text.first().fill('Nothing to add.');
      continue;
    }
    const selects = q.locator('select');
    if ((await selects.count()) > 0) {
      for (let k = 0; k < (await selects.count()); k++) await selects.nth(k).selectOption(String(k + 1));
      continue;
    }
    const choice = q.locator('input[type=radio]:not([value^="missing:"]), input[type=checkbox]:not([data-missing])');
    if ((await choice.count()) > 0) await choice.first().check();
  }
}

async function startSurvey(page: Page, waveUrl: string, lang: string): Promise<void> {
  await page.goto(`${waveUrl}?lang=${lang}`);
  await page.locator('input[type=checkbox][name^="consent"]').check();
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/s\/[0-9a-f-]{36}/);
}

/** Next through every page to the thank-you page; returns the block ids seen. */
async function finish(page: Page, options: { onAgePage?: (page: Page) => Promise<void> } = {}): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 20 && !/\/thanks/.test(page.url()); i++) {
    const action = (await page.locator('form[data-page]').getAttribute('action')) ?? '';
    seen.push(action.split('/').at(-1) ?? '');
    if (options.onAgePage && (await page.locator('input.num').count()) > 0) {
      await options.onAgePage(page);
      options = {};
    }
    await answerPage(page);
    const before = page.url();
    await Promise.all([page.waitForURL((u) => u.href !== before), page.locator('button[value=next]').click()]);
  }
  expect(page.url()).toMatch(/\/thanks\?lang=/);
  return seen;
}

describe.skipIf(!haveBrowser)('respondent pages in Chromium', () => {
  let server: Spawned;
  let dataDir: string;
  let waveUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'barometer-browser-'));
    server = spawnTs('bin/barometer.js', ['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], {
      LOG_LEVEL: 'warn',
    });
    const m = await server.waitFor(/Take the survey [^\n]*: (http:\/\/\S+\/w\/[0-9a-f-]{36})/, 90_000);
    waveUrl = m[1] ?? '';
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
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
