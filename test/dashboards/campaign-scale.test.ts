/**
 * The campaign page at the scale of the full world (issue 24): the message experiment by country
 * for a hundred countries, most of them withheld. The chart draws each arm's withheld countries
 * as one line with their count and reason; no row label is wider than the label column (a long
 * one is shortened on the axis, keeps its country, and is given in full in its tooltip); the
 * table next to the chart keeps every row in full.
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitLabel, LABEL_MAX_CHARS, labelMaxChars, NARROW, toSvg } from '../../dashboards/chart-core.ts';
import { intervalChart, type IntervalRow } from '../../dashboards/chart-campaign.ts';
import { campaignPage } from '../../dashboards/page-campaign.ts';
import { dashboardSite } from '../../dashboards/site.ts';
import { memorySource } from '../../dashboards/source.ts';
import { publishCampaignReport, type PublishedCampaignReport } from '../../src/indicators/campaign/published.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import { simulatedCampaignWorld, worldStudy } from '../indicators/fixtures/campaign-world.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';

/** ISO 3166 alpha-3 codes of 100 countries (China's name is the longest the issue names). */
const ISO = (
  'CHN IND USA IDN PAK NGA BRA BGD RUS MEX JPN ETH PHL EGY VNM COD TUR IRN DEU THA GBR FRA ITA TZA ZAF MMR KEN KOR COL ESP ' +
  'UGA ARG DZA SDN UKR IRQ AFG POL CAN MAR SAU UZB PER AGO MYS MOZ GHA YEM NPL VEN MDG CMR CIV PRK AUS NER LKA BFA MLI ROU ' +
  'MWI CHL KAZ ZMB GTM ECU SYR NLD SEN KHM TCD SOM ZWE GIN RWA BEN BDI TUN BOL BEL HTI CUB SSD DOM CZE GRC JOR PRT AZE SWE ' +
  'HND ARE HUN TJK BLR AUT PNG SRB ISR CHE'
).split(' ');

describe('campaign page at scale', () => {
  let report: PublishedCampaignReport;
  let page: Document;

  beforeAll(async () => {
    const world = worldStudy();
    const campaign = world.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    const one = publishCampaignReport(campaignReport(world, campaign, simulatedCampaignWorld({ n: 200 })));
    const experiment = one.experiment;
    const template = experiment?.byCountry[0];
    if (!experiment || !template) throw new Error('the simulated report has no experiment by country');
    // A hundred countries: every third one's estimates published, the others withheld (too few respondents).
    const byCountry = ISO.map((country, i) => ({
      country,
      arms: template.arms.map((a) =>
        i % 3 === 0 || a.withheld
          ? a
          : { withheld: true as const, suppressed: 'below_minimum_n' as const, arm: a.arm, n: 12, nControl: 11 },
      ),
    }));
    // The first arm named as in the full world, whose rows were cut ("eal share of migrants — People's Republic of China").
    const arms = experiment.arms.map((a, i) => (i === 0 ? { ...a, label: 'Real share of migrants' } : a));
    report = { ...one, experiment: { ...experiment, arms, byCountry } };
    const { study } = await flagshipFixture();
    const found = study.campaigns[0];
    if (!found) throw new Error('the flagship has no campaign');
    const ctx = dashboardSite({
      source: memorySource([study], { series: [], changes: [], distributions: [] }),
    }).contextIn(study, 'en');
    page = parseHTML(campaignPage(ctx, found, report)).document;
  });

  it('draws each arm’s withheld countries as one line with their count and reason; the table keeps every row', () => {
    const arms = report.experiment?.arms ?? [];
    const published = ISO.filter((_c, i) => i % 3 === 0).length; // 34
    const withheld = ISO.length - published; // 66
    const section = page.querySelector('section#arms');
    const ticks = Array.from(section?.querySelectorAll('.wide svg g[data-label="y-axis tick label"] text') ?? []).map(
      (t) => t.childNodes[0]?.textContent ?? '',
    );
    // Per arm: the pooled row, each published country, one line for the withheld ones.
    expect(ticks.length).toBe(arms.length * (1 + published + 1));
    for (const a of arms) expect(ticks).toContain(`${a.label}: ${withheld} countries`);
    const notShown = Array.from(section?.querySelectorAll('.wide svg .not-shown text') ?? []).map((t) => t.textContent);
    expect(notShown).toEqual(arms.map(() => 'Withheld: fewer than 50 respondents'));
    expect(section?.querySelectorAll('table tbody tr').length).toBe(arms.length * (1 + ISO.length));
  });

  it('no label is wider than the label column; a shortened one keeps its country and has its full text as a tooltip', () => {
    const texts = Array.from(page.querySelectorAll('section#arms .wide svg g[data-label="y-axis tick label"] text'));
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      const shown = t.childNodes[0]?.textContent ?? '';
      expect(shown.length, shown).toBeLessThanOrEqual(LABEL_MAX_CHARS);
    }
    // The phone drawing's label column is narrower (116 units: 18 characters); its labels fit it too.
    const narrow = Array.from(
      page.querySelectorAll('section#arms .narrow svg g[data-label="y-axis tick label"] text'),
    ).map((t) => t.childNodes[0]?.textContent ?? '');
    expect(narrow).toHaveLength(texts.length);
    expect(labelMaxChars(NARROW)).toBe(18);
    for (const shown of narrow) expect(shown.length, shown).toBeLessThanOrEqual(18);
    // Too narrow for the arm and the country: the country tells the rows apart.
    expect(narrow).toContain("People's Republic…");
    const china = texts.find((t) => (t.childNodes[0]?.textContent ?? '').endsWith('China'));
    expect(china?.childNodes[0]?.textContent).toBe("Real share of… — People's Republic of China");
    const full = china?.querySelector('title')?.textContent ?? '';
    expect(full).toBe("Real share of migrants — People's Republic of China");
    // The table gives every label in full.
    const rows = Array.from(page.querySelectorAll('section#arms table tbody th')).map((th) => th.textContent);
    expect(rows).toContain(full);
  });

  it('fitLabel shortens the start and keeps " — country"', () => {
    const label = "Real share of migrants in the population — People's Republic of China";
    const fitted = fitLabel(label, 44);
    expect(fitted.length).toBeLessThanOrEqual(44);
    expect(fitted).toBe("Real share of… — People's Republic of China");
    expect(fitLabel('short — France', 44)).toBe('short — France');
    expect(fitLabel('x'.repeat(60), 44)).toBe(`${'x'.repeat(43)}…`);
    // No room for both parts: the part after the separator alone, shortened at its end.
    expect(fitLabel('Education: Post-secondary or university education', 18, ': ')).toBe('Post-secondary or…');
    expect(fitLabel('Age: 65+', 6, ': ')).toBe('65+');
  });

  it('a chart of few rows is drawn as before (no line collapsed, no label shortened)', () => {
    const rows: IntervalRow[] = [
      { label: 'A — France', estimate: 0.01, lo: -0.02, hi: 0.04, n: 300, status: '', group: 'A' },
      { label: 'A — Kenya', estimate: null, lo: null, hi: null, n: 20, status: 'Withheld', group: 'A' },
    ];
    const svg = toSvg(intervalChart(rows, { lang: 'en', mode: 'change', title: 't', note: 'n' }));
    expect(svg).toContain('>A — Kenya<');
    expect(svg).not.toContain('countries');
  });
});
