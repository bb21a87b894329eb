import { expect, it } from 'vitest';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import { storedCampaignResponses } from '../../src/indicators/campaign/stored.ts';
import { CampaignDataError } from '../../src/indicators/campaign/table.ts';
import { describeEachDb } from '../helpers/db.ts';
import { storeWorld, weighWorld } from '../helpers/campaign.ts';
import { simulatedCampaignWorld, worldStudy } from './fixtures/campaign-world.ts';

describeEachDb('campaign report from stored waves and current weights', (ctx) => {
  it('refuses in one line while a wave has no current run, then reproduces the in-memory report', async () => {
    const study = worldStudy();
    const campaign = study.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    const world = simulatedCampaignWorld({ n: 200 });
    await storeWorld(ctx.handle.db, study, world);

    const refusal = await storedCampaignResponses(ctx.handle.db, study, campaign).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CampaignDataError);
    expect((refusal as Error).message).toBe(
      'wave w-2021 of study campaign-study has no current weighting run (run "barometer weight campaign-study w-2021" first)',
    );

    await weighWorld(ctx.handle.db, world);
    const stored = await storedCampaignResponses(ctx.handle.db, study, campaign);
    expect(stored).toHaveLength(world.length);
    const fromDb = campaignReport(study, campaign, stored);
    const inMemory = campaignReport(study, campaign, world);
    expect(fromDb.outcomes[0]?.did.estimate).toBeCloseTo(inMemory.outcomes[0]?.did.estimate ?? Number.NaN, 12);
    expect(fromDb.outcomes[0]?.did.se).toBeCloseTo(inMemory.outcomes[0]?.did.se ?? Number.NaN, 12);
    expect(fromDb.reach.overall.ci).toEqual(inMemory.reach.overall.ci);
  });
});
