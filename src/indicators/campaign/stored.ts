/**
 * The weighted responses a campaign report reads, from the database: the submitted responses of
 * every wave that brackets the campaign (before and after it), stacked, each with the weight of
 * its wave's current weighting run. A wave without a current run stops with one line naming it.
 */
import type { Database } from '../../../db/index.ts';
import { campaignWaves, type Campaign, type Study } from '../../instrument/index.ts';
import { readWeights } from '../read.ts';
import { storedWave, waveResponses } from '../store.ts';
import { CampaignDataError, type CampaignResponse } from './table.ts';

export async function storedCampaignResponses(
  db: Database,
  study: Study,
  campaign: Campaign,
): Promise<CampaignResponse[]> {
  const { before, after } = campaignWaves(study.waves, campaign);
  const out: CampaignResponse[] = [];
  for (const wave of [...before, ...after]) {
    const stored = await storedWave(db, study.id, wave.id);
    const { runId, weights } = await readWeights(db, { study: study.id, wave: wave.id });
    if (runId === null) {
      throw new CampaignDataError(
        `wave ${wave.id} of study ${study.id} has no current weighting run (run "barometer weight ${study.id} ${wave.id}" first)`,
      );
    }
    const byId = new Map(weights.map((w) => [w.responseId, w]));
    for (const r of await waveResponses(db, stored.id)) {
      const w = byId.get(r.id);
      if (w) out.push({ wave: wave.id, iso3: w.country, weight: w.weight, answers: r.answers });
    }
  }
  return out;
}
