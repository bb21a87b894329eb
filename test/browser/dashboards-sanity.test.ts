/**
 * The default `npm start` world (all 51 countries × 3 waves × 20 completes, the demo's default
 * seed) in a real browser: the overview, every indicator's chart and map, and country pages
 * (Malta, China, Egypt: the sparse samples whose margins of error once read 10⁵–10⁷⁷) contain no
 * margin of error with more than 4 digits before the decimal point, no "∞", no "NaN", and every
 * chart's SVG geometry has finite coordinates. Screenshots of the overview (English and Arabic,
 * phone and desktop) are saved under test-artifacts/dashboards-sanity/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
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
const artefacts = join(process.env.BAROMETER_ARTIFACTS ?? join(repoRoot, 'test-artifacts'), 'dashboards-sanity');

/** Arabic-Indic digits and separators to ASCII, so one pattern reads every language. */
function ascii(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\u066b/g, '.')
    .replace(/[\u066c\u202f\u00a0]/g, ',');
}

/** What a page shows that no reader should see: absurd margins of error, ∞, NaN. */
function textProblems(text: string): string[] {
  const out: string[] = [];
  const t = ascii(text);
  if (t.includes('∞')) out.push('∞');
  if (/NaN/.test(t)) out.push('NaN');
  if (/Infinity/.test(t)) out.push('Infinity');
  for (const m of t.matchAll(/±\s*([0-9][0-9., ]*)/g)) {
    const number = m[1] ?? '';
    // The integer part: before the last decimal mark (",", "." or none) followed by 1–2 digits.
    const integer = number
      .trim()
      .replace(/[.,]\d{1,2}$/, '')
      .replace(/[^0-9]/g, '');
    if (integer.length > 4) out.push(`margin of error ± ${number.trim()}`);
  }
  return out;
}

/** Every coordinate-bearing SVG attribute that is not a finite number. */
async function svgProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const numeric = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height'];
    for (const el of Array.from(document.querySelectorAll('svg *'))) {
      const d = el.getAttribute('d');
      if (d !== null) {
        const numbers = d.match(/[-+]?(?:\d*\.?\d+(?:e[-+]?\d+)?|NaN|Infinity)/gi) ?? [];
        if (/NaN|Infinity/i.test(d) || numbers.some((n) => !Number.isFinite(Number(n))))
          out.push(`path d="${d.slice(0, 80)}"`);
      }
      for (const a of numeric) {
        const v = el.getAttribute(a);
        if (v !== null && v !== '' && !v.endsWith('%') && !v.endsWith('em') && !Number.isFinite(Number(v)))
          out.push(`${el.tagName} ${a}="${v}"`);
      }
      const transform = el.getAttribute('transform');
      if (transform !== null && /NaN|Infinity/i.test(transform)) out.push(`${el.tagName} transform="${transform}"`);
    }
    return out;
  });
}

describe.skipIf(!haveBrowser)('the default npm start world in a browser: no absurd number', () => {
  let server: ServerType;
  let origin = '';
  let browser: Browser;
  let handle: DbHandle;
  let indicators: string[] = [];

  beforeAll(async () => {
    handle = await createDb({ kind: 'pglite' });
    await handle.migrate();
    const { studies } = await bootstrapDefinitions(handle.db, definitionsDir, { openDemo: false });
    // As `npm start` (serve --demo-world 20) builds it: every country, 20 completes, the default seed.
    await buildDemoWorld(handle.db, { size: { scale: 20 / 1000 }, concurrency: 64 });
    indicators = (studies.find((s) => s.id === 'migration-perceptions')?.indicators ?? []).map((i) => i.id);
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
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await handle?.close();
  });

  it('recognises an absurd margin of error, ∞ and NaN in any language', () => {
    expect(textProblems('37.7% ± 596,910,715,388,052,900,000.0%')).toHaveLength(1);
    expect(textProblems('± 12345.6')).toHaveLength(1);
    expect(textProblems('٣٧٫٧٪ ± ٥٩٦٬٩١٠٬٧١٥٫٠٪')).toHaveLength(1);
    expect(textProblems('∞%–-∞%')).toEqual(['∞']);
    expect(textProblems('37.7% ± 4.2% (margin of error, 95%) ± 1,234.5')).toEqual([]);
  });

  it('overview, indicator chart and map, country pages: no absurd margin, no ∞, no NaN, finite chart geometry', async () => {
    const base = `${origin}/dashboards/migration-perceptions`;
    const paths = [
      ...indicators.map((id) => `/en/?indicator=${id}`),
      ...indicators.flatMap((id) => [`/en/indicators/${id}/`, `/en/indicators/${id}/map/`]),
      '/ar/',
      '/ar/indicators/wantsDecrease/map/',
      ...['MLT', 'CHN', 'EGY'].map((iso) => `/en/countries/${iso}/`),
    ];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found: string[] = [];
    for (const path of paths) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      const text = await page.locator('body').innerText();
      for (const p of textProblems(text)) found.push(`${path}: ${p}`);
      for (const p of await svgProblems(page)) found.push(`${path}: ${p}`);
    }
    await context.close();
    expect(found.slice(0, 20)).toEqual([]);
  });

  it('screenshots of the overview: English and Arabic, phone and desktop', async () => {
    for (const lang of ['en', 'ar'] as const) {
      for (const [name, viewport] of [
        ['phone', { width: 390, height: 844 }],
        ['desktop', { width: 1280, height: 900 }],
      ] as const) {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(`${origin}/dashboards/migration-perceptions/${lang}/`);
        await page.screenshot({ path: join(artefacts, `overview-${lang}-${name}.png`), fullPage: true });
        await context.close();
      }
    }
    expect(existsSync(join(artefacts, 'overview-ar-phone.png'))).toBe(true);
  });
});
