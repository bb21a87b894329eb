/**
 * Reading a weighting run back: its countries' diagnostics and adjustment structure with every
 * respondent's base, adjusted and final weight and cell, in response id order, as `weightCountry`
 * returned them — what series materialisation and the disclosure auditor estimate from.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { schema } from '../../db/index.ts';
import { RunParameters, StoredCountry } from '../../db/weighting-run-shapes.ts';
import type { Db, ResponseRow } from './store.ts';
import type { CountryWeights } from './weighting.ts';

/** Stored weights of a run, rebuilt per country as the run computed them (for materialising later). */
export async function storedCountryWeights(
  db: Db,
  runId: string,
  responses: readonly ResponseRow[],
): Promise<CountryWeights[]> {
  const [run] = await db.select().from(schema.weightingRuns).where(eq(schema.weightingRuns.id, runId));
  if (!run) throw new Error(`weighting run ${runId} not found`);
  const parameters = RunParameters.parse(run.parameters);
  const stored = z.array(StoredCountry).parse(run.countries);
  const rows = await db
    .select({
      responseId: schema.responseWeights.responseId,
      country: schema.responseWeights.country,
      weight: schema.responseWeights.weight,
      raked: schema.responseWeights.rakedWeight,
      cell: schema.responseWeights.cell,
    })
    .from(schema.responseWeights)
    .where(eq(schema.responseWeights.runId, runId))
    .orderBy(schema.responseWeights.responseId);
  const byCountry = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byCountry.get(r.country);
    if (list) list.push(r);
    else byCountry.set(r.country, [r]);
  }
  const answersById = new Map(responses.map((r) => [r.id, r.answers]));
  const base = parameters.weighting.base;
  return stored.map(({ structure, ...diagnostics }) => {
    const mine = byCountry.get(diagnostics.iso3) ?? [];
    return {
      diagnostics,
      structure,
      responseIds: mine.map((r) => r.responseId),
      baseWeights: Float64Array.from(mine, (r) => {
        if (base.kind === 'equal') return 1;
        const v = answersById.get(r.responseId)?.[base.question];
        return typeof v === 'number' ? v : Number.NaN;
      }),
      rakedWeights: Float64Array.from(mine, (r) => r.raked),
      weights: Float64Array.from(mine, (r) => r.weight),
      cells: Int32Array.from(mine, (r) => r.cell),
    };
  });
}
