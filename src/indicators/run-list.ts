/** The weighting runs of a wave as the console lists them: newest first, with each country's diagnostics and which run is current. */
import { and, desc, eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import type { Study } from '../instrument/index.ts';
import { IndicatorNotFoundError } from './errors.ts';
import { materialiseSeries } from './materialise.ts';
import { makeRunCurrent } from './runs.ts';
import { StoredCountry, type CountryDiagnostics, type WeightingWarning } from '../../db/weighting-run-shapes.ts';

export interface ListedRun {
  readonly id: string;
  readonly createdAt: string;
  readonly actor: string;
  readonly current: boolean;
  readonly responses: number;
  readonly weighted: number;
  readonly countries: readonly CountryDiagnostics[];
  readonly warnings: readonly WeightingWarning[];
}

/** The latest `limit` runs of the wave with row id `waveId`. */
export async function waveRuns(db: Database, waveId: string, limit = 10): Promise<ListedRun[]> {
  const [current] = await db
    .select({ runId: schema.currentWeightingRuns.runId })
    .from(schema.currentWeightingRuns)
    .where(eq(schema.currentWeightingRuns.waveId, waveId));
  const rows = await db
    .select()
    .from(schema.weightingRuns)
    .where(eq(schema.weightingRuns.waveId, waveId))
    .orderBy(desc(schema.weightingRuns.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    actor: r.actor,
    current: r.id === current?.runId,
    responses: r.input.responses,
    weighted: r.input.weighted,
    countries: r.countries.map((c) => StoredCountry.parse(c)),
    warnings: r.warnings,
  }));
}

/**
 * Makes a stored run of the wave its current run again (audited, `weighting_run.set_current`) and
 * materialises the wave's series from it; 404 when the run is not one of the wave's.
 */
export async function setCurrentRun(
  db: Database,
  change: { readonly study: Study; readonly waveId: string; readonly runId: string; readonly actor: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [run] = await tx
      .select({ id: schema.weightingRuns.id })
      .from(schema.weightingRuns)
      .where(and(eq(schema.weightingRuns.id, change.runId), eq(schema.weightingRuns.waveId, change.waveId)));
    if (!run) throw new IndicatorNotFoundError('run', `weighting run ${change.runId} is not a run of this wave`);
    await makeRunCurrent(tx, change);
  });
  await materialiseSeries(db, { study: change.study });
}
