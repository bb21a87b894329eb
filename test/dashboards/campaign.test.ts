/**
 * The campaign page and its chart: an SVG snapshot (normalised like the other chart snapshots), a
 * dot placed where the scale puts it (by hand), and the page through `app.request()` on a memory
 * source holding the public report of the simulated campaign world (n = 200 per country × wave,
 * whose DiD R's survey package gives as 0.101 points, SE 6.372 on 1194 df:
 * test/indicators/fixtures/campaign-reference.json) — the plain-language summary with those
 * numbers, "inconclusive at this sample size" with the MDE, never "no effect", a table and a text
 * alternative for every chart, the association labelled as such beside false recall, Arabic
 * right to left, the link from the overview, and the static build.
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { intervalChart, type IntervalRow } from '../../dashboards/chart-campaign.ts';
import { toSvg } from '../../dashboards/chart-core.ts';
import { campaignSentence } from '../../dashboards/page-campaign.ts';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource, type DashboardSource } from '../../dashboards/source.ts';
import { publishCampaignReport, type PublishedCampaignReport } from '../../src/indicators/campaign/published.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';
import { simulatedCampaignWorld, worldStudy } from '../indicators/fixtures/campaign-world.ts';
import { normaliseSvg } from './fixtures.ts';

const effectRows: IntervalRow[] = [
  { label: 'Campaign 2024→2026', estimate: -0.053, lo: -0.105, hi: -0.001, n: 4000, status: 'Detected' },
  { label: 'Before it (placebo) 2022→2024', estimate: 0.004, lo: -0.046, hi: 0.054, n: null, status: '' },
  { label: 'Withheld row', estimate: null, lo: null, hi: null, n: 12, status: 'Withheld: fewer than 50 respondents' },
];
const effect = () =>
  intervalChart(effectRows, { lang: 'en', mode: 'change', title: 'Effect (points)', note: 'Lines: 95% CIs' });

describe('campaign interval chart', () => {
  it('matches its snapshot', async () => {
    await expect(normaliseSvg(toSvg(effect()))).toMatchFileSnapshot('__snapshots__/campaign-effect.svg');
  });

  it('centres effects on zero and places a dot where the scale puts it (checked by hand)', () => {
    // Largest |end| 0.105 → domain ±ceil(0.105·1.1·100)/100 = ±0.12 onto [marginLeft, 640 − 24].
    const doc = parseHTML(`<!doctype html><html><body>${toSvg(effect())}</body></html>`).document;
    const svg = doc.querySelector('svg');
    const dot = doc.querySelector('g[data-label="dot"] circle');
    const zero = doc.querySelector('g[data-label="rule"] line');
    const x0 = Number(zero?.getAttribute('x1'));
    const left = x0 - (616 - x0); // the axis is symmetric about zero
    expect(Number(dot?.getAttribute('cx'))).toBeCloseTo(x0 + (-0.053 / 0.12) * (616 - x0), 6);
    expect(left).toBeGreaterThan(0);
    expect(svg?.querySelector('title')?.textContent).toBe(
      'Effect (points). Campaign 2024→2026: -5.3 pp (95% CI -10.5 pp – -0.1 pp). Before it (placebo) 2022→2024: +0.4 pp (95% CI -4.6 pp – +5.4 pp). Withheld row: Withheld: fewer than 50 respondents.',
    );
    // The withheld row is named, not drawn.
    expect(doc.querySelectorAll('g[data-label="dot"] circle').length).toBe(2);
    expect(doc.querySelector('g.not-shown text')?.textContent).toBe('Withheld: fewer than 50 respondents');
    expect(effect().table.rows.map((r) => r[0])).toEqual(effectRows.map((r) => r.label));
  });
});

describe('plain-language summary', () => {
  // The issue's own example, by hand: a DiD of −5.3 points with 95% CI −10.5 to −0.1 and a passed pre-trend.
  const effect = {
    estimate: -5.3,
    se: 2.65,
    ci: [-10.5, -0.1] as [number, number],
    df: 500,
    t: -2,
    p: 0.046,
    level: 0.95,
  };
  const outcome = {
    withheld: false as const,
    suppressed: null,
    indicator: 'wantsDecrease',
    label: 'Support for fewer immigrants',
    direction: 'decrease' as const,
    aimed: -5,
    waves: { before: 'mp-2024', after: 'mp-2026' },
    cells: [],
    did: effect,
    adjusted: null,
    preTrend: { waves: ['mp-2022', 'mp-2024'], placebo: [], statistic: 0.2, ndf: 1, ddf: 500, p: 0.65, passed: true },
    // A placebo of 0.9 points (95% CI −2.1 to 3.9): within ±5 aimed, so "moved alike".
    preTrendPower: {
      kind: 'alike' as const,
      difference: { wave: 'mp-2024', estimate: 0.9, ci: [-2.1, 3.9] as const },
      mde: 4.3,
      ruledOut: 3.9,
    },
    mde: 7.4,
    deff: 1.3,
    verdict: { kind: 'detected' as const, direction: 'decrease' as const, asAimed: true, label: 'detected' },
    awareVsUnaware: null,
    synthetic: null,
    eventStudy: null,
    summary: '',
  };

  it('reads as the issue asks: fell 5.3 points (95% CI 0.1 to 10.5) more in campaign countries than elsewhere', () => {
    expect(campaignSentence('en', outcome, 'campaign countries')).toBe(
      '“Support for fewer immigrants” fell 5.3 points (95% CI 0.1 to 10.5) more in campaign countries than elsewhere; before the campaign both moved alike.',
    );
  });

  it('says "inconclusive at this sample size" with the MDE when the interval includes zero, in every language', () => {
    const unsure = {
      ...outcome,
      did: { ...effect, estimate: -2.1, ci: [-6.3, 2.1] as [number, number] },
      verdict: { kind: 'inconclusive' as const, mde: 7.4, label: 'inconclusive' },
    };
    expect(campaignSentence('en', unsure, 'South Africa')).toBe(
      'Inconclusive at this sample size: “Support for fewer immigrants” changed −2.1 points (95% CI −6.3 to 2.1) in South Africa relative to elsewhere; the smallest effect this study could reliably detect is 7.4 points; before the campaign both moved alike.',
    );
    expect(campaignSentence('fr', unsure, 'Afrique du Sud')).toMatch(
      /^Non concluant avec cet échantillon : .* 7,4 points/,
    );
    expect(campaignSentence('es', unsure, 'Sudáfrica')).toMatch(/^No concluyente con esta muestra: .* 7,4 puntos/);
    expect(campaignSentence('ar', unsure, 'جنوب أفريقيا')).toMatch(/^غير حاسم بحجم العينة هذا/);
    for (const lang of ['en', 'fr', 'es', 'ar'] as const)
      expect(campaignSentence(lang, unsure, 'x')).not.toMatch(/no effect|aucun effet|ningún efecto|لا أثر/i);
  });
});

describe('pre-trend wording on the page', () => {
  const effect = { estimate: -2.1, se: 2.1, ci: [-6.3, 2.1] as [number, number], df: 500, t: -1, p: 0.32, level: 0.95 };
  const base = {
    withheld: false as const,
    suppressed: null,
    indicator: 'wantsDecrease',
    label: 'Support for fewer immigrants',
    direction: 'decrease' as const,
    aimed: -3,
    waves: { before: 'mp-2024', after: 'mp-2026' },
    cells: [],
    did: effect,
    adjusted: null,
    preTrend: { waves: ['mp-2022', 'mp-2024'], placebo: [], statistic: 2.6, ndf: 1, ddf: 500, p: 0.11, passed: true },
    mde: 5.9,
    deff: 1.3,
    verdict: { kind: 'inconclusive' as const, mde: 5.9, label: 'inconclusive' },
    awareVsUnaware: null,
    synthetic: null,
    eventStudy: null,
    summary: '',
  };
  it('a wide interval: no difference larger than its larger end could be ruled out, in every language', () => {
    // The migration-means case: +8.4 points, 95% CI −1.9 to 18.7, aimed 3: X = 18.7.
    const wide = {
      ...base,
      preTrendPower: {
        kind: 'not-ruled-out' as const,
        difference: { wave: 'mp-2024', estimate: 8.4, ci: [-1.9, 18.7] as const },
        mde: 14.7,
        ruledOut: 18.7,
      },
    };
    expect(campaignSentence('en', wide, 'campaign countries')).toMatch(
      /; before the campaign no difference larger than 18\.7 points could be ruled out\.$/,
    );
    expect(campaignSentence('fr', wide, 'x')).toMatch(/aucune différence de plus de 18,7 points n’a pu être exclue\.$/);
    expect(campaignSentence('es', wide, 'x')).toMatch(/no se pudo descartar una diferencia mayor de 18,7 puntos\.$/);
    expect(campaignSentence('ar', wide, 'x')).toMatch(
      /وقبل الحملة تعذّر استبعاد فرق يزيد على \u206618\.7\u2069 نقطة\.$/,
    );
    for (const lang of ['en', 'fr', 'es', 'ar'] as const)
      expect(campaignSentence(lang, wide, 'x')).not.toMatch(
        /moved alike|évoluaient de même|evolucionaban igual|متشابه/,
      );
  });
  it('a rejected test: they already moved apart', () => {
    const apart = {
      ...base,
      preTrend: { ...base.preTrend, p: 0.001, passed: false },
      preTrendPower: {
        kind: 'apart' as const,
        difference: { wave: 'mp-2024', estimate: 9, ci: [5.1, 12.9] as const },
        mde: 5.6,
        ruledOut: 12.9,
      },
    };
    expect(campaignSentence('en', apart, 'x')).toMatch(
      /; but they already moved apart before the campaign, so this may be biased\.$/,
    );
  });
});

describe('campaign page', () => {
  let source: DashboardSource;
  let app: ReturnType<typeof dashboardRoutes>;
  let report: PublishedCampaignReport;
  const base = '/dashboards/migration-perceptions';

  beforeAll(async () => {
    const { study, data } = await flagshipFixture();
    const world = worldStudy();
    const campaign = world.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    report = publishCampaignReport(campaignReport(world, campaign, simulatedCampaignWorld({ n: 200 })));
    // The flagship's i-am-a-migrant-too page shows this report; migration-means has none yet.
    source = memorySource([study], {
      ...data,
      campaigns: [{ study: study.id, id: 'i-am-a-migrant-too', report }],
    });
    app = dashboardRoutes({ source });
  });
  const get = async (path: string) => {
    const res = await app.request(path);
    const text = await res.text();
    return { res, text, doc: parseHTML(text).document };
  };

  it('leads with the plain-language summary: inconclusive at this sample size, with R’s interval and the MDE', async () => {
    const { res, doc, text } = await get(`${base}/en/campaigns/i-am-a-migrant-too/`);
    expect(res.status).toBe(200);
    const summary = doc.querySelector('section.summary p')?.textContent ?? '';
    // 0.101 ± qt(0.975, 1194) · 6.372 = 0.101 ± 1.961953 · 6.372388 → −12.4 to 12.6 (R).
    expect(summary).toMatch(
      /^Inconclusive at this sample size: “Want fewer” changed 0\.1 points \(95% CI −12\.4 to 12\.6\) in South Africa relative to elsewhere; the smallest effect this study could reliably detect is \d+\.\d points; before the campaign no difference larger than \d+\.\d points could be ruled out\.$/,
    );
    // The placebo interval reaches beyond ±6 (the aimed effect): X is its larger absolute end.
    const first = report.outcomes[0];
    const ci = first?.withheld === false ? first.preTrend?.placebo[0]?.ci : undefined;
    if (!ci) throw new Error('no placebo interval');
    expect(Math.max(Math.abs(ci[0]), Math.abs(ci[1]))).toBeGreaterThan(6);
    expect(summary).toContain(
      `no difference larger than ${Math.max(Math.abs(ci[0]), Math.abs(ci[1])).toFixed(1)} points`,
    );
    expect(text).not.toMatch(/no effect/i);
    const mde = report.outcomes[0]?.withheld === false ? report.outcomes[0].mde : Number.NaN;
    expect(summary).toContain(`detect is ${mde.toFixed(1)} points`);
    // Every chart: an SVG whose title is its text alternative, and a table of the same rows.
    const charts = Array.from(doc.querySelectorAll('section.chart'));
    expect(charts.map((c) => c.id)).toEqual(['effect-0', 'reach', 'arms']);
    for (const c of charts) {
      expect(c.querySelector('svg[role="img"] > title')?.textContent, c.id).toBeTruthy();
      expect(c.querySelector('table caption'), c.id).not.toBeNull();
    }
    // Every id once (the awareness section and its chart each had "reach-title").
    const ids = Array.from(doc.querySelectorAll('[id]')).map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(doc.querySelector('#effect-0 tbody th')?.textContent).toBe('Campaign w-2023→w-2025');
    expect(doc.querySelector('#outcome-0')?.textContent).toContain('Inconclusive at this sample size');
    expect(doc.querySelector('#outcome-0')?.textContent).toMatch(/pre-trend test p = 0\.\d{3}/);
    // Reach by country and subgroup, with false recall and the comparison countries' noise floor.
    const reachRows = Array.from(doc.querySelectorAll('#reach tbody th')).map((t) => t.textContent);
    expect(reachRows).toEqual([
      'South Africa',
      'Age: 15-39',
      'Age: 40+',
      // The levels by the SEX question's option labels (the definition), not words of the dashboards.
      'Sex: Female',
      'Sex: Male',
      'Named it unprompted',
      'False recall (a slogan that never ran)',
      'Comparison countries (noise floor)',
    ]);
    // The association is labelled as one, with false recall beside it.
    const association = doc.querySelector('#association')?.textContent ?? '';
    expect(association).toContain('an association, not an effect');
    expect(association).toMatch(/false recall: \d+\.\d% said they had seen a slogan that never ran/);
    // Arms: pooled and per country, against the control.
    expect(doc.querySelector('#arms h3')?.textContent).toMatch(/against “/);
    expect(doc.querySelectorAll('#arms tbody tr').length).toBe(1 + 3);
  });

  it('is translated (Arabic right to left), linked from the overview, and says when a report is not available', async () => {
    const ar = await get(`${base}/ar/campaigns/i-am-a-migrant-too/`);
    expect(ar.res.status).toBe(200);
    expect(ar.doc.documentElement.getAttribute('dir')).toBe('rtl');
    expect(ar.doc.querySelector('section.summary h2')?.textContent).toBe('باختصار');
    expect(ar.doc.querySelector('section.summary p')?.textContent).toMatch(/^غير حاسم بحجم العينة هذا/);
    // The comparison group, named and weighted, in every language: this report is the fixture
    // campaign's (compared with DEU and FRA, weighted by population).
    const lines = {
      en: 'Comparison countries (2), weighted by their adult population: Germany, France.',
      fr: 'Pays de comparaison (2), pondérés selon leur population adulte : Allemagne, France.',
      es: 'Países de comparación (2), ponderados según su población adulta: Alemania, Francia.',
      ar: 'بلدان المقارنة (\u20682\u2069)، مرجّحة بحسب عدد سكانها البالغين: ألمانيا, فرنسا.',
    };
    for (const [lang, line] of Object.entries(lines)) {
      const page = await get(`${base}/${lang}/campaigns/i-am-a-migrant-too/`);
      expect(page.doc.querySelector('p.comparison')?.textContent, lang).toBe(line);
    }
    const overview = await get(`${base}/en/`);
    const links = Array.from(overview.doc.querySelectorAll('nav.campaigns a')).map((a) => a.getAttribute('href'));
    expect(links).toEqual([`${base}/en/campaigns/i-am-a-migrant-too/`, `${base}/en/campaigns/migration-means/`]);
    const none = await get(`${base}/en/campaigns/migration-means/`);
    expect(none.res.status).toBe(200);
    expect(none.doc.querySelector('main p.note:last-child')?.textContent).toBe(
      'Not available yet: the waves around this campaign have not been weighted.',
    );
    expect((await app.request(`${base}/en/campaigns/nope/`)).status).toBe(404);
  });

  it('is part of the static build (linked from the static overview), with no script needed', async () => {
    // The routes in static mode, as the static build crawls them (test/dashboards/pages.test.ts builds the whole site).
    const site = dashboardRoutes({ source, isStatic: true });
    const overview = await (await site.request('/dashboards/migration-perceptions/fr/')).text();
    expect(overview).toContain('href="/dashboards/migration-perceptions/fr/campaigns/i-am-a-migrant-too/"');
    const res = await site.request('/dashboards/migration-perceptions/fr/campaigns/i-am-a-migrant-too/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<form/);
    expect(html).toContain('<svg');
    expect(html).toContain('<table>');
    expect(html).toContain('En bref');
  });
});
