/**
 * The dashboards in a real browser (Debian's headless Chromium driven by playwright-core): the
 * overview, each tab of an indicator page and a country page, in English and Arabic at phone and
 * desktop widths; a campaign page; a filter applied without JavaScript and with it; a CSV downloaded and compared
 * with the table next to its chart; no console error, no failed request, no request leaving the
 * site; axe-core with no serious or critical violation. Screenshots are saved under
 * test-artifacts/dashboards/ (or $BAROMETER_ARTIFACTS/dashboards/).
 *
 * The server is the dashboards' routes over the database, as `barometer serve` mounts them: a
 * small demo world (9 countries of every continent × 3 waves × 80 completes, answered through the
 * collection service, weighted and materialised) read back through `publishedSeriesAndCampaigns`, the public
 * view (country subgroups below the study's minimum n are withheld, as a reader sees them).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../db/index.ts';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { bootstrapDefinitions } from '../../src/collection/bootstrap.ts';
import { buildDemoWorld } from '../../src/demo/index.ts';
import { publishedSeriesAndCampaigns } from '../../src/indicators/campaign/stored.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { repoRoot } from '../helpers/process.ts';

const executablePath = process.env.BAROMETER_CHROMIUM ?? '/usr/bin/chromium';
const haveBrowser = existsSync(executablePath);
const artefacts = join(process.env.BAROMETER_ARTIFACTS ?? join(repoRoot, 'test-artifacts'), 'dashboards');
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const all = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          o: object,
        ) => Promise<{
          violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
        }>;
      };
    };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe.skipIf(!haveBrowser)('dashboards in a browser', () => {
  let server: ServerType;
  let origin = '';
  let browser: Browser;
  let handle: DbHandle;
  const problems: string[] = [];

  beforeAll(async () => {
    handle = await createDb({ kind: 'pglite' });
    await handle.migrate();
    const { studies } = await bootstrapDefinitions(handle.db, definitionsDir, { openDemo: false });
    await buildDemoWorld(handle.db, {
      // ZAF ran 'I am a migrant too'; DEU 'migration means'; the others are their comparison.
      size: { scale: 0.08, countries: ['GBR', 'DEU', 'USA', 'BRA', 'IND', 'KEN', 'ZAF', 'EGY', 'AUS'] },
      seed: 'browser-dashboards',
      scenario: 'textbook',
      through: 'service',
      concurrency: 64,
    });
    const app = dashboardRoutes({ source: publishedSeriesAndCampaigns(handle.db, studies) });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(artefacts, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await handle?.close();
  });

  /** A page that records console errors, failed requests and any request leaving the site. */
  const open = async (viewport: { width: number; height: number }, javaScriptEnabled = true) => {
    const context = await browser.newContext({ viewport, javaScriptEnabled, acceptDownloads: true });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()} (${page.url()})`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`off-site: ${r.url()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    return page;
  };

  const base = () => `${origin}/dashboards/migration-perceptions`;

  it('overview, indicator tabs and country page in English and Arabic, phone and desktop: accessible, nothing off-site', async () => {
    for (const lang of ['en', 'ar'] as const) {
      for (const [size, viewport] of [
        ['phone', phone],
        ['desktop', desktop],
      ] as const) {
        const page = await open(viewport);
        const views = [
          ['overview', '/'],
          ['indicator-chart', '/indicators/wantsDecrease/'],
          ['indicator-map', '/indicators/wantsDecrease/map/'],
          ['indicator-table', '/indicators/wantsDecrease/table/'],
          ['country', '/countries/KEN/'],
          ['methodology', '/methodology/'],
        ] as const;
        for (const [name, path] of views) {
          await page.goto(`${base()}/${lang}${path}`);
          expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
          expect(await page.locator('h1').count()).toBe(1);
          // Nothing widens the page past the screen (charts and tables scroll inside their own box).
          const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          expect(widths[0], `${name} (${lang}, ${size}) is wider than the screen`).toBeLessThanOrEqual(widths[1] ?? 0);
          if (name === 'overview' || size === 'desktop') {
            await page.screenshot({ path: join(artefacts, `${name}-${lang}-${size}.png`), fullPage: true });
          }
          if (size === 'desktop') {
            const violations = await seriousViolations(page);
            expect(violations, `${name} (${lang}): ${JSON.stringify(violations, null, 2)}`).toEqual([]);
          }
        }
        await page.context().close();
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('campaign page from the overview, in English and Arabic: charts with tables, accessible, nothing off-site', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const page = await open(desktop);
      await page.goto(`${base()}/${lang}/`);
      const href = await page.locator('nav.campaigns a').first().getAttribute('href');
      expect(href).toBe(`/dashboards/migration-perceptions/${lang}/campaigns/i-am-a-migrant-too/`);
      await page.goto(`${origin}${href ?? ''}`);
      expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('section.chart svg[role="img"]').count()).toBe(3);
      await page.locator('section#reach details.data summary').click();
      expect(await page.locator('section#reach tbody tr').count()).toBeGreaterThan(3);
      await page.screenshot({ path: join(artefacts, `campaign-${lang}-desktop.png`), fullPage: true });
      const violations = await seriousViolations(page);
      expect(violations, `campaign (${lang}): ${JSON.stringify(violations, null, 2)}`).toEqual([]);
      await page.context().close();
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('finds a country from the map, the ranking, the map table and the search form (without JavaScript)', async () => {
    const page = await open(desktop, false);
    const kenya = `${base()}/en/countries/KEN/`;
    const via = [
      ['map shape', 'section#map svg a[href$="/countries/KEN/"]'],
      ['ranking row', 'section#ranking svg a[href$="/countries/KEN/"]'],
      ['map table row', 'section#map tbody a[href$="/countries/KEN/"]'],
    ] as const;
    for (const [what, selector] of via) {
      await page.goto(`${base()}/en/indicators/wantsDecrease/map/`);
      if (what === 'map table row') await page.locator('section#map details.data summary').click();
      await page.locator(selector).first().click();
      await page.waitForURL(kenya);
      expect(await page.locator('h1').textContent(), what).toBe('Kenya');
    }
    await page.goto(`${base()}/ar/`);
    await page.locator('form.country-search select').selectOption('ZAF');
    await page.locator('form.country-search button[type=submit]').click();
    await page.waitForURL(`${base()}/ar/countries/ZAF/`);
    expect(await page.locator('h1').textContent()).toBe('جنوب أفريقيا');
    await page.context().close();
    expect(problems).toEqual([]);
  });

  it('applies a filter without JavaScript: the GET form puts the choice in the URL', async () => {
    const page = await open(desktop, false);
    await page.goto(`${base()}/en/indicators/wantsDecrease/`);
    await page.locator('form.filters details summary').click();
    await page.locator('input[name=geo][value="country:GBR"]').check();
    await page.locator('form.filters button[type=submit]').click();
    await page.waitForURL(/geo=country%3AGBR/);
    const rows = await page.locator('section#trend tbody th').allTextContents();
    expect(rows).toContain('United Kingdom');
    await page.context().close();
    expect(problems).toEqual([]);
  });

  it('applies a filter with JavaScript as soon as the choice changes', async () => {
    const page = await open(desktop, true);
    await page.goto(`${base()}/en/`);
    const before = await page.locator('section#change h2').textContent();
    await page.locator('select#f-to').selectOption({ label: '2024' });
    await page.waitForURL(/to=/);
    const after = await page.locator('section#change h2').textContent();
    expect(after).not.toBe(before);
    expect(after).toContain('2022–2024');
    await page.context().close();
    expect(problems).toEqual([]);
  });

  it('downloads the CSV of a chart: its rows are the rows of the table next to it', async () => {
    const page = await open(desktop, true);
    await page.goto(`${base()}/en/indicators/wantsDecrease/map/`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('section#ranking a[data-download="shown"]').click(),
    ]);
    const path = await download.path();
    const lines = readFileSync(path, 'utf8').trim().split('\r\n');
    await page.locator('section#ranking details.data summary').click();
    const table = await page
      .locator('section#ranking tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));
    expect(lines[0]).toBe('country,region,estimate,ci_low,ci_high,n,status');
    expect(lines.length - 1).toBe(table.length);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      expect(cells[0]).toBe(table[i]?.[0]);
      expect(table[i]?.[2]).toBe(cells[2] === '' ? '–' : `${(Number(cells[2]) * 100).toFixed(1)}%`);
    });
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
