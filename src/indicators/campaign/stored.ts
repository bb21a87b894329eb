/**
 * The weighted responses a campaign report reads, from the database: the submitted responses of
 * every wave that brackets the campaign (before and after it), stacked, each with the weight of
 * its wave's current weighting run. A wave without a current run stops with one line naming it.
 *
 * `storedCampaignReport` is the one path from the database to a report (the CLI, the API and the
 * dashboards): it names the current runs of those waves as the report's version, and keeps the last
 * reports of each database under it, so a report is computed again only when a wave is re-weighted.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Database } from '../../../db/index.ts';
import { campaignWaves, type Campaign, type Study } from '../../instrument/index.ts';
import { WeightingInputError } from '../errors.ts';
import { publishedSeries, type PublishedSeries } from '../published.ts';
import { readWeights } from '../read.ts';
import { snapshotReader, storedWave, waveResponses, type ResponseReader } from '../store.ts';
import { publishCampaignReport, type PublishedCampaignReport } from './published.ts';
import { campaignReport, reportIn, type CampaignReport } from './report.ts';
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
    // A later wave still planned (e.g. the next year's, declared ahead) has no answers yet: the
    // report reads the waves measured so far. Any other wave without a run is an error.
    if (runId === null && wave.status === 'planned' && after.indexOf(wave) > 0) continue;
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
/** Bumped when the report's shape changes, so reports stored in an older shape are computed again. */
const REPORT_FORMAT = 5; // 4: the fact arm by prior overestimation; 5: the aimed effect signed, with its direction
const reports = new WeakMap<Database, Map<string, Promise<CampaignReport>>>();

/**
 * The impact report of `campaign` from the stored waves and their current weights, with its texts
 * in `lang` (default: the study's first language). Its numbers are computed once per version and
 * kept; each language reads them relabelled (`reportIn`).
 */
export async function storedCampaignReport(
  db: Database,
  study: Study,
  campaign: Campaign,
  options: { lang?: string; responses?: ResponseReader } = {},
): Promise<CampaignReport> {
  // The definition is part of the key: a server holds one, but tests and tools may pass others.
  const definition = JSON.stringify([REPORT_FORMAT, campaign, study.minimumN, study.indicators]);
  const key = `${study.id}|${definition}|${await campaignVersion(db, study, campaign)}`;
  let kept = reports.get(db);
  if (!kept) reports.set(db, (kept = new Map()));
  const hit = kept.get(key);
  if (hit) return options.lang === undefined ? hit : hit.then((r) => reportIn(r, study, campaign, options.lang ?? ''));
  const computing = keptReport(db, study, campaign, key, async () =>
    campaignReport(study, campaign, await storedCampaignResponses(db, study, campaign, options.responses)),
  );
  kept.set(key, computing);
  computing.catch(() => kept?.delete(key));
  while (kept.size > KEPT) {
    const oldest = kept.keys().next().value;
    if (oldest === undefined) break;
    kept.delete(oldest);
  }
  return options.lang === undefined
    ? computing
    : computing.then((r) => reportIn(r, study, campaign, options.lang ?? ''));
}

/** Drops the reports kept in memory for `db` (they are read again from the database). */
export function forgetKeptReports(db: Database): void {
  reports.delete(db);
}

/**
 * The report stored for these inputs (`key`: the definition and the waves' current runs), or
 * `compute`d and stored in place of an older one. Numbers survive JSON exactly (shortest
 * round-trip text); a report holding a non-finite number is not stored, since JSON cannot.
 */
async function keptReport(
  db: Database,
  study: Study,
  campaign: Campaign,
  key: string,
  compute: () => Promise<CampaignReport>,
): Promise<CampaignReport> {
  const inputs = createHash('sha256').update(key).digest('hex');
  const where = and(eq(schema.campaignReports.study, study.id), eq(schema.campaignReports.campaign, campaign.id));
  const [row] = await db
    .select({ inputs: schema.campaignReports.inputs, report: schema.campaignReports.report })
    .from(schema.campaignReports)
    .where(where);
  if (row?.inputs === inputs && isCampaignReport(row.report)) return row.report;
  const report = await compute();
  const stored = asJson(report);
  if (stored === null) return report;
  await db
    .insert(schema.campaignReports)
    .values({ study: study.id, campaign: campaign.id, inputs, report: stored })
    .onConflictDoUpdate({
      target: [schema.campaignReports.study, schema.campaignReports.campaign],
      set: { inputs, report: stored, computedAt: new Date() },
    });
  return report;
}

/** `value` as JSON reads it back, or null when it holds a number JSON cannot (NaN, ±Infinity). */
function asJson(value: unknown): unknown {
  let finite = true;
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) finite = false;
    return v;
  });
  return finite ? JSON.parse(text) : null;
}

/** What a stored report must hold to be read as one (it was written by `keptReport` for the same inputs). */
function isCampaignReport(value: unknown): value is CampaignReport {
  if (typeof value !== 'object' || value === null) return false;
  return (
    'study' in value &&
    typeof value.study === 'string' &&
    'outcomes' in value &&
    Array.isArray(value.outcomes) &&
    'reach' in value &&
    typeof value.reach === 'object' &&
    'campaign' in value &&
    typeof value.campaign === 'object'
  );
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

/**
 * Computes and keeps the report of every campaign whose waves are weighted, reading each wave
 * once (a server started on an existing database: the first reader of a campaign page would
 * otherwise wait for it). Campaigns whose waves are not stored or weighted yet are skipped.
 * Stops between two campaigns once `signal` is aborted. Returns how many reports were computed.
 */
export async function warmCampaignReports(
  db: Database,
  studies: readonly Study[],
  signal?: AbortSignal,
): Promise<number> {
  const responses = snapshotReader(db);
  let computed = 0;
  for (const study of studies) {
    for (const campaign of study.campaigns) {
      if (signal?.aborted) return computed;
      try {
        await storedCampaignReport(db, study, campaign, { responses });
        computed += 1;
      } catch (err) {
        if (!(err instanceof CampaignDataError || err instanceof WeightingInputError)) throw err;
      }
    }
  }
  return computed;
}
