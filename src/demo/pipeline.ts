/**
 * The demo pipeline: collect (build.ts), weight and materialise each wave (src/indicators), and
 * set the estimates beside the known truths (report.ts, world.ts).
 */
import type { Database } from '../../db/index.ts';
import { readSeries, runWeighting, snapshotReader, type RunProgress, type SeriesPoint } from '../indicators/index.ts';
import { storedCampaignReport } from '../indicators/campaign/stored.ts';
import { CampaignDataError } from '../indicators/campaign/table.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import type { BulkTimes } from './bulk.ts';
import { collectDemo, type CollectedWave, type DemoProgress, type DemoSize } from './build.ts';
import {
  accuracy,
  formatRows,
  migLevelCounts,
  regionRows,
  unweightedShare,
  type CampaignRecovery,
  type WeightedEstimate,
} from './report.ts';
import type { Scenario } from './scenario.ts';
import { simulatedWorld, type SimulatedWorld, type TruthGeography } from './world.ts';

export type DemoEvent =
  | DemoProgress
  | { readonly phase: 'weight'; readonly wave: string; readonly progress: RunProgress }
  | { readonly phase: 'weighted'; readonly wave: string; readonly warnings: number }
  | { readonly phase: 'campaigns'; readonly campaigns: number };

/** Where the time of a build went (ms), phase by phase. */
export interface DemoTimes extends BulkTimes {
  weight: number;
  campaigns: number;
}

export interface DemoResult {
  readonly world: SimulatedWorld;
  readonly waves: readonly CollectedWave[];
}

/** The flagship study's demo world, built in `db` (whose flagship waves must still be drafts). */
export async function buildDemoWorld(
  db: Database,
  options: {
    readonly size: DemoSize;
    readonly seed?: string;
    readonly scenario?: Scenario;
    /** Through the collection service, or in bulk (the same rows, batched; the default). */
    readonly through?: 'service' | 'bulk';
    /** In bulk: walk the respondents in a worker thread while this one inserts (the default), or in this thread. */
    readonly generateIn?: 'thread' | 'worker';
    readonly concurrency?: number;
    readonly onProgress?: (e: DemoEvent) => void;
    readonly signal?: AbortSignal;
    /** Where the time went, filled in as the build goes. */
    readonly times?: DemoTimes;
  },
): Promise<DemoResult> {
  const world = simulatedWorld(flagship, undefined, options.scenario ?? 'realistic');
  const times = options.times ?? { generate: 0, insert: 0, weight: 0, campaigns: 0 };
  // Each wave's responses are read once, by its weighting run; the campaign reports read that snapshot.
  const responses = snapshotReader(db);
  const waves = await collectDemo(db, world, {
    size: options.size,
    seed: options.seed ?? 'barometer-demo',
    concurrency: options.concurrency ?? 128,
    through: options.through ?? 'bulk',
    generateIn: options.generateIn ?? 'worker',
    signal: options.signal,
    times,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    // Each wave is weighted (with its series) as soon as it is collected, while the worker
    // generates the next one.
    afterWave: async ({ wave }) => {
      if (options.signal?.aborted) return;
      const t0 = performance.now();
      const run = await runWeighting(db, {
        study: flagship,
        wave,
        actor: 'demo',
        responses,
        onProgress: (progress) => options.onProgress?.({ phase: 'weight', wave, progress }),
      });
      options.onProgress?.({ phase: 'weighted', wave, warnings: run.warnings.length });
      times.weight += performance.now() - t0;
    },
  });
  const t0 = performance.now();
  // The campaign reports the dashboards and the API read, computed once now (kept per weighting
  // run) — for the campaigns whose countries this world has (a world of some countries may lack them).
  const built = options.size.countries ? new Set(options.size.countries) : null;
  const campaigns = flagship.campaigns.filter(
    (c) => built === null || c.where.countries.every((iso3) => built.has(iso3)),
  );
  if (options.signal?.aborted !== true)
    for (const campaign of campaigns)
      await storedCampaignReport(db, flagship, campaign, { lang: 'en', responses }).catch((err: unknown) => {
        // A world of some countries may lack a campaign's comparison countries: that report is not
        // made (the API and the dashboards say why when asked); anything else is a fault.
        if (!(err instanceof CampaignDataError)) throw err;
      });
  times.campaigns += performance.now() - t0;
  options.onProgress?.({ phase: 'campaigns', campaigns: campaigns.length });
  return { world, waves };
}

