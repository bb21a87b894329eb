/**
 * The weighted responses a campaign report reads, from the database: the submitted responses of
 * every wave that brackets the campaign (before and after it), stacked, each with the weight of
 * its wave's current weighting run. A wave without a current run stops with one line naming it.
 *
 * `storedCampaignReport` is the one path from the database to a report (the CLI, the API and the
 * dashboards): it names the current runs of those waves as the report's version, and keeps the last
 * reports of each database under it, so a report is computed again only when a wave is re-weighted.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Database } from '../../../db/index.ts';
import { campaignWaves, type Campaign, type Study } from '../../instrument/index.ts';
import { WeightingInputError } from '../errors.ts';
import { publishedSeries, type PublishedSeries } from '../published.ts';
import { readWeights } from '../read.ts';
import { storedWave, waveResponses, type ResponseReader } from '../store.ts';
import { publishCampaignReport, type PublishedCampaignReport } from './published.ts';
import { campaignReport, type CampaignReport } from './report.ts';
import { CampaignDataError, type CampaignResponse } from './table.ts';

export async function storedCampaignResponses(
  db: Database,
  study: Study,
  campaign: Campaign,
  responses: ResponseReader = (id) => waveResponses(db, id),
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
    for (const r of await responses(stored.id)) {
      const w = byId.get(r.id);
      if (w) out.push({ wave: wave.id, iso3: w.country, weight: w.weight, answers: r.answers });
    }
  }
  return out;
}

/** The current weighting runs of the waves around the campaign (`wave:run`, in wave order): what its report is computed from. */
export async function campaignVersion(db: Database, study: Study, campaign: Campaign): Promise<string> {
  const { before, after } = campaignWaves(study.waves, campaign);
  const codes = [...before, ...after].map((w) => w.id);
  const rows = await db
    .select({ wave: schema.waves.code, run: schema.currentWeightingRuns.runId })
    .from(schema.currentWeightingRuns)
    .innerJoin(schema.waves, eq(schema.waves.id, schema.currentWeightingRuns.waveId))
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .where(and(eq(schema.studies.slug, study.id), inArray(schema.waves.code, codes)));
  const run = new Map(rows.map((r) => [r.wave, r.run]));
  return codes.map((c) => `${c}:${run.get(c) ?? '-'}`).join(',');
}

const KEPT = 16;
const reports = new WeakMap<Database, Map<string, Promise<CampaignReport>>>();

/** The impact report of `campaign` from the stored waves and their current weights (kept per version). */
export async function storedCampaignReport(
  db: Database,
  study: Study,
  campaign: Campaign,
  options: { lang?: string; responses?: ResponseReader } = {},
): Promise<CampaignReport> {
  // The definition is part of the key: a server holds one, but tests and tools may pass others.
  const definition = JSON.stringify([campaign, study.minimumN, study.indicators]);
  const key = `${study.id}|${options.lang ?? ''}|${definition}|${await campaignVersion(db, study, campaign)}`;
  let kept = reports.get(db);
  if (!kept) reports.set(db, (kept = new Map()));
  const hit = kept.get(key);
  if (hit) return hit;
  const computing = storedCampaignResponses(db, study, campaign, options.responses).then((r) =>
    campaignReport(study, campaign, r, options),
  );
  kept.set(key, computing);
  computing.catch(() => kept?.delete(key));
  while (kept.size > KEPT) {
    const oldest = kept.keys().next().value;
    if (oldest === undefined) break;
    kept.delete(oldest);
  }
  return computing;
}

export interface PublishedSeriesAndCampaigns extends PublishedSeries {
  /** A campaign's public impact report; null while the waves around it are not stored or weighted. */
  campaign(study: string, id: string, lang: string): Promise<PublishedCampaignReport | null>;
}

/** What the dashboards read from a database: the published series, and the campaigns' public reports. */
export function publishedSeriesAndCampaigns(db: Database, studies: readonly Study[]): PublishedSeriesAndCampaigns {
  return {
    ...publishedSeries(db, studies),
    async campaign(studyId, id, lang) {
      const study = studies.find((s) => s.id === studyId);
      const campaign = study?.campaigns.find((c) => c.id === id);
      if (!study || !campaign) return null;
      try {
        return publishCampaignReport(await storedCampaignReport(db, study, campaign, { lang }));
      } catch (err) {
        if (err instanceof CampaignDataError || err instanceof WeightingInputError) return null;
        throw err;
      }
    },
  };
}
