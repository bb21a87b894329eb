import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { schema } from '../../db/index.ts';
import { campaignReport, reportIn } from '../../src/indicators/campaign/report.ts';
import {
  forgetKeptReports,
  storedCampaignReport,
  storedCampaignResponses,
} from '../../src/indicators/campaign/stored.ts';
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

  it('keeps the report in the database per inputs: read back exactly, recomputed when a wave is re-weighted', async () => {
    const study = worldStudy();
    const campaign = study.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    const world = simulatedCampaignWorld({ n: 120, seed: 'kept' });
    await storeWorld(ctx.handle.db, study, world);
    await weighWorld(ctx.handle.db, world);
    const computed = await storedCampaignReport(ctx.handle.db, study, campaign);
    const rows = await ctx.handle.db.select().from(schema.campaignReports);
    expect(rows.map((r) => [r.study, r.campaign])).toEqual([[study.id, campaign.id]]);
    // JSON keeps every number of the report exactly (no NaN turned into null, no digit lost).
    expect(rows[0]?.report).toEqual(computed);

    // A marker written into the stored report is what the next reader gets: it was not recomputed.
    await ctx.handle.db.execute(
      sql`update campaign_reports set report = jsonb_set(report, '{warnings}', '["from the database"]')`,
    );
    forgetKeptReports(ctx.handle.db);
    const read = await storedCampaignReport(ctx.handle.db, study, campaign);
    expect(read.warnings).toEqual(['from the database']);
    expect(read.outcomes).toEqual(computed.outcomes);

    // New weighting runs made current: new inputs, so the report is computed again and replaces it.
    await ctx.handle.db.delete(schema.currentWeightingRuns);
    await weighWorld(ctx.handle.db, world);
    forgetKeptReports(ctx.handle.db);
    const again = await storedCampaignReport(ctx.handle.db, study, campaign);
    expect(again.warnings).toEqual(computed.warnings);
    const after = await ctx.handle.db.select().from(schema.campaignReports);
    expect(after).toHaveLength(1);
    expect(after[0]?.inputs).not.toBe(rows[0]?.inputs);
  });
});

it('a report relabelled in another language equals the report computed in it', () => {
  const study = worldStudy();
  const campaign = study.campaigns[0];
  if (!campaign) throw new Error('no campaign');
  const world = simulatedCampaignWorld({ n: 120, seed: 'languages' });
  const french = campaignReport(study, campaign, world, { lang: 'fr' });
  expect(reportIn(campaignReport(study, campaign, world, { lang: 'en' }), study, campaign, 'fr')).toEqual(french);
  // The fixture's French texts differ from its English ones, so the relabelling did something.
  expect(french.campaign.name).not.toBe(campaignReport(study, campaign, world, { lang: 'en' }).campaign.name);
});
