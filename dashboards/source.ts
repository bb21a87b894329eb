/**
 * Where the dashboards read from: a small interface over the indicator pipeline's outputs
 * (`src/indicators` types), so pages are built and tested against any source — the pipeline's
 * tables on a database (`publishedSeries` of src/indicators, composed by the server and the CLI),
 * or series held in memory (fixtures, the benchmark). The suppression rule (`minimumN`) is the
 * study definition's.
 */
import type { Study } from '../src/instrument/index.ts';
import type { PublishedCampaignReport } from '../src/indicators/campaign/published.ts';
import type { DistributionPoint, SeriesChange, SeriesPoint } from '../src/indicators/types.ts';

export interface DashboardSource {
  /** The studies with dashboards, as defined in `survey-definitions/`. */
  studies(): Promise<readonly Study[]>;
  /** Every point of one indicator: all waves, geographies and subgroups. */
  series(study: string, indicator: string): Promise<readonly SeriesPoint[]>;
  /** Every wave-to-wave change of one indicator. */
  changes(study: string, indicator: string): Promise<readonly SeriesChange[]>;
  /** The answer distributions of one question: all waves and geographies. */
  distributions(study: string, question: string): Promise<readonly DistributionPoint[]>;
  /**
   * A campaign's public impact report (labels in `lang`), or null while it cannot be computed (the
   * waves around the campaign are not weighted yet).
   */
  campaign(study: string, id: string, lang: string): Promise<PublishedCampaignReport | null>;
  /**
   * What the data depend on (the current weighting runs): changes whenever a published number
   * may change, so rendered charts are cached under it.
   */
  version(study: string): Promise<string>;
}

export interface MemoryData {
  readonly series: readonly SeriesPoint[];
  readonly changes: readonly SeriesChange[];
  readonly distributions: readonly DistributionPoint[];
  /** Campaign reports by study and campaign id (any language). */
  readonly campaigns?: readonly {
    readonly study: string;
    readonly id: string;
    readonly report: PublishedCampaignReport;
  }[];
}

/** A source over series held in memory (fixtures, benchmarks, tests). */
export function memorySource(studies: readonly Study[], data: MemoryData): DashboardSource {
  const key = (study: string, id: string) => `${study}\u0000${id}`;
  const group = <T>(rows: readonly T[], by: (r: T) => string) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const k = by(r);
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    return m;
  };
  const series = group(data.series, (p) => key(p.study, p.indicator));
  const changes = group(data.changes, (c) => key(c.study, c.indicator));
  const distributions = group(data.distributions, (d) => key(d.study, d.question));
  const runs = [...new Set(data.series.map((p) => p.weightingRunId))].sort().join(',');
  return {
    studies: async () => studies,
    series: async (study, indicator) => series.get(key(study, indicator)) ?? [],
    changes: async (study, indicator) => changes.get(key(study, indicator)) ?? [],
    distributions: async (study, question) => distributions.get(key(study, question)) ?? [],
    campaign: async (study, id) => data.campaigns?.find((c) => c.study === study && c.id === id)?.report ?? null,
    version: async () => runs,
  };
}
