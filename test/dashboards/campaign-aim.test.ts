/**
 * The effect a campaign aimed for has one sign everywhere: the report's summary and detail
 * (`barometer campaign report`) and the dashboard's campaign page say the same signed value with
 * its direction ("−6.0 points (a decrease)"), not "aimed for 6.0 points" in one place and −6.0 in
 * another.
 */
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../dashboards/routes.ts';
import { memorySource } from '../../dashboards/source.ts';
import { describeAim } from '../../src/indicators/campaign/aim.ts';
import { publishCampaignReport } from '../../src/indicators/campaign/published.ts';
import { campaignReport, type CampaignReport } from '../../src/indicators/campaign/report.ts';
import { renderCampaignReport } from '../../src/indicators/campaign/text.ts';
import { flagshipFixture } from '../helpers/dashboards.ts';
import { simulatedCampaignWorld, worldStudy } from '../indicators/fixtures/campaign-world.ts';

describe('the aimed effect of a campaign, in the report and on the dashboard', () => {
  let report: CampaignReport;
  let app: ReturnType<typeof dashboardRoutes>;
  const page = '/dashboards/migration-perceptions/LANG/campaigns/i-am-a-migrant-too/';

  beforeAll(async () => {
    const { study, data } = await flagshipFixture();
    const world = worldStudy();
    const campaign = world.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    report = campaignReport(world, campaign, simulatedCampaignWorld({ n: 200 }));
    const source = memorySource([study], {
      ...data,
      campaigns: [{ study: study.id, id: 'i-am-a-migrant-too', report: publishCampaignReport(report) }],
    });
    app = dashboardRoutes({ source });
  });

  it('says "−6.0 points (a decrease)" in the summary, the detail and on the page', async () => {
    const outcome = report.outcomes[0];
    if (!outcome) throw new Error('no outcome');
    expect(outcome.aimed).toBeLessThan(0);
    const aim = describeAim(outcome.aimed);
    expect(aim).toBe(`−${Math.abs(outcome.aimed).toFixed(1)} points (a decrease)`);
    // The report as `barometer campaign report` prints it: the summary and the detail agree.
    const text = renderCampaignReport(report);
    expect(outcome.summary).toContain(`the campaign aimed for ${aim}`);
    expect(text).toContain(`aimed: ${aim}`);
    expect(text).not.toMatch(/aimed for \d/);
    // The dashboard's page of the same report: the same signed value and direction.
    const html = await (await app.request(page.replace('LANG', 'en'))).text();
    const outcomeText = parseHTML(html).document.querySelector('#outcome-0')?.textContent ?? '';
    expect(outcomeText).toContain(`The campaign aimed for ${aim}.`);
    expect(html).not.toMatch(/aimed for \d/);
    // And in French, with its own decimal comma.
    const fr = await (await app.request(page.replace('LANG', 'fr'))).text();
    expect(parseHTML(fr).document.querySelector('#outcome-0')?.textContent).toContain(
      `La campagne visait −${Math.abs(outcome.aimed).toFixed(1).replace('.', ',')} points (une baisse).`,
    );
  });

  it('writes an increase with its plus sign, and no aim without a direction', () => {
    expect(describeAim(2.5)).toBe('+2.5 points (an increase)');
    expect(describeAim(-1)).toBe('−1.0 point (a decrease)');
    expect(describeAim(0)).toBe('0.0 points');
  });
});
