/**
 * The demo pipeline: collect (build.ts), weight and materialise each wave (src/indicators), and
 * set the estimates beside the known truths (report.ts, world.ts).
 */
import type { Database } from '../../db/index.ts';
import { readSeries, runWeighting, type RunProgress, type SeriesPoint } from '../indicators/index.ts';
import flagship from '../../survey-definitions/migration-perceptions/index.ts';
import { collectDemo, type CollectedWave, type DemoProgress, type DemoSize } from './build.ts';
import { accuracy, formatRows, migLevelCounts, regionRows, unweightedShare, type WeightedEstimate } from './report.ts';
import { SIMULATED_WAVES } from './targets.ts';
import { simulatedWorld, type SimulatedWorld, type TruthGeography } from './world.ts';

export type DemoEvent =
  | DemoProgress
  | { readonly phase: 'weight'; readonly wave: string; readonly progress: RunProgress }
  | { readonly phase: 'weighted'; readonly wave: string; readonly warnings: number };

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
    readonly concurrency?: number;
    readonly onProgress?: (e: DemoEvent) => void;
    readonly signal?: AbortSignal;
  },
): Promise<DemoResult> {
  const world = simulatedWorld(flagship);
  const waves = await collectDemo(db, world, {
    size: options.size,
    seed: options.seed ?? 'barometer-demo',
    concurrency: options.concurrency ?? 128,
    signal: options.signal,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  for (const wave of SIMULATED_WAVES) {
    if (options.signal?.aborted) break;
    const run = await runWeighting(db, {
      study: flagship,
      wave,
      actor: 'demo',
      onProgress: (progress) => options.onProgress?.({ phase: 'weight', wave, progress }),
    });
    options.onProgress?.({ phase: 'weighted', wave, warnings: run.warnings.length });
  }
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
  /** Country × wave cells with an estimate: interval coverage of the truth and mean absolute errors. */
  readonly countries: ReturnType<typeof accuracy>;
}

/** The demo's estimates of wantsDecrease (researcher view: suppressed values flagged, not withheld) beside the truths. */
export async function compareWithTruth(db: Database, result: DemoResult): Promise<DemoComparison> {
  const { world } = result;
  const points = await readSeries(db, { study: world.study.id, indicator: 'wantsDecrease', includeSuppressed: true });
  const tables: string[] = [];
  const cells: { truth: number; unweighted: number; weighted: WeightedEstimate }[] = [];
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
      if (truth !== null && weighted && raw) cells.push({ truth, unweighted: raw.share, weighted });
    }
  }
  return { tables, countries: accuracy(cells) };
}
