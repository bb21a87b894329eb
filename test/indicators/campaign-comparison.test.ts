/**
 * The declared comparison group and its weighting: equal weighting rescales each comparison
 * country's weights, wave by wave, to the same total (hand-worked), so the DiD of the four shares
 * is the campaign country's change minus the plain mean of the comparison countries' changes
 * (computed here from the raw responses); population weighting keeps the weights. The report, its
 * text and the campaign page name the group and its weighting.
 */
import { describe, expect, it } from 'vitest';
import { comparisonLine } from '../../dashboards/page-campaign.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import { comparisonWeights, type CampaignResponse } from '../../src/indicators/campaign/table.ts';
import { renderCampaignReport } from '../../src/indicators/campaign/text.ts';
import type { CampaignInput } from '../../src/instrument/index.ts';
import { campaignStudy, campaignWaves, validCampaign } from '../instrument/fixtures/campaign-study.ts';
import { simulatedCampaignWorld } from './fixtures/campaign-world.ts';

describe('comparison weighting', () => {
  const row = (wave: string, iso3: string, weight: number) => ({ wave, iso3, weight });
  const rows = [
    row('a', 'FRA', 1),
    row('a', 'FRA', 1),
    row('a', 'DEU', 3),
    row('a', 'DEU', 3),
    row('a', 'DEU', 2),
    row('a', 'ZAF', 5),
    row('b', 'FRA', 4),
    row('b', 'ZAF', 7),
  ];
  const side = new Map<string, 0 | 1>([
    ['FRA', 0],
    ['DEU', 0],
    ['ZAF', 1],
  ]);

  it('equal: each comparison country in a wave sums to the group total over the countries present', () => {
    // Wave a: comparison total 2 + 8 = 10 over 2 countries → 5 each: FRA × 2.5, DEU × 5/8.
    // Wave b: FRA alone keeps its 4. ZAF (campaign) is untouched.
    expect([...comparisonWeights(rows, side, 'equal')]).toEqual([2.5, 2.5, 1.875, 1.875, 1.25, 5, 4, 7]);
  });

  it('population: the weighting run’s weights as they are', () => {
    expect([...comparisonWeights(rows, side, 'population')]).toEqual([1, 1, 3, 3, 2, 5, 4, 7]);
  });
});

/** The world with DEU's weights ten times FRA's, so population weighting is mostly DEU. */
function world(): CampaignResponse[] {
  return simulatedCampaignWorld({ n: 400, effectOnAware: -0.15 }).map((r) =>
    r.iso3 === 'DEU' ? { ...r, weight: r.weight * 10 } : r,
  );
}

function share(responses: readonly CampaignResponse[], wave: string, iso3: string): number {
  let yes = 0;
  let all = 0;
  for (const r of responses) {
    if (r.wave !== wave || r.iso3 !== iso3) continue;
    all += r.weight;
    if (r.answers.FEWER === 'yes') yes += r.weight;
  }
  return (100 * yes) / all;
}

function report(comparison: CampaignInput['comparison']) {
  const campaign = { ...validCampaign, comparison };
  const study = campaignStudy([campaign], [campaignWaves.earlier, campaignWaves.before, campaignWaves.after]);
  const defined = study.campaigns[0];
  if (!defined) throw new Error('no campaign');
  return campaignReport(study, defined, world());
}

describe('the report uses the declared group and its weighting', () => {
  const responses = world();
  const change = (iso3: string) => share(responses, 'w-2025', iso3) - share(responses, 'w-2023', iso3);

  it('equal: the campaign country’s change minus the plain mean of the comparison countries’ changes', () => {
    const r = report({ countries: ['DEU', 'FRA'] });
    const expected = change('ZAF') - (change('DEU') + change('FRA')) / 2;
    expect(r.outcomes[0]?.did.estimate).toBeCloseTo(expected, 9);
    expect(r.campaign.comparison).toEqual(['DEU', 'FRA']);
    expect(r.campaign.weighting).toBe('equal');
    expect(renderCampaignReport(r)).toContain('compared with 2 countries, each weighted equally: DEU, FRA');
  });

  it('population: the comparison countries pooled by their weights (DEU ten times FRA)', () => {
    const r = report({ countries: ['DEU', 'FRA'], weighting: 'population' });
    const total = (iso3: string, wave: string) =>
      responses.filter((x) => x.iso3 === iso3 && x.wave === wave).reduce((s, x) => s + x.weight, 0);
    const pooled = (wave: string) =>
      (share(responses, wave, 'DEU') * total('DEU', wave) + share(responses, wave, 'FRA') * total('FRA', wave)) /
      (total('DEU', wave) + total('FRA', wave));
    const expected = change('ZAF') - (pooled('w-2025') - pooled('w-2023'));
    expect(r.outcomes[0]?.did.estimate).toBeCloseTo(expected, 9);
    expect(renderCampaignReport(r)).toContain('compared with 2 countries, weighted by population: DEU, FRA');
  });

  it('a named comparison of one country uses only that country', () => {
    const r = report({ countries: ['FRA'] });
    expect(r.outcomes[0]?.did.estimate).toBeCloseTo(change('ZAF') - change('FRA'), 9);
  });
});

describe('the campaign page names the group and its weighting in every language', () => {
  const equal = { comparison: ['FRA', 'ESP'], weighting: 'equal' as const };
  const population = { comparison: ['FRA', 'ESP'], weighting: 'population' as const };
  it.each([
    ['en', 'Comparison countries (2), each weighted equally: France, Spain.'],
    ['fr', 'Pays de comparaison (2), chacun pondéré à égalité : France, Espagne.'],
    ['es', 'Países de comparación (2), cada uno con el mismo peso: Francia, España.'],
    ['ar', 'بلدان المقارنة (\u20682\u2069)، لكل منها الوزن نفسه: فرنسا, إسبانيا.'],
  ] as const)('%s', (lang, expected) => {
    expect(comparisonLine(lang, equal)).toBe(expected);
  });
  it('population weighting says so', () => {
    expect(comparisonLine('en', population)).toBe(
      'Comparison countries (2), weighted by their adult population: France, Spain.',
    );
    expect(comparisonLine('ar', population)).toContain('مرجّحة بحسب عدد سكانها البالغين');
  });
});
