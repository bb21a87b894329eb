/**
 * Bringing study definitions (code in survey-definitions/) into the database,
 * and the wave lifecycle draft → open → closed. An instrument version that a
 * wave has opened with is frozen: changing it is refused (409) and audited.
 */
import { and, eq, sql } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { AppError, ConflictError } from '../errors.ts';
import { instrumentFingerprint } from '../instrument/fingerprint.ts';
import type { Instrument } from '../instrument/instrument.ts';
import type { Study } from '../instrument/study.ts';
import { textIn } from '../instrument/text.ts';
import { audit } from '../../db/index.ts';
import type { Tx } from './idempotency.ts';
import { forgetInstrument } from './waves.ts';

export interface SyncSummary {
  readonly studies: number;
  readonly instrumentsAdded: number;
  readonly instrumentsUpdated: number;
  readonly wavesAdded: number;
}

interface Actor {
  readonly actor: string;
  readonly requestId?: string;
}

/**
 * Stores (or updates) one instrument version. A changed definition of a frozen
 * version is refused with 409 and the refusal is audited (in its own write, so
 * it survives the refusal).
 */
export async function putInstrument(
  db: Database,
  studyId: string,
  instrument: Instrument,
  who: Actor,
): Promise<'added' | 'updated' | 'unchanged'> {
  const fingerprint = instrumentFingerprint(instrument);
  const [existing] = await db
    .select()
    .from(schema.instruments)
    .where(
      and(
        eq(schema.instruments.studyId, studyId),
        eq(schema.instruments.code, instrument.id),
        eq(schema.instruments.version, instrument.version),
      ),
    );
  if (!existing) {
    const [row] = await db
      .insert(schema.instruments)
      .values({ studyId, code: instrument.id, version: instrument.version, fingerprint, definition: instrument })
      .returning();
    await audit(db, {
      ...who,
      action: 'instrument.add',
      targetType: 'instrument',
      targetId: row?.id ?? '',
      details: { code: instrument.id, version: instrument.version, fingerprint },
    });
    return 'added';
  }
  if (existing.fingerprint === fingerprint) return 'unchanged';
  if (existing.frozenAt !== null) {
    await audit(db, {
      ...who,
      action: 'instrument.change_refused',
      targetType: 'instrument',
      targetId: existing.id,
      details: {
        code: instrument.id,
        version: instrument.version,
        frozenFingerprint: existing.fingerprint,
        attemptedFingerprint: fingerprint,
      },
    });
    throw new AppError(
      'conflict',
      `instrument ${instrument.id}@${instrument.version} is frozen (a wave opened with it on ${existing.frozenAt.toISOString()}); define a new version instead`,
      {
        instrument: `${instrument.id}@${instrument.version}`,
        frozenFingerprint: existing.fingerprint,
        attemptedFingerprint: fingerprint,
      },
    );
  }
  await db
    .update(schema.instruments)
    .set({ fingerprint, definition: instrument })
    .where(eq(schema.instruments.id, existing.id));
  forgetInstrument(existing.id);
  await audit(db, {
    ...who,
    action: 'instrument.update',
    targetType: 'instrument',
    targetId: existing.id,
    details: { from: existing.fingerprint, to: fingerprint },
  });
  return 'updated';
}

/** Loads studies into the database: new studies, instrument versions and waves are added (waves as drafts). */
export async function syncStudies(db: Database, studies: readonly Study[], who: Actor): Promise<SyncSummary> {
  let instrumentsAdded = 0;
  let instrumentsUpdated = 0;
  let wavesAdded = 0;
  for (const study of studies) {
    const title = textIn(study.title, Object.keys(study.title)[0] ?? 'en');
    const [row] = await db
      .insert(schema.studies)
      .values({ slug: study.id, title })
      .onConflictDoUpdate({ target: schema.studies.slug, set: { title } })
      .returning();
    if (!row) throw new Error(`could not store study ${study.id}`);
    const instrumentIds = new Map<string, string>();
    for (const instrument of study.instruments) {
      const outcome = await putInstrument(db, row.id, instrument, who);
      if (outcome === 'added') instrumentsAdded++;
      if (outcome === 'updated') instrumentsUpdated++;
      const [stored] = await db
        .select({ id: schema.instruments.id })
        .from(schema.instruments)
        .where(
          and(
            eq(schema.instruments.studyId, row.id),
            eq(schema.instruments.code, instrument.id),
            eq(schema.instruments.version, instrument.version),
          ),
        );
      if (stored) instrumentIds.set(`${instrument.id}@${instrument.version}`, stored.id);
    }
    for (const wave of study.waves) {
      const instrumentId = instrumentIds.get(`${wave.instrument.id}@${wave.instrument.version}`);
      if (!instrumentId)
        throw new Error(`wave ${wave.id} pins ${wave.instrument.id}@${wave.instrument.version}, which was not stored`);
      const inserted = await db
        .insert(schema.waves)
        .values({
          studyId: row.id,
          instrumentId,
          code: wave.id,
          year: wave.year,
          fieldStart: wave.fieldPeriod.start,
          fieldEnd: wave.fieldPeriod.end,
          definition: wave,
        })
        .onConflictDoNothing()
        .returning({ id: schema.waves.id });
      if (inserted[0]) {
        wavesAdded++;
        await audit(db, {
          ...who,
          action: 'wave.add',
          targetType: 'wave',
          targetId: inserted[0].id,
          details: { study: study.id, wave: wave.id },
        });
      } else {
        await db
          .update(schema.waves)
          .set({ definition: wave, instrumentId, fieldStart: wave.fieldPeriod.start, fieldEnd: wave.fieldPeriod.end })
          .where(
            and(eq(schema.waves.studyId, row.id), eq(schema.waves.code, wave.id), eq(schema.waves.status, 'draft')),
          );
      }
    }
  }
  return { studies: studies.length, instrumentsAdded, instrumentsUpdated, wavesAdded };
}

