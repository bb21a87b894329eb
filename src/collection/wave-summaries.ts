/** Every wave with its status and its response, in-progress and break-off counts: the researcher's overview. */
import { eq, sql } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';

export interface WaveSummary {
  readonly id: string;
  readonly study: string;
  readonly code: string;
  readonly year: number;
  readonly status: 'draft' | 'open' | 'closed';
  readonly instrumentId: string;
  readonly responses: number;
  readonly inProgress: number;
  readonly breakOffs: number;
}

/** A wave's submitted responses, sessions in progress and break-offs, as columns of a select from `waves`. */
export const waveCounts = {
  responses: sql<number>`(select count(*) from responses r where r.wave_id = ${schema.waves.id})::int`,
  inProgress: sql<number>`(select count(*) from sessions s where s.wave_id = ${schema.waves.id} and s.status = 'in_progress')::int`,
  breakOffs: sql<number>`(select count(*) from sessions s where s.wave_id = ${schema.waves.id} and s.status = 'break_off')::int`,
};

/** Every wave of every study, ordered by study and year. */
export async function listWaveSummaries(db: Database): Promise<WaveSummary[]> {
  const rows = await db
    .select({
      id: schema.waves.id,
      study: schema.studies.slug,
      code: schema.waves.code,
      year: schema.waves.year,
      status: schema.waves.status,
      instrumentId: schema.waves.instrumentId,
      ...waveCounts,
    })
    .from(schema.waves)
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .orderBy(schema.studies.slug, schema.waves.year);
  return rows.map((r) => ({
    ...r,
    responses: Number(r.responses),
    inProgress: Number(r.inProgress),
    breakOffs: Number(r.breakOffs),
  }));
}
