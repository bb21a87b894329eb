/**
 * The dashboards in a real browser (Debian's headless Chromium driven by playwright-core): the
 * overview, each tab of an indicator page and a country page, in English and Arabic at phone and
 * desktop widths; a campaign page; a filter applied without JavaScript and with it; a CSV downloaded and compared
 * with the table next to its chart; no console error, no failed request, no request leaving the
 * site; axe-core with no serious or critical violation. Screenshots are saved under
 * test-artifacts/dashboards/ (or $BAROMETER_ARTIFACTS/dashboards/).
 *
 * The server is the dashboards' routes over the database, as `barometer serve` mounts them: a
 * small demo world (9 countries of every continent × 4 waves (2028 planned, the perception question) × 80 completes, answered through the
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
const phone = { width: 360, height: 800 };
const desktop = { width: 1440, height: 900 };

/**
 * What the reader's screen shows of the page's charts: the rendered size of every visible SVG
 * text (its font size times the drawing's scale on screen) below 11 px, and any chart box that
 * scrolls sideways.
 */
async function chartLayout(page: Page): Promise<{ small: string[]; scrolling: string[]; visibleCharts: number }> {
  return page.evaluate(() => {
    const small: string[] = [];
    const scrolling: string[] = [];
    let visibleCharts = 0;
    for (const svg of Array.from(document.querySelectorAll<SVGSVGElement>('.svg svg.bplot'))) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0) continue;
      visibleCharts += 1;
      const scale = box.width / (svg.viewBox.baseVal.width || box.width);
      for (const t of Array.from(svg.querySelectorAll('text'))) {
        if (t.getBoundingClientRect().width === 0) continue;
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        if (px < 11 - 1e-6) small.push(`${px.toFixed(1)} px: ${t.textContent ?? ''}`);
      }
    }
    for (const box of Array.from(document.querySelectorAll<HTMLElement>('.svg')))
      if (box.scrollWidth > box.clientWidth + 1) scrolling.push(box.getAttribute('aria-label') ?? '');
    return { small: small.slice(0, 5), scrolling, visibleCharts };
  });
}

/**
 * Text order in the DOM where right to left goes wrong: an Arabic row label holding a number with
 * a sign or range ("العمر: 65+") must be a first-strong isolate with the number a left-to-right
 * isolate; a cited address a left-to-right <bdi>.
 */