/** The row id of the study `slug`; a 404 when there is none. */
export async function studyIdBySlug(db: Database, slug: string): Promise<string> {
  const [study] = await db.select({ id: schema.studies.id }).from(schema.studies).where(eq(schema.studies.slug, slug));
  if (!study) throw new AppError('not_found', `study ${slug} not found`);
  return study.id;
}

export async function findWave(db: Database | Tx, studySlug: string, waveCode: string) {
  const [row] = await db
    .select({ id: schema.waves.id, status: schema.waves.status, instrumentId: schema.waves.instrumentId })
    .from(schema.waves)
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .where(and(eq(schema.studies.slug, studySlug), eq(schema.waves.code, waveCode)));
  return row;
}

/** The study slug and code of the wave with row id `waveId`; a 404 when there is none. */
export async function waveCodes(db: Database, waveId: string): Promise<{ study: string; code: string }> {
  const [wave] = await db
    .select({ code: schema.waves.code, study: schema.studies.slug })
    .from(schema.waves)
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .where(eq(schema.waves.id, waveId));
  if (!wave) throw new AppError('not_found', `wave ${waveId} not found`);
  return wave;
}

/** draft → open; freezes the instrument version the wave fields. */
export async function openWave(db: Database, waveId: string, who: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [wave] = await tx.select().from(schema.waves).where(eq(schema.waves.id, waveId)).for('update');
    if (!wave) throw new AppError('not_found', `wave ${waveId} not found`);
    if (wave.status !== 'draft')
      throw new ConflictError('wave_not_open', `wave is ${wave.status}; only a draft wave can be opened`);
    await tx
      .update(schema.waves)
      .set({ status: 'open', openedAt: sql`now()` })
      .where(eq(schema.waves.id, waveId));
    await tx
      .update(schema.instruments)
      .set({ frozenAt: sql`coalesce(${schema.instruments.frozenAt}, now())` })
      .where(eq(schema.instruments.id, wave.instrumentId));
    await audit(tx, {
      ...who,
      action: 'wave.open',
      targetType: 'wave',
      targetId: waveId,
      details: { instrumentId: wave.instrumentId },
    });
  });
}

/** open → closed; sessions still in progress are recorded as break-offs. */
export async function closeWave(db: Database, waveId: string, who: Actor): Promise<{ breakOffs: number }> {
  return db.transaction(async (tx) => {
    const [wave] = await tx.select().from(schema.waves).where(eq(schema.waves.id, waveId)).for('update');
    if (!wave) throw new AppError('not_found', `wave ${waveId} not found`);
    if (wave.status !== 'open')
      throw new ConflictError('wave_not_open', `wave is ${wave.status}; only an open wave can be closed`);
    await tx
      .update(schema.waves)
      .set({ status: 'closed', closedAt: sql`now()` })
      .where(eq(schema.waves.id, waveId));
    const broken = await tx
      .update(schema.sessions)
      .set({ status: 'break_off', endedAt: sql`now()` })
      .where(and(eq(schema.sessions.waveId, waveId), eq(schema.sessions.status, 'in_progress')))
      .returning({ id: schema.sessions.id });
    await audit(tx, {
      ...who,
      action: 'wave.close',
      targetType: 'wave',
      targetId: waveId,
      details: { breakOffs: broken.length },
    });
    return { breakOffs: broken.length };
  });
}

/**
 * The row id of the wave `code`: of study `study` when given, else of the one study that has a
 * wave so named. A clear error when there is none, or several and no study was named.
 */
export async function waveIdByCode(db: Database, code: string, study?: string): Promise<string> {
  const rows = await db
    .select({ id: schema.waves.id, study: schema.studies.slug })
    .from(schema.waves)
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .where(
      study === undefined
        ? eq(schema.waves.code, code)
        : and(eq(schema.waves.code, code), eq(schema.studies.slug, study)),
    );
  const [first, ...more] = rows;
  if (!first)
    throw new AppError(
      'not_found',
      `no wave "${code}"${study === undefined ? '' : ` in study "${study}"`} (has the server loaded the definitions?)`,
    );
  if (more.length > 0)
    throw new AppError(
      'validation_failed',
      `studies ${rows.map((r) => r.study).join(', ')} each have a wave "${code}": name one with --study`,
    );
  return first.id;
}
