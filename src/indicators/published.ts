/**
 * The published series of a set of studies, read from the database: what the dashboards show
 * (their `DashboardSource`, satisfied structurally — this layer does not know the dashboards).
 * Public view: suppressed values are withheld. Each call is a query, never a recomputation; the
 * version names what the numbers were materialised from, so the readers can cache under it.
 */
import { asc, eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import type { Study } from '../instrument/index.ts';
import { IndicatorNotFoundError } from './errors.ts';
import { readChanges, readDistributions, readSeries } from './read.ts';
import type { DistributionPoint, SeriesChange, SeriesPoint } from './types.ts';

export interface PublishedSeries {
  studies(): Promise<readonly Study[]>;
  series(study: string, indicator: string): Promise<readonly SeriesPoint[]>;
  changes(study: string, indicator: string): Promise<readonly SeriesChange[]>;
  distributions(study: string, question: string): Promise<readonly DistributionPoint[]>;
  version(study: string): Promise<string>;
}

/** A study defined but not (yet) stored, or never materialised, has no series: an empty list, not an error. */
async function orNone<T>(read: Promise<T[]>): Promise<T[]> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof IndicatorNotFoundError) return [];
    throw err;
  }
}

export function publishedSeries(db: Database, studies: readonly Study[]): PublishedSeries {
  return {
    studies: async () => studies,
    series: (study, indicator) => orNone(readSeries(db, { study, indicator, subgroup: '*' })),
    changes: (study, indicator) => orNone(readChanges(db, { study, indicator, subgroup: '*' })),
    distributions: (study, question) => orNone(readDistributions(db, { study, question })),
    async version(study) {
      // Each materialised wave: its current run, the definitions it was computed from, and when.
      const rows = await db
        .select({
          wave: schema.waves.code,
          run: schema.seriesWaves.runId,
          definitions: schema.seriesWaves.definitionsFingerprint,
          at: schema.seriesWaves.materialisedAt,
        })
        .from(schema.seriesWaves)
        .innerJoin(schema.waves, eq(schema.waves.id, schema.seriesWaves.waveId))
        .innerJoin(schema.studies, eq(schema.studies.id, schema.seriesWaves.studyId))
        .where(eq(schema.studies.slug, study))
        .orderBy(asc(schema.waves.code));
      return rows.map((r) => `${r.wave}:${r.run}:${r.definitions}:${r.at.getTime()}`).join(',');
    },
  };
}
