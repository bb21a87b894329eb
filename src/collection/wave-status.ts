/**
 * The wave status the definitions state, kept in the database: a wave the definitions call
 * `closed` is closed when the definitions are loaded (a draft one directly, an open one as
 * `closeWave` closes it, its unfinished sessions recorded as break-offs), audited as
 * `wave.close` with the reason.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { audit, schema, type Database } from '../../db/index.ts';
import type { Study } from '../instrument/study.ts';
import { closeWave, findWave } from './definitions.ts';

/** Closes every stored wave the definitions call closed; returns the codes closed now. */
export async function closeWavesAsDefined(
  db: Database,
  studies: readonly Study[],
  who: { readonly actor: string },
): Promise<string[]> {
  const closed: string[] = [];
  for (const study of studies) {
    for (const wave of study.waves) {
      if (wave.status !== 'closed') continue;
      const row = await findWave(db, study.id, wave.id);
      if (!row || row.status === 'closed') continue;
      if (row.status === 'open') {
        await closeWave(db, row.id, { actor: who.actor });
      } else {
        await db.transaction(async (tx) => {
          const changed = await tx
            .update(schema.waves)
            .set({ status: 'closed', closedAt: sql`now()` })
            .where(and(eq(schema.waves.id, row.id), ne(schema.waves.status, 'closed')))
            .returning({ id: schema.waves.id });
          if (changed.length > 0)
            await audit(tx, {
              actor: who.actor,
              action: 'wave.close',
              targetType: 'wave',
              targetId: row.id,
              details: { from: 'draft', reason: 'the definitions state the wave is closed' },
            });
        });
      }
      closed.push(`${study.id}/${wave.id}`);
    }
  }
  return closed;
}
