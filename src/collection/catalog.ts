/** What is open to respondents: the waves they can answer now. */
import { eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { textIn } from '../instrument/text.ts';
import type { OpenWave } from './schemas.ts';
import { loadInstrument } from './waves.ts';

export async function listOpenWaves(db: Database): Promise<OpenWave[]> {
  const rows = await db
    .select({
      id: schema.waves.id,
      code: schema.waves.code,
      year: schema.waves.year,
      instrumentId: schema.waves.instrumentId,
      study: schema.studies.slug,
    })
    .from(schema.waves)
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .where(eq(schema.waves.status, 'open'))
    .orderBy(schema.studies.slug, schema.waves.year);
  const out: OpenWave[] = [];
  for (const r of rows) {
    const { instrument } = await loadInstrument(db, r.instrumentId);
    const first = instrument.languages[0]?.code ?? 'en';
    out.push({
      id: r.id,
      study: r.study,
      code: r.code,
      year: r.year,
      title: textIn(instrument.title, first),
      languages: instrument.languages.map((l) => ({ code: l.code, name: l.name, dir: l.dir })),
    });
  }
  return out;
}
