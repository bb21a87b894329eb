/**
 * Stored responses without going through the collection service, for indicator tests and the
 * pipeline bench (the brief allows inserting bench and fixture data as rows): one session and one
 * response per row, in a few multi-row statements.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { syncStudies } from '../../src/collection/definitions.ts';
import type { Answers, ResponseMode, Study } from '../../src/instrument/index.ts';

export interface ResponseInput {
  /** Response id (default: the next of the sequence). */
  readonly id?: number;
  readonly wave: string;
  readonly answers: Answers;
  /** Mode of collection (default web). */
  readonly mode?: ResponseMode;
}

/** Stores the study definitions (instruments, waves as drafts). */
export async function storeStudy(db: Database, study: Study): Promise<void> {
  await syncStudies(db, [study], { actor: 'test' });
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Inserts sessions and submitted responses for `rows` (in chunks of `chunk`). */
export async function insertResponses(
  db: Database,
  study: Study,
  rows: readonly ResponseInput[],
  chunk = 5_000,
): Promise<void> {
  const [row] = await db
    .select({ id: schema.studies.id })
    .from(schema.studies)
    .where(eq(schema.studies.slug, study.id));
  if (!row) throw new Error(`study ${study.id} is not stored`);
  const waves = new Map<string, { id: string; instrumentId: string; version: string; fingerprint: string }>();
  for (const w of study.waves) {
    const [stored] = await db
      .select({
        id: schema.waves.id,
        instrumentId: schema.waves.instrumentId,
        version: schema.instruments.version,
        fingerprint: schema.instruments.fingerprint,
      })
      .from(schema.waves)
      .innerJoin(schema.instruments, eq(schema.instruments.id, schema.waves.instrumentId))
      .where(and(eq(schema.waves.studyId, row.id), eq(schema.waves.code, w.id)));
    if (stored) waves.set(w.id, stored);
  }
  for (let from = 0; from < rows.length; from += chunk) {
    const part = rows.slice(from, from + chunk);
    const sessionIds = part.map(() => randomUUID());
    const wave = part.map((r) => {
      const w = waves.get(r.wave);
      if (!w) throw new Error(`wave ${r.wave} is not stored`);
      return w;
    });
    const arr = (values: readonly string[]) => `{${values.map(quote).join(',')}}`;
    await db.execute(sql`insert into sessions (id, wave_id, secret_hash, status, language, presentation, answers, device_class, consented_at, ended_at)
      select s, w, 'x', 'submitted', 'en', '{}'::jsonb, a::jsonb, 'desktop', now(), now()
      from unnest(${arr(sessionIds)}::uuid[], ${arr(wave.map((w) => w.id))}::uuid[], ${arr(part.map((r) => JSON.stringify(r.answers)))}::text[]) as t(s, w, a)`);
    const ids = part.map((r) => (r.id === undefined ? 'NULL' : String(r.id)));
    await db.execute(sql`insert into responses (id, session_id, wave_id, instrument_id, instrument_version, fingerprint, language, mode, answers, presentation, paradata, started_at)
      select coalesce(i, nextval('responses_id_seq')), s, w, ins, v, f, 'en', m, a::jsonb, '{}'::jsonb, '{}'::jsonb, now()
      from unnest(${`{${ids.join(',')}}`}::bigint[], ${arr(sessionIds)}::uuid[], ${arr(wave.map((w) => w.id))}::uuid[], ${arr(wave.map((w) => w.instrumentId))}::uuid[],
                  ${arr(wave.map((w) => w.version))}::text[], ${arr(wave.map((w) => w.fingerprint))}::text[], ${arr(part.map((r) => r.mode ?? 'web'))}::text[],
                  ${arr(part.map((r) => JSON.stringify(r.answers)))}::text[]) as t(i, s, w, ins, v, f, m, a)`);
  }
  await db.execute(sql`select setval('responses_id_seq', greatest((select coalesce(max(id), 0) from responses), 1))`);
}
