/**
 * Database access of the indicator pipeline: finding a study's waves, reading a wave's responses,
 * writing many rows at once (one `unnest` statement per chunk, far fewer round trips than one row
 * each).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, schema, type Database, type Tx } from '../../db/index.ts';
import type { Answers, ResponseMode } from '../instrument/index.ts';
import { IndicatorNotFoundError, WeightingInputError } from './errors.ts';

export type { Tx } from '../../db/index.ts';
export type Db = Database | Tx;

/** A wave's row as weighting and materialising use it. */
export type StoredWave = Readonly<Pick<typeof schema.waves.$inferSelect, 'id' | 'studyId' | 'code' | 'year'>>;
const storedWaveColumns = {
  id: schema.waves.id,
  studyId: schema.waves.studyId,
  code: schema.waves.code,
  year: schema.waves.year,
};

/** The stored waves of a study (by slug), by code. */
export async function studyWaves(
  db: Db,
  studySlug: string,
): Promise<{ studyId: string; waves: Map<string, StoredWave> }> {
  const [study] = await db
    .select({ id: schema.studies.id })
    .from(schema.studies)
    .where(eq(schema.studies.slug, studySlug));
  if (!study)
    throw new IndicatorNotFoundError(
      'study',
      `no study "${studySlug}" in the database (has the server loaded the definitions?)`,
    );
  const rows = await db.select(storedWaveColumns).from(schema.waves).where(eq(schema.waves.studyId, study.id));
  return { studyId: study.id, waves: new Map(rows.map((r) => [r.code, r])) };
}

export async function storedWave(db: Db, studySlug: string, waveCode: string): Promise<StoredWave> {
  const [row] = await db
    .select(storedWaveColumns)
    .from(schema.waves)
    .innerJoin(schema.studies, eq(schema.studies.id, schema.waves.studyId))
    .where(and(eq(schema.studies.slug, studySlug), eq(schema.waves.code, waveCode)));
  if (!row)
    throw new WeightingInputError(
      'wave_not_stored',
      `wave ${waveCode} of study ${studySlug} is not in the database (has the server loaded the definitions?)`,
      { wave: waveCode },
    );
  return row;
}

export interface ResponseRow {
  readonly id: number;
  readonly answers: Readonly<Answers>;
  /** How it was collected: the `mode` subgroup an indicator may be broken down by. */
  readonly mode: ResponseMode;
}

/** The submitted responses of a wave, in id order (only the columns weighting and estimation read). */
export async function waveResponses(db: Db, waveId: string): Promise<ResponseRow[]> {
  return readResponses(db, waveId, false);
}

/**
 * The responses a new weighting run weights: the wave's submitted responses without those a
 * researcher excluded after the quality check (`response_quality.excluded_at`). Runs stored
 * earlier keep the responses they weighted (`waveResponses` reads them all back).
 */
export async function weightableResponses(db: Db, waveId: string): Promise<ResponseRow[]> {
  return readResponses(db, waveId, true);
}

async function readResponses(db: Db, waveId: string, withoutExcluded: boolean): Promise<ResponseRow[]> {
  const q = schema.responseQuality;
  const rows = await db
    .select({ id: schema.responses.id, answers: schema.responses.answers, mode: schema.responses.mode })
    .from(schema.responses)
    .where(
      and(
        eq(schema.responses.waveId, waveId),
        withoutExcluded
          ? sql`not exists (select 1 from ${q} where ${q.responseId} = ${schema.responses.id} and ${q.excludedAt} is not null)`
          : undefined,
      ),
    )
    .orderBy(schema.responses.id);
  return rows.map((r) => ({ id: r.id, answers: isAnswers(r.answers) ? r.answers : {}, mode: r.mode }));
}

/** Reads a wave's submitted responses (by the wave's row id). */
export type ResponseReader = (waveId: string) => Promise<ResponseRow[]>;

/**
 * A reader that reads each wave once and keeps what it read, for one job that reads the same
 * waves several times (the demo build: a wave's weighting run, then every campaign report around
 * it). What it returns is the snapshot of its first read: the responses a weighting run read are
 * those its weights cover. Responses never change once submitted; ones submitted later to an open
 * wave are not seen, so the reader lives as long as the job, no longer.
 */
export function snapshotReader(db: Db): ResponseReader {
  const read = new Map<string, Promise<ResponseRow[]>>();
  return (waveId) => {
    const hit = read.get(waveId);
    if (hit) return hit;
    const rows = waveResponses(db, waveId);
    read.set(waveId, rows);
    return rows;
  };
}

function isAnswers(value: unknown): value is Answers {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A PostgreSQL array literal of numbers (shortest round-trip text: float8 reads it back bit for bit). */
export function numberArray(values: ArrayLike<number>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) throw new Error(`cannot store ${v}`);
    parts[i] = String(v);
  }
  return `{${parts.join(',')}}`;
}

/** A PostgreSQL array literal of strings, each quoted and escaped. */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Runs `statement(from, to)` over [0, n) in chunks of `size` rows. */
export async function inChunks(
  n: number,
  size: number,
  statement: (from: number, to: number) => SQL,
  db: Db,
  onChunk?: (done: number, total: number) => void,
): Promise<void> {
  for (let from = 0; from < n; from += size) {
    await db.execute(statement(from, Math.min(n, from + size)));
    onChunk?.(Math.min(n, from + size), n);
  }
}

export { rowsOf, sql };
