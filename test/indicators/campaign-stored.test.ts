import { expect, it } from 'vitest';
import { schema } from '../../db/index.ts';
import { campaignReport } from '../../src/indicators/campaign/report.ts';
import { storedCampaignResponses } from '../../src/indicators/campaign/stored.ts';
import { CampaignDataError } from '../../src/indicators/campaign/table.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertResponses, storeStudy } from '../helpers/responses.ts';
import { simulatedCampaignWorld, worldStudy } from './fixtures/campaign-world.ts';

/** Stores a weighting run of `wave` with the given weights (by response id) and makes it current. */
async function storeRun(
  db: Parameters<typeof storeStudy>[0],
  waveId: string,
  weights: readonly { id: number; country: string; weight: number }[],
) {
  const [run] = await db
    .insert(schema.weightingRuns)
    .values({
      waveId,
      actor: 'test',
      parameters: {},
      definitionFingerprint: 'x',
      input: {},
      weightsHash: 'x',
      countries: [],
      warnings: [],
    })
    .returning({ id: schema.weightingRuns.id });
  if (!run) throw new Error('no run');
  await db.insert(schema.responseWeights).values(
    weights.map((w) => ({
      runId: run.id,
      responseId: w.id,
      country: w.country,
      weight: w.weight,
      rakedWeight: w.weight,
      cell: 0,
    })),
  );
  await db.insert(schema.currentWeightingRuns).values({ waveId, runId: run.id });
}

describeEachDb('campaign report from stored waves and current weights', (ctx) => {
  it('refuses in one line while a wave has no current run, then reproduces the in-memory report', async () => {
    const study = worldStudy();
    const campaign = study.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    const world = simulatedCampaignWorld({ n: 200 });
    await storeStudy(ctx.handle.db, study);
    await insertResponses(
      ctx.handle.db,
      study,
      world.map((r, i) => ({ id: i + 1, wave: r.wave, answers: r.answers })),
    );

    const refusal = await storedCampaignResponses(ctx.handle.db, study, campaign).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CampaignDataError);
    expect((refusal as Error).message).toBe(
      'wave w-2021 of study campaign-study has no current weighting run (run "barometer weight campaign-study w-2021" first)',
    );

    const waves = await ctx.handle.db.select({ id: schema.waves.id, code: schema.waves.code }).from(schema.waves);
    for (const w of waves) {
      const weights = world.flatMap((r, i) =>
        r.wave === w.code ? [{ id: i + 1, country: r.iso3, weight: r.weight }] : [],
      );
      await storeRun(ctx.handle.db, w.id, weights);
    }
    const stored = await storedCampaignResponses(ctx.handle.db, study, campaign);
    expect(stored).toHaveLength(world.length);
    const fromDb = campaignReport(study, campaign, stored);
    const inMemory = campaignReport(study, campaign, world);
    expect(fromDb.outcomes[0]?.did.estimate).toBeCloseTo(inMemory.outcomes[0]?.did.estimate ?? Number.NaN, 12);
    expect(fromDb.outcomes[0]?.did.se).toBeCloseTo(inMemory.outcomes[0]?.did.se ?? Number.NaN, 12);
    expect(fromDb.reach.overall.ci).toEqual(inMemory.reach.overall.ci);
  });
});
