/**
 * Bases said where they differ (issue 24): the overview's headline counts the indicator's base
 * ("don't know" and refusals as the indicator defines), the "All answers" bars count every answer;
 * a note naming both stands under the headline cards and under the bars. A country's tables never
 * show a bare "–": a value withheld says why (the words of `withheldWord`).
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

let app: ReturnType<typeof dashboardRoutes>;
/** The same, without the United Kingdom's first wave (a country not surveyed in a wave). */
let withGap: ReturnType<typeof dashboardRoutes>;
const base = '/dashboards/migration-perceptions';

beforeAll(async () => {
  const { study, data } = await flagshipFixture();
  app = dashboardRoutes({ source: memorySource([study], data) });
  const first = study.waves[0]?.id;
  const series = data.series.filter(
    (p) => !(p.geography.kind === 'country' && p.geography.iso3 === 'GBR' && p.wave === first),
  );
  withGap = dashboardRoutes({ source: memorySource([study], { ...data, series }) });
});

const doc = async (path: string) => parseHTML(await (await app.request(path)).text()).document;

describe('bases', () => {
  it('the overview names the headline’s base and the “All answers” base next to each', async () => {
    const d = await doc(`${base}/en/`);
    const inHeadlines = d.querySelector('section.headlines .note.bases')?.textContent ?? '';
    // wantsDecrease (survey-definitions/…/indicators.ts): "don't know" in the base, refusals out.
    expect(inHeadlines).toBe(
      'Two bases: the headline figures count respondents asked the question who answered it: “don’t know” counts in the base (as not choosing); refusals are left out of the base. “All answers” counts every respondent asked the question, “don’t know” and refusals included, so its shares can differ slightly from the headline.',
    );
    const afterBars = d.querySelector('section#distribution')?.nextElementSibling;
    expect(afterBars?.matches('.note.bases')).toBe(true);
    expect(afterBars?.textContent).toBe(inHeadlines);
    const ar = await doc(`${base}/ar/`);
    expect(ar.querySelector('section.headlines .note.bases')?.textContent).toMatch(/^أساسان مختلفان/);
  });

  it('a country’s samples table says why a value is withheld instead of “–”', async () => {
    // Kenya's 2024 sample is 30 (below the minimum of 50): its estimate, margin and design effect are withheld.
    const d = await doc(`${base}/en/countries/KEN/`);
    const rows = Array.from(d.querySelectorAll('section[aria-labelledby="samples-title"] tbody tr')).map((tr) =>
      Array.from(tr.children).map((c) => c.textContent),
    );
    // One cell across margin, design effect and minimum detectable change says why.
    expect(rows.find((r) => r[0] === '2024')).toEqual(['2024', '30', 'Suppressed (too few respondents)']);
    expect(d.querySelector('section[aria-labelledby="samples-title"] td.withheld')?.getAttribute('colspan')).toBe('3');
    for (const r of rows) expect(r).not.toContain('–');
  });

  it('the methodology’s samples table says “no data” for a country not surveyed in a wave, never “–”', async () => {
    const d = parseHTML(await (await withGap.request(`${base}/fr/methodology/`)).text()).document;
    const rows = Array.from(d.querySelectorAll('section[aria-labelledby="m-samples"] tbody tr')).map((tr) =>
      Array.from(tr.children).map((c) => c.textContent ?? ''),
    );
    expect(rows.find((r) => r[0] === 'Royaume-Uni')?.[1]).toBe('Pas de données');
    for (const r of rows) expect(r).not.toContain('–');
  });
});
