/**
 * CSV export of a wave's responses: one row per response, one column per
 * question code (grid items as CODE_ITEM) with a labelled twin (`CODE_label`),
 * missing codes kept distinct (dont_know, refused, not_asked, break_off), and the mode of
 * collection (web, phone, face_to_face) of each response; the interviewer id is never exported.
 * Rows are read in keyset-paginated batches and yielded as text chunks, so a
 * million responses export in constant memory. Contact details are never read. When the wave
 * has a current weighting run, a `weight` column after the metadata carries each response's
 * weight (empty for break-offs and responses the run left out); when its responses have been
 * through the quality check, `quality_flags` and `quality_excluded` follow.
 */
import { and, asc, count, eq, getTableColumns, gt, lte, sql, type SQL } from 'drizzle-orm';
import { rowsOf, schema, type Database } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { recordBreakOff } from '../instrument/answers.ts';
import { exportColumns, exportValue } from '../instrument/export-columns.ts';
import { EXPORT_METADATA } from '../instrument/export-metadata.ts';
import { interviewLanguages, type ExportRecord } from './export-dataset.ts';
import { currentWeighting } from './export-weights.ts';
import { loadInstrument } from './waves.ts';
import { csvField, csvLine } from '../formats/csv.ts';

export interface ExportOptions {
  /** Also export sessions recorded as break-offs (status column tells them apart). */
  readonly includeBreakOffs?: boolean;
  /** Language of the labelled columns (default: the instrument's first). */
  readonly lang?: string;
  readonly batchSize?: number;
  /** Called after each batch with the rows written so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The metadata columns (src/instrument/export-metadata.ts), before the answers'. */
const META = EXPORT_METADATA.map((c) => c.name);

/** The quality columns a wave whose responses were checked exports: the checks that flagged the response (`;`-separated), and 1 when a researcher excluded it. */
const QUALITY_COLUMNS = ['quality_flags', 'quality_excluded'];

/** Whether the wave's responses have been through the quality check (its exports then carry the quality columns). */
export async function qualityChecked(db: Database, waveId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: schema.responseQuality.responseId })
    .from(schema.responseQuality)
    .where(eq(schema.responseQuality.waveId, waveId))
    .limit(1);
  return row !== undefined;
}

/**
 * What an export reads, fixed when it starts, so that its row count, its header and its rows
 * agree while the wave keeps receiving responses: the submitted responses up to the highest id
 * then stored, and the break-offs recorded (`ended_at`) by the database's clock at that moment.
 * Rows stored later belong to the next export.
 */
export interface ExportSnapshot {
  readonly maxResponseId: number;
  /** The database's `clock_timestamp()` as text (compared as timestamptz: no precision lost). */
  readonly endedBy: string;
}

/** The snapshot of a wave's export, read in one statement. */
export async function exportSnapshot(db: Database, waveId: string): Promise<ExportSnapshot> {
  const r = schema.responses;
  const [row] = await db
    .execute(
      sql`select coalesce((select max(${r.id}) from ${r} where ${eq(r.waveId, waveId)}), 0)::int as max_id,
      clock_timestamp()::text as at`,
    )
    .then((x) => rowsOf<{ max_id: number; at: string }>(x));
  const snapshot = aggregateRow(row, 'export snapshot');
  return { maxResponseId: Number(snapshot.max_id), endedBy: snapshot.at };
}

/** The one row an aggregate query (count, max) always answers; a missing one is a bug, not a zero. */
export function aggregateRow<T>(row: T | undefined, query: string): T {
  if (row === undefined) throw new Error(`the ${query} query returned no row`);
  return row;
}

/** The submitted responses of a wave within a snapshot. */
export function responsesIn(waveId: string, snapshot: ExportSnapshot): SQL | undefined {
  return and(eq(schema.responses.waveId, waveId), lte(schema.responses.id, snapshot.maxResponseId));
}

/** The break-offs of a wave within a snapshot. */
export function breakOffsIn(waveId: string, snapshot: ExportSnapshot): SQL | undefined {
  const s = schema.sessions;
  return and(eq(s.waveId, waveId), eq(s.status, 'break_off'), sql`${s.endedAt} <= ${snapshot.endedBy}::timestamptz`);
}

export async function countExportRows(
  db: Database,
  waveId: string,
  includeBreakOffs: boolean,
  snapshot: ExportSnapshot,
): Promise<number> {
  const [r] = await db.select({ n: count() }).from(schema.responses).where(responsesIn(waveId, snapshot));
  let total = aggregateRow(r, 'response count').n;
  if (includeBreakOffs) {
    const [b] = await db.select({ n: count() }).from(schema.sessions).where(breakOffsIn(waveId, snapshot));
    total += aggregateRow(b, 'break-off count').n;
  }
  return total;
}

/** The wave, its instrument and the language of labels an export uses; 404 for an unknown wave. */
export async function exportContext(db: Database, waveId: string, lang: string | undefined) {
  const [wave] = await db.select().from(schema.waves).where(eq(schema.waves.id, waveId));
  if (!wave) throw new AppError('not_found', `wave ${waveId} not found`);
  const wi = await loadInstrument(db, wave.instrumentId);
  const language = lang ?? wi.instrument.languages[0]?.code ?? 'en';
  if (!wi.instrument.languages.some((l) => l.code === language)) {
    throw new AppError(
      'validation_failed',
      `lang: the instrument has no language "${language}" (has ${wi.instrument.languages.map((l) => l.code).join(', ')})`,
    );
  }
  return { wave, wi, lang: language };
}

/**
 * The rows of an export in batches, submitted responses by id then (with `includeBreakOffs`)
 * break-offs by session id, keyset-paginated so memory stays constant. Never reads contacts.
 * With `weightRun`, each response carries its weight in that weighting run (null if left out).
 */
