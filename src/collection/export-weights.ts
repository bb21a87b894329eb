/**
 * The current weighting run of a wave, as the exports attach it: the run (id, method, date, bounds)
 * from the `weighting_runs` tables of `db/`. The weights themselves are joined to the rows as they
 * are read (`exportRecords`), so an export stays in constant memory. The indicator pipeline
 * (`src/indicators`) writes these tables; collection only reads them (it may not import it).
 */
import { eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import type { RunParametersAsStored } from '../../db/weighting-run-shapes.ts';

/** The current weighting run of a wave, described for the documents of an export. */
export interface ExportWeighting {
  readonly runId: string;
  readonly method: string;
  readonly createdAt: Date;
  /** How the weights were bounded: `calfun` and bounds on g = w/d, when the run calibrated within bounds. */
  readonly bounds: { readonly calfun: string; readonly lower: number; readonly upper: number } | null;
}

/** The bounds a run's weighting states (a legacy `trim: { cap }` is bounded logit calibration [1/cap, cap]). */
function boundsOf(w: RunParametersAsStored['weighting']): ExportWeighting['bounds'] {
  if (w.trim) return { calfun: 'logit', lower: 1 / w.trim.cap, upper: w.trim.cap };
  return w.bounds ? { calfun: w.calfun ?? 'raking', ...w.bounds } : null;
}

/** The wave's current weighting run, or null when the wave was never weighted. */
export async function currentWeighting(db: Database, waveId: string): Promise<ExportWeighting | null> {
  const [run] = await db
    .select({
      runId: schema.weightingRuns.id,
      createdAt: schema.weightingRuns.createdAt,
      parameters: schema.weightingRuns.parameters,
    })
    .from(schema.currentWeightingRuns)
    .innerJoin(schema.weightingRuns, eq(schema.weightingRuns.id, schema.currentWeightingRuns.runId))
    .where(eq(schema.currentWeightingRuns.waveId, waveId));
  if (!run) return null;
  const { weighting } = run.parameters;
  return {
    runId: run.runId,
    method: weighting.trim ? 'calibrate' : weighting.method,
    createdAt: run.createdAt,
    bounds: boundsOf(weighting),
  };
}

/** The label of the weight variable. */
export function weightLabel(w: ExportWeighting): string {
  return `Weight (weighting run ${w.runId}, ${w.method})`;
}

/** The line of the documents (SPSS) and notes (Stata) that names the weight. */
export function weightDocument(w: ExportWeighting): string {
  const b = w.bounds;
  const bounds = b === null ? '' : `, ${b.calfun}, between ${b.lower} and ${b.upper} x the design weight`;
  return (
    `WEIGHT BY weight: the current weighting run ${w.runId} of the wave (${w.method}${bounds}, run ${w.createdAt.toISOString()}). ` +
    'Break-offs and responses the run left out have no weight (system-missing).'
  );
}

export const UNWEIGHTED_DOCUMENT = 'No weighting run is attached: the file is unweighted.';
