/**
 * Waves are addressed by their code (`mp-2026`) everywhere a researcher names one; the row id (a
 * UUID) stays an alias. A code two studies share is ambiguous: the answer names each wave's id.
 */
import { eq } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { AppError } from '../errors.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const codePattern = /^[a-z0-9][a-z0-9_-]*$/;

/** Whether `s` can name a wave: a wave code (`mp-2026`) or a wave id. */
export function isWaveRef(s: string): boolean {
  return s.length <= 100 && (uuidPattern.test(s) || codePattern.test(s));
}
export const waveRefMessage = 'a wave code like "mp-2026" or a wave id (UUID)';

/** The row id of the wave `ref` names (a code or an id); 404 when none, 409 when a code is ambiguous. */
export async function resolveWaveRef(db: Database, ref: string): Promise<string> {
  if (uuidPattern.test(ref)) {
    const [row] = await db.select({ id: schema.waves.id }).from(schema.waves).where(eq(schema.waves.id, ref));
    if (!row) throw new AppError('not_found', `wave ${ref} not found`);
    return row.id;
  }
  const rows = await db
    .select({ id: schema.waves.id, study: schema.studies.slug })
    .from(schema.waves)
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .where(eq(schema.waves.code, ref));
  const [only, ...others] = rows;
  if (!only) {
    const known = await db.select({ code: schema.waves.code }).from(schema.waves).orderBy(schema.waves.code);
    throw new AppError(
      'not_found',
      `no wave with code "${ref}" (waves: ${known.map((w) => w.code).join(', ') || 'none stored'})`,
    );
  }
  if (others.length > 0)
    throw new AppError(
      'conflict',
      `wave code "${ref}" is used by several studies; name the wave by its id: ${rows.map((r) => `${r.study} → ${r.id}`).join(', ')}`,
    );
  return only.id;
}