export async function* exportRecords(
  db: Database,
  waveId: string,
  wi: Awaited<ReturnType<typeof loadInstrument>>,
  options: {
    includeBreakOffs: boolean;
    batchSize: number;
    weightRun?: string | null;
    snapshot: ExportSnapshot;
    quality?: boolean;
  },
): AsyncGenerator<ExportRecord[]> {
  const { snapshot } = options;
  const rw = schema.responseWeights;
  const runId = options.weightRun ?? null;
  const weight =
    runId === null
      ? sql<number | null>`null::double precision`
      : sql<
          number | null
        >`(select ${rw.weight} from ${rw} where ${rw.runId} = ${runId} and ${rw.responseId} = ${schema.responses.id})`.mapWith(
          Number,
        );
  const q = schema.responseQuality;
  const id = schema.responses.id;
  const qualityFlags = options.quality
    ? sql<
        string | null
      >`(select coalesce(string_agg(f->>'check', ';' order by f->>'check'), '') from ${q}, jsonb_array_elements(${q.flags}) f where ${q.responseId} = ${id})`
    : sql<string | null>`null::text`;
  const excluded = options.quality
    ? sql<boolean | null>`(select ${q.excludedAt} is not null from ${q} where ${q.responseId} = ${id})`
    : sql<boolean | null>`null::boolean`;
  let after = 0;
  for (;;) {
    const rows = await db
      .select({ ...getTableColumns(schema.responses), weight, qualityFlags, excluded })
      .from(schema.responses)
      .where(and(responsesIn(waveId, snapshot), gt(schema.responses.id, after)))
      .orderBy(asc(schema.responses.id))
      .limit(options.batchSize);
    if (rows.length === 0) break;
    yield rows.map((r) => ({
      responseId: r.id,
      sessionId: r.sessionId,
      status: 'submitted' as const,
      language: r.language,
      languages: interviewLanguages(r.language, r.paradata),
      instrumentVersion: r.instrumentVersion,
      fingerprint: r.fingerprint,
      startedAt: r.startedAt,
      submittedAt: r.submittedAt,
      deviceClass: r.paradata.deviceClass,
      mode: r.mode,
      answers: r.answers,
      weight: r.weight,
      quality: options.quality ? { flags: r.qualityFlags, excluded: r.excluded } : null,
    }));
    after = rows.at(-1)?.id ?? after;
  }
  if (!options.includeBreakOffs) return;
  let afterId = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .select()
      .from(schema.sessions)
      .where(and(breakOffsIn(waveId, snapshot), gt(schema.sessions.id, afterId)))
      .orderBy(asc(schema.sessions.id))
      .limit(options.batchSize);
    if (rows.length === 0) break;
    yield rows.map((s) => ({
      responseId: null,
      sessionId: s.id,
      status: 'break_off' as const,
      language: s.language,
      languages: interviewLanguages(s.language, s.paradata),
      instrumentVersion: wi.version,
      fingerprint: wi.fingerprint,
      startedAt: s.startedAt,
      submittedAt: null,
      deviceClass: s.deviceClass,
      mode: s.mode,
      answers: recordBreakOff(wi.instrument, s.answers),
      weight: null,
      quality: null,
    }));
    afterId = rows.at(-1)?.id ?? afterId;
  }
}

export async function* exportResponsesCsv(
  db: Database,
  waveId: string,
  options: ExportOptions = {},
): AsyncGenerator<string> {
  const { wi, lang } = await exportContext(db, waveId, options.lang);
  const snapshot = await exportSnapshot(db, waveId);
  const weighting = await currentWeighting(db, waveId);
  const quality = await qualityChecked(db, waveId);
  const columns = exportColumns(wi.instrument);
  const total = options.onProgress ? await countExportRows(db, waveId, options.includeBreakOffs ?? false, snapshot) : 0;
  let done = 0;

  yield csvLine(
    [
      ...META,
      ...(weighting ? ['weight'] : []),
      ...(quality ? QUALITY_COLUMNS : []),
      ...columns.flatMap((c) => [c.name, c.labelledName]),
    ].map((n) => csvField(n)),
  );
  const row = (r: ExportRecord) => {
    const seconds = r.submittedAt ? Math.round((r.submittedAt.getTime() - r.startedAt.getTime()) / 1000) : null;
    const meta = [
      r.responseId === null ? null : String(r.responseId),
      r.sessionId,
      r.status,
      r.language,
      r.languages ?? r.language,
      r.instrumentVersion,
      r.fingerprint,
      r.startedAt.toISOString(),
      r.submittedAt?.toISOString() ?? null,
      seconds,
      r.deviceClass,
      r.mode,
    ];
    return csvLine([
      ...meta.map((m) => csvField(m)),
      ...(weighting ? [csvField(r.weight ?? null)] : []),
      ...(quality
        ? [
            csvField(r.quality?.flags ?? null),
            csvField(
              r.quality?.excluded === undefined || r.quality.excluded === null ? null : Number(r.quality.excluded),
            ),
          ]
        : []),
      ...columns.flatMap((c) => [
        csvField(exportValue(c, r.answers), c.type === 'text'),
        csvField(exportValue(c, r.answers, { labelled: true, lang }), c.type === 'text'),
      ]),
    ]);
  };
  for await (const batch of exportRecords(db, waveId, wi, {
    includeBreakOffs: options.includeBreakOffs ?? false,
    batchSize: options.batchSize ?? 1000,
    weightRun: weighting?.runId ?? null,
    snapshot,
    quality,
  })) {
    done += batch.length;
    options.onProgress?.(done, total);
    yield batch.map(row).join('');
  }
}
