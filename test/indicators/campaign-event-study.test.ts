/**
 * The event study of a campaign with three waves before it: every wave's difference-in-differences
 * against the last wave before the campaign. The point estimates equal the campaign country's
 * change minus the plain mean of the comparison countries' changes, computed here from the raw
 * responses (equal weighting); the first wave after the campaign is the report's DiD (estimate and
 * SE, checked against R in campaign-report.test.ts); a wave before it is the pre-trend placebo with
 * its sign turned (the same estimate and SE as the regression's coefficient). The campaign page
 * draws it in both drawings, in every language; with two waves before the campaign there is none.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { campaignPage } from '../../dashboards/page-campaign.ts';
import { dashboardSite } from '../../dashboards/site.ts';
import { memorySource } from '../../dashboards/source.ts';
import { UI_LANGUAGES } from '../../dashboards/i18n.ts';
import { publishCampaignReport } from '../../src/indicators/campaign/published.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import type { CampaignResponse } from '../../src/indicators/campaign/table.ts';
import { renderCampaignReport } from '../../src/indicators/campaign/text.ts';
import type { WaveInput } from '../../src/instrument/index.ts';
import { campaignStudy, campaignWaves, validCampaign } from '../instrument/fixtures/campaign-study.ts';
import { simulatedCampaignWorld } from './fixtures/campaign-world.ts';

const first: WaveInput = {
  ...campaignWaves.earlier,
  id: 'w-2019',
  year: 2019,
  fieldPeriod: { start: '2019-03-01', end: '2019-05-31' },
};
const study = campaignStudy(
  [{ ...validCampaign, comparison: { countries: ['DEU', 'FRA'] } }],
  [first, campaignWaves.earlier, campaignWaves.before, campaignWaves.after],
);
const campaign = study.campaigns[0];
if (!campaign) throw new Error('no campaign');
const world: CampaignResponse[] = [
  ...simulatedCampaignWorld({ n: 300, seed: 'earliest' })
    .filter((r) => r.wave === 'w-2021')
    .map((r) => ({ ...r, wave: 'w-2019', psu: `e${r.psu ?? ''}` })),
  ...simulatedCampaignWorld({ n: 300, effectOnAware: -0.15 }),
];
const report = campaignReport(study, campaign, world);
const outcome = report.outcomes[0];
const events = outcome?.eventStudy;
if (!outcome || !events) throw new Error('no event study');

function share(wave: string, iso3: string): number {
  let yes = 0;
  let all = 0;
  for (const r of world) {
    if (r.wave !== wave || r.iso3 !== iso3) continue;
    all += r.weight;
    if (r.answers.FEWER === 'yes') yes += r.weight;
  }
  return (100 * yes) / all;
}

describe('event study with three waves before the campaign', () => {
  it('every wave against the last before it: the campaign country’s change minus the mean of the others’', () => {
    expect(events.reference).toBe('w-2023');
    expect(events.periods.map((p) => p.wave)).toEqual(['w-2019', 'w-2021', 'w-2023', 'w-2025']);
    const change = (iso3: string, wave: string) => share(wave, iso3) - share('w-2023', iso3);
    for (const p of events.periods) {
      const expected = change('ZAF', p.wave) - (change('DEU', p.wave) + change('FRA', p.wave)) / 2;
      expect(p.estimate).toBeCloseTo(expected, 9);
      if (p.reference) expect(p.wave).toBe('w-2023');
    }
    expect(events.cells).toHaveLength(8);
  });

  it('the first wave after is the report’s DiD; a wave before is the pre-trend placebo with its sign turned', () => {
    const after = events.periods[3];
    if (!after || after.reference) throw new Error('no wave after');
    expect(after.estimate).toBeCloseTo(outcome.did.estimate, 9);
    expect(Math.abs(after.se / outcome.did.se - 1)).toBeLessThan(1e-9);
    const earliest = events.periods[0];
    const placebo = outcome.preTrend?.placebo.find((p) => p.wave === 'w-2023');
    if (!earliest || earliest.reference || !placebo) throw new Error('no placebo');
    expect(earliest.estimate).toBeCloseTo(-placebo.estimate, 9);
    expect(Math.abs(earliest.se / placebo.se - 1)).toBeLessThan(1e-6);
  });

  it('the CLI text lists every wave', () => {
    expect(renderCampaignReport(report)).toMatch(
      /event study, each wave against w-2023: w-2019 −?\d+\.\d \(95% CI .*\); w-2021 .*; w-2023 0 \(reference\); w-2025 /,
    );
  });

  it.each(UI_LANGUAGES)('%s: the page draws it in the wide and the narrow drawing, with its table', (lang) => {
    const ctx = dashboardSite({
      source: memorySource([study], { series: [], changes: [], distributions: [] }),
    }).contextIn(study, lang);
    const doc = parseHTML(campaignPage(ctx, campaign, publishCampaignReport(report))).document;
    const section = doc.querySelector('section#event-0');
    expect(section).not.toBeNull();
    expect(section?.querySelector('.wide svg')).not.toBeNull();
    expect(section?.querySelector('.narrow svg')).not.toBeNull();
    expect(section?.querySelectorAll('table tbody tr')).toHaveLength(4);
    // Four dots: three filled, the reference hollow.
    expect(section?.querySelectorAll('.wide svg circle')).toHaveLength(4);
  });

  it('with two waves before the campaign there is no event study', () => {
    const two = campaignStudy(
      [{ ...validCampaign, comparison: { countries: ['DEU', 'FRA'] } }],
      [campaignWaves.earlier, campaignWaves.before, campaignWaves.after],
    );
    const c = two.campaigns[0];
    if (!c) throw new Error('no campaign');
    const r = campaignReport(two, c, simulatedCampaignWorld({ n: 200 }));
    expect(r.outcomes[0]?.eventStudy).toBeNull();
  });
});
