/**
 * The researcher console in headless Chromium against the real server (in this process, on an
 * embedded database): a researcher signs in, opens the fielding wave, watches completes arrive
 * (responses submitted through the API meanwhile), sees the speeder among them flagged, closes the
 * wave after confirming, downloads the export and signs out; then, without JavaScript at phone
 * width, an admin visits every console page. axe-core finds no serious or critical violation on
 * any page, with or without JavaScript. Screenshots at phone and desktop widths are saved under
 * test-artifacts/console/ (or $BAROMETER_ARTIFACTS/console/).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../src/formats/csv-read.ts';
import { createApiToken } from '../../src/collection/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { definitionsDir, Respondent } from '../helpers/collection.ts';
import { repoRoot } from '../helpers/process.ts';
import { chromiumArgs, executablePath } from './respondent-pages.ts';

const haveBrowser = existsSync(executablePath);
const artefacts = join(process.env.BAROMETER_ARTIFACTS ?? join(repoRoot, 'test-artifacts'), 'console');
const phone = { width: 390, height: 844 };
const desktop = { width: 1440, height: 900 };

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> };
    };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${where}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!haveBrowser)('researcher console in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;
  let waveId = '';
  const tokens = { researcher: '', admin: '' };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'barometer-console-'));
    mkdirSync(artefacts, { recursive: true });
    const config = loadConfig({
      BAROMETER_DATA_DIR: join(dataDir, 'data'),
      BAROMETER_DEFINITIONS: definitionsDir,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    server = await startServer(config, { logger: silentLogger });
    waveId = server.bootstrap?.openedDemo?.id ?? '';
    for (const role of ['researcher', 'admin'] as const)
      tokens[role] = (await createApiToken(server.db.db, { name: `ana-${role}`, role, actor: 'test' })).token;
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto(`${server.url}/research?lang=en`);
    await page.fill('#token', token);
    await page.click('form[action="/research/sign-in"] button');
    await page.waitForURL(/\/research\/waves$/);
  }

  it('signs in, watches completes arrive, sees a speeder flagged, closes the wave, downloads the export, signs out', async () => {
    expect(waveId).not.toBe('');
    const context = await browser.newContext({ viewport: desktop, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/research?lang=en`);
    await expectAccessible(page, 'sign-in (JS)');
    await page.screenshot({ path: join(artefacts, 'sign-in-desktop.png'), fullPage: true });
    await signIn(page, tokens.researcher);
    await expectAccessible(page, 'waves (JS)');
    await page.click('a[href="/research/waves/mp-2026"]');
    await expect.poll(() => page.locator('#wave-completes').textContent()).toMatch(/^0 \//);

    // Ten respondents who take their time, then one who races through.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const r = new Respondent(server.app, waveId);
        await r.start();
        await r.answerAll();
        await sleep(4000); // well above three times the speeder's time, even on a loaded machine
        expect((await r.submit()).status).toBe(201);
      }),
    );
    const speeder = new Respondent(server.app, waveId);
    await speeder.start();
    await speeder.answerAll();
    expect((await speeder.submit()).status).toBe(201);

    await page.reload();
    await expect.poll(() => page.locator('#wave-completes').textContent()).toMatch(/^11 \//);
    expect(await page.locator('svg[role=img]').count()).toBe(1);
    await expectAccessible(page, 'wave (JS)');
    await page.screenshot({ path: join(artefacts, 'wave-desktop.png'), fullPage: true });

    await page.click('a[href="/research/waves/mp-2026/quality"]');
    const flagged = page.locator('tr[id^=response-]', { hasText: 'speeder' });
    expect(await flagged.count()).toBe(1);
    await expectAccessible(page, 'quality (JS)');
    await page.screenshot({ path: join(artefacts, 'quality-desktop.png'), fullPage: true });
    await flagged.locator('button').click();
    await expect.poll(() => page.locator('tr[id^=response-]', { hasText: 'Excluded' }).count()).toBe(1);

    await page.goto(`${server.url}/research/waves/mp-2026`);
    await page.click('a[href="/research/waves/mp-2026/close"]');
    await expectAccessible(page, 'confirm close (JS)');
    await page.click('form[action="/research/waves/mp-2026/close"] button');
    await expect.poll(() => page.locator('#wave-status').textContent()).toBe('closed');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href="/research/waves/mp-2026/responses.csv"]'),
    ]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    const [header = [], ...rows] = readCsvRecords(csv.trim());
    const flagsAt = header.indexOf('quality_flags');
    const excludedAt = header.indexOf('quality_excluded');
    expect(flagsAt).toBeGreaterThan(0);
    expect(rows).toHaveLength(11);
    // The speeder's row: flagged a speeder (among any other checks it failed) and excluded.
    const speederRows = rows.filter((r) => (r[flagsAt] ?? '').split(';').includes('speeder'));
    expect(speederRows.map((r) => [r[flagsAt], r[excludedAt]])).toEqual([[expect.stringContaining('speeder'), '1']]);

    await page.click('form[action="/research/sign-out"] button');
    await page.waitForURL(/\/research$/);
    await page.goto(`${server.url}/research/waves`);
    expect(await page.locator('#token').count()).toBe(1);
    await context.close();
  }, 120_000);

  it('serves every console page without JavaScript at phone width, accessible, in English and Arabic', async () => {
    const context = await browser.newContext({ viewport: phone, javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, tokens.admin);
    // axe needs script: the same pages (they carry none) are checked in a context with it, signed in alike.
    const checker = await browser.newContext({ viewport: phone });
    await checker.addCookies(await context.cookies());
    const checked = await checker.newPage();
    const pages = ['waves', 'waves/mp-2026', 'waves/mp-2026/quality', 'waves/mp-2026/weighting', 'audit'];
    for (const lang of ['en', 'ar']) {
      for (const path of pages) {
        const res = await page.goto(`${server.url}/research/${path}?lang=${lang}`);
        expect(res?.status(), path).toBe(200);
        expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await page.locator('script').count()).toBe(0);
        await checked.goto(`${server.url}/research/${path}?lang=${lang}`);
        await expectAccessible(checked, `${path} (${lang})`);
        await page.screenshot({
          path: join(artefacts, `${path.replaceAll('/', '-')}-${lang}-phone.png`),
          fullPage: true,
        });
      }
    }
    expect(await page.locator('body').textContent()).toContain('console.sign_in');
    await checker.close();
    await context.close();
  }, 120_000);
});
