/**
 * The current weighting run of a wave, as the exports attach it: the run (id, method, date, trim)
 * from the `weighting_runs` tables of `db/`. The weights themselves are joined to the rows as they
 * are read (`exportRecords`), so an export stays in constant memory. The indicator pipeline
 * (`src/indicators`) writes these tables; collection only reads them (it may not import it).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { schema, type Database } from '../../db/index.ts';

/** The current weighting run of a wave, described for the documents of an export. */
export interface ExportWeighting {
  readonly runId: string;
  readonly method: string;
  readonly createdAt: Date;
  /** Trimming cap relative to the median weight, when the run trimmed. */
  readonly trimCap: number | null;
}

const Parameters = z.object({
  weighting: z.object({ method: z.string(), trim: z.object({ cap: z.number() }).nullable().optional() }),
});

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
  const parsed = Parameters.safeParse(run.parameters);
  return {
    runId: run.runId,
    method: parsed.success ? parsed.data.weighting.method : 'unknown method',
    createdAt: run.createdAt,
    trimCap: parsed.success ? (parsed.data.weighting.trim?.cap ?? null) : null,
  };
}

/** The label of the weight variable. */
export function weightLabel(w: ExportWeighting): string {
  return `Weight (weighting run ${w.runId}, ${w.method})`;
}

/** The line of the documents (SPSS) and notes (Stata) that names the weight. */
export function weightDocument(w: ExportWeighting): string {
  const trim = w.trimCap === null ? '' : `, trimmed at ${w.trimCap} x the median weight`;
  return (
    `WEIGHT BY weight: the current weighting run ${w.runId} of the wave (${w.method}${trim}, run ${w.createdAt.toISOString()}). ` +
    'Break-offs and responses the run left out have no weight (system-missing).'
  );
}

export const UNWEIGHTED_DOCUMENT = 'No weighting run is attached: the file is unweighted.';
