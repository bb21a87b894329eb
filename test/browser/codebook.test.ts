/**
 * The HTML codebook of the flagship study in headless Chromium, at phone (390 px) and desktop
 * (1280 px) widths: the page is no wider than the window (wide tables scroll inside their own
 * region), it has a table of contents whose links all lead somewhere, and axe-core finds no
 * violation (serious, critical or lesser). Screenshots are saved under test-artifacts/codebook/ (or
 * $BAROMETER_ARTIFACTS/codebook/).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCodebook } from '../../src/instrument/codebook/render.ts';
import { loadStudies } from '../../src/instrument/index.ts';
import { definitionsDir } from '../helpers/collection.ts';
import { repoRoot } from '../helpers/process.ts';
import { chromiumArgs, executablePath } from './respondent-pages.ts';

const artefacts = join(process.env.BAROMETER_ARTIFACTS ?? join(repoRoot, 'test-artifacts'), 'codebook');
const sizes = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } } as const;

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: number;
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run: (
          ctx: Document,
          o: object,
        ) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }>;
      };
    };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return violations;
}

describe.skipIf(!existsSync(executablePath))('the HTML codebook in Chromium', () => {
  let browser: Browser;
  let codebook = '';

  beforeAll(async () => {
    mkdirSync(artefacts, { recursive: true });
    const { studies, problems } = await loadStudies(definitionsDir);
    expect(problems).toEqual([]);
    const study = studies[0]?.study;
    if (!study) throw new Error('no flagship study');
    codebook = renderCodebook(study, 'html');
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  for (const [name, viewport] of Object.entries(sizes)) {
    it(`fits ${viewport.width} px, with a table of contents and no serious axe violation (${name})`, async () => {
      const page = await browser.newPage({ viewport });
      try {
        await page.setContent(codebook, { waitUntil: 'load' });
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        expect(innerWidth).toBe(viewport.width);
        expect(scrollWidth, `page is ${scrollWidth} px wide at ${viewport.width} px`).toBeLessThanOrEqual(innerWidth);
        // Every table sits in a scrolling region of its own, which may be wider inside but not outside.
        const tables = await page.evaluate(() =>
          Array.from(document.querySelectorAll('table')).map((t) => {
            const region = t.closest('.scroll');
            return { inRegion: region !== null, regionWidth: region?.getBoundingClientRect().width ?? 0 };
          }),
        );
        expect(tables.length).toBeGreaterThan(10);
        for (const t of tables) {
          expect(t.inRegion).toBe(true);
          expect(t.regionWidth).toBeLessThanOrEqual(viewport.width);
        }
        // The table of contents: the Markdown codebook's sections, each link to an element of the page.
        const toc = await page.evaluate(() =>
          Array.from(document.querySelectorAll('nav a')).map((a) => ({
            text: a.textContent ?? '',
            target: document.getElementById((a.getAttribute('href') ?? '').slice(1)) !== null,
          })),
        );
        expect(toc.slice(0, 5).map((t) => t.text)).toEqual([
          'Study',
          'Languages',
          'Instrument versions',
          'Waves',
          'Variables',
        ]);
        expect(toc.map((t) => t.text)).toEqual(
          expect.arrayContaining(['Indicators', 'Weighting variables', 'MIG_LEVEL']),
        );
        expect(toc.filter((t) => !t.target)).toEqual([]);
        // No serious or critical violation — and none of lesser impact either.
        const violations = await axeViolations(page);
        expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
        expect(violations).toEqual([]);
        await page.screenshot({ path: join(artefacts, `codebook-${name}.png`), fullPage: false });
        await page.locator('#waves').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(artefacts, `codebook-waves-${name}.png`), fullPage: false });
      } finally {
        await page.close();
      }
    });
  }
});