function estimateOf(p: SeriesPoint | undefined): WeightedEstimate | null {
  if (!p || p.estimate === null || p.ciLow === null || p.ciHigh === null) return null;
  return { estimate: p.estimate, ciLow: p.ciLow, ciHigh: p.ciHigh, n: p.n, coverage: p.coverage };
}

function sameGeography(p: SeriesPoint, where: TruthGeography): boolean {
  const g = p.geography;
  if (where.kind === 'world') return g.kind === 'world';
  if (where.kind === 'region') return g.kind === 'region' && g.region === where.region;
  return g.kind === 'country' && g.iso3 === where.iso3;
}

export interface DemoComparison {
  /** One printed table per wave (regions and world). */
  readonly tables: readonly string[];
  /** Country × wave cells with an estimate: interval coverage of the truth, bias and mean absolute errors. */
  readonly countries: ReturnType<typeof accuracy>;
  /** Each simulated campaign's true effect on wantsDecrease beside the report's DiD and pre-trend test. */
  readonly campaigns: readonly CampaignRecovery[];
}

/**
 * The true effect of a campaign on wantsDecrease in its countries (adult-population weighted, in
 * points) beside the difference-in-differences of its stored report; campaigns whose countries
 * have no respondents here are left out.
 */
async function campaignRecovery(db: Database, world: SimulatedWorld, covered: ReadonlySet<string>) {
  const out: CampaignRecovery[] = [];
  for (const simulated of world.campaigns) {
    const campaign = world.study.campaigns.find((c) => c.id === simulated.id);
    if (!campaign || !simulated.countries.every((iso3) => covered.has(iso3))) continue;
    let num = 0;
    let den = 0;
    for (const iso3 of simulated.countries) {
      const where = { kind: 'country', iso3 } as const;
      const population = world.countries.find((c) => c.iso3 === iso3)?.population ?? 0;
      const truth = world.truth('wantsDecrease', where, simulated.measuredIn) ?? 0;
      const counterfactual = world.counterfactual('wantsDecrease', where, simulated.measuredIn) ?? 0;
      num += population * (truth - counterfactual);
      den += population;
    }
    const report = await storedCampaignReport(db, world.study, campaign, { lang: 'en' }).catch((err: unknown) => {
      if (err instanceof CampaignDataError) return null;
      throw err;
    });
    const outcome = report?.outcomes.find((o) => o.indicator === 'wantsDecrease');
    if (!outcome) continue;
    out.push({
      id: simulated.id,
      trueEffect: (100 * num) / den,
      estimate: outcome.did.estimate,
      ciLow: outcome.did.ci[0],
      ciHigh: outcome.did.ci[1],
      preTrendP: outcome.preTrend?.p ?? null,
      preTrendPassed: outcome.preTrend?.passed ?? null,
    });
  }
  return out;
}

/** The demo's estimates of wantsDecrease (researcher view: suppressed values flagged, not withheld) beside the truths. */
export async function compareWithTruth(db: Database, result: DemoResult): Promise<DemoComparison> {
  const { world } = result;
  const points = await readSeries(db, { study: world.study.id, indicator: 'wantsDecrease', includeSuppressed: true });
  const tables: string[] = [];
  const cells: { truth: number; unweighted: number; weighted: WeightedEstimate }[] = [];
  const cellsCountries: string[] = [];
  for (const w of result.waves) {
    const counts = await migLevelCounts(db, w.waveId);
    const inWave = points.filter((p) => p.wave === w.wave);
    const find = (where: TruthGeography) => estimateOf(inWave.find((p) => sameGeography(p, where)));
    const rows = regionRows(world, w.wave, counts, find);
    tables.push(
      formatRows(
        `wantsDecrease, ${w.wave} (${w.submitted.toLocaleString('en')} responses, ${w.breakOffs.toLocaleString('en')} break-offs; wave ${w.status})`,
        rows,
      ),
    );
    for (const c of world.countries) {
      const where = { kind: 'country', iso3: c.iso3 } as const;
      const truth = world.truth('wantsDecrease', where, w.wave);
      const weighted = find(where);
      const raw = unweightedShare(counts, [c.iso3], 'decreased');
      if (truth !== null && weighted && raw) {
        cells.push({ truth, unweighted: raw.share, weighted });
        cellsCountries.push(c.iso3);
      }
    }
  }
  const covered = new Set(cellsCountries);
  return { tables, countries: accuracy(cells), campaigns: await campaignRecovery(db, world, covered) };
}
