/**
 * A campaign whose comparison is a synthetic control: each country × wave share is the weighted
 * share of the raw responses (computed here), the weights are the simplex least-squares fit of
 * those shares over the waves before the campaign (the solver is checked against R in
 * test/stats/synthetic-control.test.ts), the DiD is unchanged beside it (its comparison countries
 * are the donors), two waves before the campaign make it "weak" in the report, and the public
 * report withholds it when a share rests on fewer than the minimum n. The CLI text and the
 * campaign page show its weights, pre-period fit and placebo ranks in every language.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { syntheticSentences } from '../../dashboards/i18n-synthetic.ts';
import { campaignPage } from '../../dashboards/page-campaign.ts';
import { dashboardSite } from '../../dashboards/site.ts';
import { memorySource } from '../../dashboards/source.ts';
import { UI_LANGUAGES } from '../../dashboards/i18n.ts';
import { publishCampaignReport } from '../../src/indicators/campaign/published.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import type { CampaignResponse } from '../../src/indicators/campaign/table.ts';
import { renderCampaignReport } from '../../src/indicators/campaign/text.ts';
import { syntheticFit } from '../../src/stats/index.ts';
import { campaignStudy, campaignWaves, validCampaign } from '../instrument/fixtures/campaign-study.ts';
import { simulatedCampaignWorld } from './fixtures/campaign-world.ts';

const world = simulatedCampaignWorld({ n: 300, effectOnAware: -0.15 });
const study = campaignStudy(
  [{ ...validCampaign, comparison: { synthetic: { donors: ['DEU', 'FRA'] } } }],
  [campaignWaves.earlier, campaignWaves.before, campaignWaves.after],
);
const campaign = study.campaigns[0];
if (!campaign) throw new Error('no campaign');
const report = campaignReport(study, campaign, world);
const outcome = report.outcomes[0];
const synthetic = outcome?.synthetic;
if (!outcome || synthetic?.kind !== 'fitted') throw new Error('no fitted synthetic control');

function share(responses: readonly CampaignResponse[], wave: string, iso3: string): number {
  let yes = 0;
  let all = 0;
  for (const r of responses) {
    if (r.wave !== wave || r.iso3 !== iso3 || (r.answers.FEWER !== 'yes' && r.answers.FEWER !== 'no')) continue;
    all += r.weight;
    if (r.answers.FEWER === 'yes') yes += r.weight;
  }
  return (100 * yes) / all;
}

const WAVES = ['w-2021', 'w-2023', 'w-2025'];

describe('the synthetic control of a campaign', () => {
  it('fits the donors’ weighted shares over the waves before the campaign, and shows every wave’s fit', () => {
    const series = (iso3: string) => WAVES.map((w) => share(world, w, iso3));
    const expected = syntheticFit(series('ZAF'), [series('DEU'), series('FRA')], 2);
    expect(synthetic.donors.map((d) => d.country)).toEqual(['DEU', 'FRA']);
    synthetic.donors.forEach((d, k) => expect(d.weight).toBeCloseTo(expected.weights[k] ?? Number.NaN, 12));
    expect(synthetic.waves.map((x) => [x.wave, x.post])).toEqual([
      ['w-2021', false],
      ['w-2023', false],
      ['w-2025', true],
    ]);
    synthetic.waves.forEach((x) => expect(x.treated).toBeCloseTo(share(world, x.wave, 'ZAF'), 10));
    expect(synthetic.effect.wave).toBe('w-2025');
    expect(synthetic.effect.estimate).toBeCloseTo(expected.gaps[2] ?? Number.NaN, 10);
    expect(synthetic.preRmspe).toBeCloseTo(expected.preRmspe, 10);
    // Placebo in space over DEU, FRA and ZAF: rank among 3, p = rank / 3.
    expect(synthetic.units).toBe(3);
    expect(synthetic.placebos.map((p) => p.country)).toEqual(['DEU', 'FRA']);
    expect(synthetic.p).toBeCloseTo(synthetic.rank / 3, 12);
  });

  it('the DiD stays, with the donors as its comparison countries', () => {
    const plain = campaignStudy(
      [{ ...validCampaign, comparison: { countries: ['DEU', 'FRA'] } }],
      [campaignWaves.earlier, campaignWaves.before, campaignWaves.after],
    );
    const other = plain.campaigns[0];
    if (!other) throw new Error('no campaign');
    expect(outcome.did.estimate).toBeCloseTo(campaignReport(plain, other, world).outcomes[0]?.did.estimate ?? 0, 12);
    expect(report.campaign.comparison).toEqual(['DEU', 'FRA']);
    expect(report.campaign.synthetic).toBe(true);
  });

  it('with two waves before the campaign it is marked weak, in the warnings and in every language', () => {
    expect(synthetic.weak).toBe(true);
    expect(report.warnings.join('\n')).toMatch(
      /synthetic control is fitted on 2 waves before the campaign, so the method is weak/,
    );
    const weak = {
      en: /only 2 waves before the campaign, this method is weak.*beside the difference-in-differences, not instead of it/,
      fr: /seulement 2 vagues avant la campagne, cette méthode est fragile/,
      es: /solo 2 oleadas antes de la campaña, este método es débil/,
      ar: /فهذا الأسلوب ضعيف/,
    };
    for (const lang of UI_LANGUAGES) {
      const sentences = syntheticSentences(lang, synthetic, report.minimumN, -5);
      expect(sentences.at(-1)).toMatch(weak[lang]);
      expect(sentences).toHaveLength(6);
    }
  });

  it('a campaign country outside its donors’ range: the fit misses by more than the aimed effect, and the report says so', () => {
    // ZAF (base 50%) lies above DEU (40%) and FRA (45%) in every wave: no mix of them reaches it.
    expect(synthetic.preRmspe).toBeGreaterThan(5);
    expect(synthetic.poorFit).toBe(true);
    expect(report.warnings.join('\n')).toMatch(
      /the synthetic control misses ZAF before the campaign by \d+\.\d points \(RMSPE\), more than the effect aimed for, −5\.0 points \(a decrease\)/,
    );
    expect(syntheticSentences('en', synthetic, report.minimumN, -5).at(-2)).toMatch(
      /^The donors cannot reproduce South Africa before the campaign: the fit misses by \d+\.\d points, more than the effect the campaign aimed for, −5\.0 points \(a decrease\), so/,
    );
    // With an aim larger than the misfit there is no such caution.
    expect(syntheticSentences('en', { ...synthetic, poorFit: false }, report.minimumN, -50)).toHaveLength(5);
  });

  it('the CLI text gives the weights, the fit wave by wave and the placebo ranks', () => {
    const text = renderCampaignReport(report, (s, aimed) => syntheticSentences('fr', s, report.minimumN, aimed));
    expect(text).toContain('(the donors of the synthetic control): DEU, FRA');
    expect(text).toContain('synthetic control (beside the difference-in-differences):');
    expect(text).toMatch(/Poids des donneurs : /);
    expect(text).toMatch(/classe Afrique du Sud \d sur 3 \(p de permutation = /);
    expect(text).toMatch(/w-2021 \d+\.\d vs \d+\.\d \(−?\d+\.\d\); w-2023 .*; w-2025\* /);
    expect(() => renderCampaignReport(report)).toThrow(/no words for it/);
  });

  it('the public report withholds it when a country × wave share rests on fewer than the minimum n', () => {
    const small = campaignReport(
      study,
      campaign,
      simulatedCampaignWorld({ n: 300 }).filter((r, i) => r.iso3 !== 'DEU' || i % 20 === 0),
    );
    const published = publishCampaignReport(small);
    const o = published.outcomes[0];
    if (!o || o.withheld) throw new Error('the outcome is withheld');
    expect(o.synthetic).toEqual({
      kind: 'withheld',
      reason: 'below_minimum_n',
      detail: expect.stringMatching(/^fewer than \d+ respondents in DEU in wave w-2021$/),
    });
    expect(publishCampaignReport(small, { includeSuppressed: true }).outcomes[0]).toMatchObject({
      synthetic: { kind: 'fitted' },
    });
  });
});

describe('the campaign page shows the synthetic control beside the DiD', () => {
  it.each(UI_LANGUAGES)('%s: weights, the pre-period fit table, the placebo ranks and the weakness', async (lang) => {
    const ctx = dashboardSite({
      source: memorySource([study], { series: [], changes: [], distributions: [] }),
    }).contextIn(study, lang);
    const doc = parseHTML(campaignPage(ctx, campaign, publishCampaignReport(report))).document;
    const section = doc.querySelector('section.synthetic');
    expect(section).not.toBeNull();
    // It comes after the DiD chart of the same outcome, not instead of it.
    expect(doc.querySelector('#outcome-0 #effect-0')).not.toBeNull();
    const tables = section?.querySelectorAll('table') ?? [];
    expect(tables).toHaveLength(2);
    expect(tables[0]?.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(tables[1]?.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(tables[1]?.textContent).toContain('★');
    const notes = Array.from(section?.querySelectorAll('p.note strong') ?? []).map((n) => n.textContent);
    expect(notes).toEqual(syntheticSentences(lang, synthetic, 0, -5).slice(-2));
    expect(doc.querySelector('p.comparison')?.textContent).toContain(
      { en: 'donors', fr: 'donneurs', es: 'donantes', ar: 'المانحة' }[lang],
    );
  });
});
