/**
 * CSV export of a wave's responses: one row per response, one column per
 * question code (grid items as CODE_ITEM) with a labelled twin (`CODE_label`),
 * missing codes kept distinct (dont_know, refused, not_asked, break_off).
 * Rows are read in keyset-paginated batches and yielded as text chunks, so a
 * million responses export in constant memory. Contact details are never read. When the wave
 * has a current weighting run, a `weight` column after the metadata carries each response's
 * weight (empty for break-offs and responses the run left out).
 */
import { and, asc, count, eq, getTableColumns, gt, sql } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { recordBreakOff } from '../instrument/answers.ts';
import { Answers } from '../instrument/codes.ts';
import { exportColumns, exportValue } from '../instrument/export-columns.ts';
import type { ExportRecord } from './export-dataset.ts';
import { currentWeighting } from './export-weights.ts';
import { Paradata } from './schemas.ts';
import { loadInstrument } from './waves.ts';

/**
 * Characters a spreadsheet may read as the start of a formula: = + - @, their full-width and
 * small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ and the minus sign −), tab and carriage return, reached after any
 * run of invisible format characters (Unicode category Cf: U+200B, U+2060, U+00AD, U+202E, …),
 * U+180E or whitespace, which spreadsheets skip or render as nothing.
 * Reference: OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection).
 */
const FORMULA_START = /^[\p{Cf}\p{Z}\u180E\s]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\u2212]/u;

/** Whether a free-text value would start a formula in a spreadsheet (see FORMULA_START). */
export function startsLikeFormula(s: string): boolean {
  return FORMULA_START.test(s);
}

/**
 * Quotes a CSV field when needed (RFC 4180); free-text answers that start like a formula are
 * defused with a leading ' (OWASP's advice), so a spreadsheet shows them as text.
 */
export function csvField(value: string | number | boolean | null, isFreeText = false): string {
  if (value === null) return '';
  let s = String(value);
  if (isFreeText && startsLikeFormula(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface ExportOptions {
  /** Also export sessions recorded as break-offs (status column tells them apart). */
  readonly includeBreakOffs?: boolean;
  /** Language of the labelled columns (default: the instrument's first). */
  readonly lang?: string;
  readonly batchSize?: number;
  /** Called after each batch with the rows written so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

const META = [
  'response_id',
  'session_id',
  'status',
  'language',
  'instrument_version',
  'fingerprint',
  'started_at',
  'submitted_at',
  'duration_seconds',
  'device_class',
] as const;

export async function countExportRows(db: Database, waveId: string, includeBreakOffs: boolean): Promise<number> {
  const [r] = await db.select({ n: count() }).from(schema.responses).where(eq(schema.responses.waveId, waveId));
  let total = Number(r?.n ?? 0);
  if (includeBreakOffs) {
    const [b] = await db
      .select({ n: count() })
      .from(schema.sessions)
      .where(and(eq(schema.sessions.waveId, waveId), eq(schema.sessions.status, 'break_off')));
    total += Number(b?.n ?? 0);
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
  options: { includeBreakOffs: boolean; batchSize: number; weightRun?: string | null },
): AsyncGenerator<ExportRecord[]> {
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
  let after = 0;
  for (;;) {
    const rows = await db
      .select({ ...getTableColumns(schema.responses), weight })
      .from(schema.responses)
      .where(and(eq(schema.responses.waveId, waveId), gt(schema.responses.id, after)))
      .orderBy(asc(schema.responses.id))
      .limit(options.batchSize);
    if (rows.length === 0) break;
    yield rows.map((r) => {
      const paradata = Paradata.loose().parse(r.paradata);
      return {
        responseId: r.id,
        sessionId: r.sessionId,
        status: 'submitted' as const,
        language: r.language,
        instrumentVersion: r.instrumentVersion,
        fingerprint: r.fingerprint,
        startedAt: r.startedAt,
        submittedAt: r.submittedAt,
        deviceClass: typeof paradata.deviceClass === 'string' ? paradata.deviceClass : null,
        answers: Answers.parse(r.answers),
        weight: r.weight,
      };
    });
    after = rows.at(-1)?.id ?? after;
  }
  if (!options.includeBreakOffs) return;
  let afterId = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .select()
      .from(schema.sessions)
      .where(
        and(
          eq(schema.sessions.waveId, waveId),
          eq(schema.sessions.status, 'break_off'),
          gt(schema.sessions.id, afterId),
        ),
      )
      .orderBy(asc(schema.sessions.id))
      .limit(options.batchSize);
    if (rows.length === 0) break;
    yield rows.map((s) => ({
      responseId: null,
      sessionId: s.id,
      status: 'break_off' as const,
      language: s.language,
      instrumentVersion: wi.version,
      fingerprint: wi.fingerprint,
      startedAt: s.startedAt,
      submittedAt: null,
      deviceClass: s.deviceClass,
      answers: recordBreakOff(wi.instrument, Answers.parse(s.answers)),
      weight: null,
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
  const weighting = await currentWeighting(db, waveId);
  const columns = exportColumns(wi.instrument);
  const total = options.onProgress ? await countExportRows(db, waveId, options.includeBreakOffs ?? false) : 0;
  let done = 0;

  yield (
    [...META, ...(weighting ? ['weight'] : []), ...columns.flatMap((c) => [c.name, c.labelledName])].join(',') + '\r\n'
  );
  const row = (r: ExportRecord) => {
    const seconds = r.submittedAt ? Math.round((r.submittedAt.getTime() - r.startedAt.getTime()) / 1000) : null;
    const meta = [
      r.responseId === null ? null : String(r.responseId),
      r.sessionId,
      r.status,
      r.language,
      r.instrumentVersion,
      r.fingerprint,
      r.startedAt.toISOString(),
      r.submittedAt?.toISOString() ?? null,
      seconds,
      r.deviceClass,
    ];
    return (
      [
        ...meta.map((m) => csvField(m)),
        ...(weighting ? [csvField(r.weight ?? null)] : []),
        ...columns.flatMap((c) => [
          csvField(exportValue(c, r.answers), c.type === 'text'),
          csvField(exportValue(c, r.answers, { labelled: true, lang }), c.type === 'text'),
        ]),
      ].join(',') + '\r\n'
    );
  };
  for await (const batch of exportRecords(db, waveId, wi, {
    includeBreakOffs: options.includeBreakOffs ?? false,
    batchSize: options.batchSize ?? 1000,
    weightRun: weighting?.runId ?? null,
  })) {
    done += batch.length;
    options.onProgress?.(done, total);
    yield batch.map(row).join('');
  }
}