async function bidiProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const labels = document.querySelectorAll(
      '.svg g[data-label="y-axis tick label"] text, .svg g[data-label="text"] text',
    );
    for (const t of Array.from(labels)) {
      const text = t.childNodes[0]?.textContent ?? '';
      if (!/[\u0600-\u06ff]/.test(text) || !/\d+\+|\d+-\d+/.test(text)) continue;
      if (!text.startsWith('\u2068') || !/\u2066[^\u2069]*\d[^\u2069]*\u2069/.test(text)) out.push(`label: ${text}`);
    }
    for (const cite of Array.from(document.querySelectorAll('.cite'))) {
      const address = cite.querySelector('bdi[dir="ltr"]');
      if (!address?.textContent?.startsWith('http'))
        out.push(`citation address not isolated: ${cite.textContent ?? ''}`);
    }
    return out;
  });
}

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
      // The planned 2028 wave too: the perception question, for the perception-versus-reality page.
      size: {
        scale: 0.08,
        countries: ['GBR', 'DEU', 'USA', 'BRA', 'IND', 'KEN', 'ZAF', 'EGY', 'AUS'],
        waves: ['mp-2022', 'mp-2024', 'mp-2026', 'mp-2028'],
      },
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

  it('overview, indicator tabs and country page in English and Arabic, at 360 and 1440 px: charts fit, text ≥ 11 px, accessible, nothing off-site', async () => {
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
          ['perception', '/perception/'],
        ] as const;
        for (const [name, path] of views) {
          const where = `${name} (${lang}, ${size})`;
          await page.goto(`${base()}/${lang}${path}`);
          expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
          expect(await page.locator('h1').count()).toBe(1);
          // Nothing widens the page past the screen, and no chart scrolls sideways.
          const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          expect(widths[0], `${where} is wider than the screen`).toBeLessThanOrEqual(widths[1] ?? 0);
          const layout = await chartLayout(page);
          expect(layout.small, `${where}: chart text under 11 px`).toEqual([]);
          expect(layout.scrolling, `${where}: charts scrolling sideways`).toEqual([]);
          if (name !== 'indicator-table' && name !== 'methodology')
            expect(layout.visibleCharts, `${where}: no chart shown`).toBeGreaterThan(0);
          // One drawing of each chart is shown: the narrow one on the phone, the wide one on the desktop.
          const shown = size === 'phone' ? '.narrow' : '.wide';
          const hidden = size === 'phone' ? '.wide' : '.narrow';
          for (const box of await page.locator(`.svg ${hidden}`).all()) expect(await box.isVisible()).toBe(false);
          if (layout.visibleCharts > 0) expect(await page.locator(`.svg ${shown}`).first().isVisible()).toBe(true);
          if (lang === 'ar') expect(await bidiProblems(page), where).toEqual([]);
          if (name === 'perception') {
            // The official figure's source is on the page, under each chart.
            expect(await page.locator('section#perception-countries .source').textContent(), where).toMatch(
              lang === 'ar' ? /^الرقم الرسمي: / : /^Official figure: United Nations/,
            );
            expect(await page.locator('ul.plain li').count(), where).toBeGreaterThan(0);
          }
          if (name !== 'indicator-table' && name !== 'methodology' && name !== 'indicator-map')
            await page.screenshot({ path: join(artefacts, `${name}-${lang}-${size}.png`), fullPage: true });
          if (size === 'desktop') {
            const violations = await seriousViolations(page);
            expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
          }
        }
        await page.context().close();
      }
    }
    expect(problems).toEqual([]);
  }, 400_000);

  it('reads a value on hover and from the keyboard, and copies the page link (JavaScript)', async () => {
    const page = await open(desktop, true);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`${base()}/en/indicators/wantsDecrease/`);
    const tip = page.locator('section#trend figure .tip');
    expect(await tip.isVisible()).toBe(false);
    const dot = page.locator('section#trend .wide svg [data-tip]').first();
    const said = (await dot.getAttribute('data-tip')) ?? '';
    expect(said).toMatch(/^\S.* 20\d\d: \d+\.\d%/);
    await dot.hover();
    expect(await tip.textContent()).toBe(said);
    expect(await tip.isVisible()).toBe(true);
    // From the keyboard: the chart's box takes focus; the arrows step through the marks.
    await page.mouse.move(0, 0);
    await page.locator('section#trend .svg').focus();
    await page.keyboard.press('ArrowRight');
    expect(await tip.textContent()).toBe(said);
    await page.keyboard.press('ArrowRight');
    const second = await page.locator('section#trend .wide svg [data-tip]').nth(1).getAttribute('data-tip');
    expect(await tip.textContent()).toBe(second);
    expect(await tip.getAttribute('role')).toBe('status');
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    // The copy-link button, shown only where the script runs, puts the cited address on the clipboard.
    const button = page.locator('section#trend button.copy-link');
    await button.click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.locator('section#trend .cite bdi').textContent());
    expect(copied).toMatch(/^http:\/\/[^/]+\/dashboards\/migration-perceptions\/en\/indicators\/wantsDecrease\/$/);
    expect(await page.locator('section#trend .cite [role=status]').textContent()).toBe('Link copied');
    await page.context().close();
    const bare = await open(desktop, false);
    await bare.goto(`${base()}/en/indicators/wantsDecrease/`);
    expect(await bare.locator('section#trend button.copy-link').isVisible()).toBe(false);
    expect(await bare.locator('section#trend .wide svg title').count()).toBeGreaterThan(1);
    await bare.context().close();
    expect(problems).toEqual([]);
  });

  it('campaign page from the overview, in English and Arabic: charts with tables, accessible, nothing off-site', async () => {
    for (const [lang, size, viewport] of [
      ['en', 'desktop', desktop],
      ['ar', 'desktop', desktop],
      ['en', 'phone', phone],
      ['ar', 'phone', phone],
    ] as const) {
      const page = await open(viewport);
      await page.goto(`${base()}/${lang}/`);
      const href = await page.locator('nav.campaigns a').first().getAttribute('href');
      expect(href).toBe(`/dashboards/migration-perceptions/${lang}/campaigns/i-am-a-migrant-too/`);
      await page.goto(`${origin}${href ?? ''}`);
      expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('section.chart .wide svg[role="img"]').count()).toBe(3);
      const layout = await chartLayout(page);
      expect(layout.small, `campaign (${lang}, ${size}): chart text under 11 px`).toEqual([]);
      expect(layout.scrolling).toEqual([]);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
      // The campaign's name (a Latin hashtag in the demo's other campaign) is isolated from the Arabic around it.
      expect(await page.locator('h1 bdi').count()).toBe(1);
      // The fact arm by prior overestimation: why the gap itself is not an outcome, then its status
      // (this world's 2028 wave is too small for its four cells: withheld with its reason, no number).
      expect(await page.locator('section#fact p.note').textContent()).toMatch(
        lang === 'ar'
          ? /^يُطرح سؤال عدد المولودين في الخارج قبل الرسالة/
          : /^The question on how many people were born abroad is asked before the message/,
      );
      expect(await page.locator('section#fact p.status').count()).toBe(1);
      await page.locator('section#reach details.data summary').click();
      expect(await page.locator('section#reach tbody tr').count()).toBeGreaterThan(3);
      await page.screenshot({ path: join(artefacts, `campaign-${lang}-${size}.png`), fullPage: true });
      if (size === 'desktop') {
        const violations = await seriousViolations(page);
        expect(violations, `campaign (${lang}): ${JSON.stringify(violations, null, 2)}`).toEqual([]);
      }
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
