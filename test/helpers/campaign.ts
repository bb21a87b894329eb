/** Storing a simulated campaign world (test/indicators/fixtures/campaign-world.ts) with given weights as current weighting runs. */
import { schema, type Database } from '../../db/index.ts';
import type { CampaignResponse } from '../../src/indicators/campaign/table.ts';
import type { Study } from '../../src/instrument/index.ts';
import { insertResponses, storeStudy } from './responses.ts';

/** Stores a weighting run of `wave` with the given weights (by response id) and makes it current. */
export async function storeRun(
  db: Database,
  waveId: string,
  weights: readonly { id: number; country: string; weight: number }[],
): Promise<void> {
  const [run] = await db
    .insert(schema.weightingRuns)
    .values({
      waveId,
      actor: 'test',
      // The weights are given, not computed: the parameters say post-stratification with no variable.
      parameters: { weighting: { method: 'poststratify' }, countryQuestion: 'COUNTRY', weightingVariables: [] },
      definitionFingerprint: 'x',
      input: { responses: weights.length, weighted: weights.length, unknownCountry: 0, responseSetHash: 'x' },
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

/** Stores the study and the world's responses (ids 1, 2, … in world order), without weights. */
export async function storeWorld(db: Database, study: Study, world: readonly CampaignResponse[]): Promise<void> {
  await storeStudy(db, study);
  await insertResponses(
    db,
    study,
    world.map((r, i) => ({ id: i + 1, wave: r.wave, answers: r.answers })),
  );
}

/** Makes the world's own weights the current weighting run of every stored wave. */
export async function weighWorld(db: Database, world: readonly CampaignResponse[]): Promise<void> {
  const waves = await db.select({ id: schema.waves.id, code: schema.waves.code }).from(schema.waves);
  for (const w of waves) {
    const weights = world.flatMap((r, i) =>
      r.wave === w.code ? [{ id: i + 1, country: r.iso3, weight: r.weight }] : [],
    );
    await storeRun(db, w.id, weights);
  }
}
