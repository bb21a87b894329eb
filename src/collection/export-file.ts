/**
 * SPSS (.sav) and Stata (.dta) exports of a wave, streamed as byte chunks: a first pass asks the
 * database for the row count and the widest text of every text field (both formats declare them
 * before the data), then the rows are encoded batch by batch in constant memory.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, schema, type Database } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { dtaEncoder } from '../formats/dta.ts';
import { FormatError, type FileEncoder } from '../formats/dataset.ts';
import { savEncoder } from '../formats/sav.ts';
import { exportColumns } from '../instrument/index.ts';
import { exportDataset, type TextWidths } from './export-dataset.ts';
import {
  aggregateRow,
  breakOffsIn,
  exportContext,
  exportRecords,
  qualityChecked,
  exportSnapshot,
  responsesIn,
  type ExportOptions,
  type ExportSnapshot,
} from './export.ts';
import { currentWeighting, UNWEIGHTED_DOCUMENT, weightDocument, weightLabel } from './export-weights.ts';

export const FILE_FORMATS = ['sav', 'dta'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const FILE_MEDIA_TYPES: Record<FileFormat, string> = {
  sav: 'application/x-spss-sav',
  dta: 'application/x-stata-dta',
};

/** Row count and text widths of a wave's export, from the database. */
async function measure(
  db: Database,
  waveId: string,
  textCodes: readonly string[],
  includeBreakOffs: boolean,
  snapshot: ExportSnapshot,
): Promise<{ rows: number; widths: TextWidths }> {
  const r = schema.responses;
  const width = (e: SQL) => sql<number | null>`max(octet_length(${e}))`;
  const answerWidths = (answers: typeof r.answers | typeof schema.sessions.answers) =>
    textCodes.map((code) => sql`coalesce(${width(sql`${answers} ->> ${code}`)}, 0)`);
  const pick = (cols: SQL[]) => sql.join(cols, sql`, `);
  const [first] = await db
    .execute(
      sql`select count(*)::int as n,
      coalesce(${width(sql`${r.language}`)}, 0) as language,
      coalesce(${width(sql`${r.instrumentVersion}`)}, 0) as version,
      coalesce(${width(sql`${r.fingerprint}`)}, 0) as fingerprint,
      coalesce(${width(sql`${r.paradata} ->> 'deviceClass'`)}, 0) as device
      ${textCodes.length ? sql`, array[${pick(answerWidths(r.answers))}] as answers` : sql``}
      from ${r} where ${responsesIn(waveId, snapshot)}`,
    )
    .then((x) => rowsOf<Record<string, unknown>>(x));
  // Every width is coalesced to 0 in SQL (no rows, or no text: no width).
  const res = aggregateRow(first, 'export widths');
  let rows = Number(res.n);
  const meta = {
    language: Number(res.language),
    instrument_version: Number(res.version),
    fingerprint: Number(res.fingerprint),
    device_class: Number(res.device),
  };
  const answers: Record<string, number> = {};
  const fold = (values: unknown) => {
    if (!Array.isArray(values)) return;
    textCodes.forEach((code, k) => {
      answers[code] = Math.max(answers[code] ?? 0, Number(values[k])); // the widest of the rows folded so far
    });
  };
  fold(res.answers);
  if (includeBreakOffs) {
    const s = schema.sessions;
    const [breakOffs] = await db
      .execute(
        sql`select count(*)::int as n,
        coalesce(${width(sql`${s.language}`)}, 0) as language,
        coalesce(${width(sql`${s.deviceClass}`)}, 0) as device
        ${textCodes.length ? sql`, array[${pick(answerWidths(s.answers))}] as answers` : sql``}
        from ${s} where ${breakOffsIn(waveId, snapshot)}`,
      )
      .then((x) => rowsOf<Record<string, unknown>>(x));
    const b = aggregateRow(breakOffs, 'break-off widths');
    rows += Number(b.n);
    meta.language = Math.max(meta.language, Number(b.language));
    meta.device_class = Math.max(meta.device_class, Number(b.device));
    fold(b.answers);
  }
  return { rows, widths: { meta, answers } };
}

/** Streams a wave's responses as an SPSS or Stata file. */
export async function* exportResponsesFile(
  db: Database,
  waveId: string,
  format: FileFormat,
  options: ExportOptions = {},
): AsyncGenerator<Uint8Array> {
  const { wave, wi, lang } = await exportContext(db, waveId, options.lang);
  const [study] = await db
    .select({ title: schema.studies.title, slug: schema.studies.slug })
    .from(schema.studies)
    .where(eq(schema.studies.id, wave.studyId));
  const includeBreakOffs = options.includeBreakOffs ?? false;
  const textCodes = exportColumns(wi.instrument)
    .filter((c) => c.type === 'text')
    .map((c) => c.question);
  const snapshot = await exportSnapshot(db, waveId);
  const { rows, widths } = await measure(db, waveId, textCodes, includeBreakOffs, snapshot);
  const weighting = await currentWeighting(db, waveId);
  const quality = await qualityChecked(db, waveId);
  const created = new Date();
  const { dataset, cells } = exportDataset(wi.instrument, {
    lang,
    label: `${study?.title ?? ''} (${study?.slug ?? ''}), wave ${wave.code}`,
    documents: [
      `Barometer export of study ${study?.slug ?? ''}, wave ${wave.code} (${wave.year}), instrument ${wi.version} (${wi.fingerprint}); labels in ${lang}.`,
      `${rows} rows: ${includeBreakOffs ? 'submitted responses and break-offs' : 'submitted responses'}. Exported ${created.toISOString()}.`,
      'Missing codes: dont_know, refused, not_asked, break_off (SPSS: user-missing values; Stata: .a, .b, .c, .d).',
      weighting ? weightDocument(weighting) : UNWEIGHTED_DOCUMENT,
    ],
    widths,
    created,
    weight: weighting ? weightLabel(weighting) : null,
    quality,
  });
  let encoder: FileEncoder;
  try {
    encoder = format === 'sav' ? savEncoder(dataset) : dtaEncoder(dataset);
  } catch (err) {
    // Data the format cannot hold (text longer than Stata's str2045): the request's to change.
    if (err instanceof FormatError) throw new AppError('unprocessable', err.message);
    throw err;
  }
  yield encoder.header(rows);
  let done = 0;
  for await (const batch of exportRecords(db, waveId, wi, {
    includeBreakOffs,
    batchSize: options.batchSize ?? 1000,
    weightRun: weighting?.runId ?? null,
    snapshot,
    quality,
  })) {
    done += batch.length;
    // The snapshot keeps the rows fixed; a difference (rows removed, or a response with a lower id
    // committed after the snapshot) comes after the header: the API aborts the transfer on it.
    if (done > rows)
      throw new AppError('conflict', `wave ${wave.code} gained rows while it was exported; export it again`);
    yield encoder.rows(batch.map(cells));
    options.onProgress?.(done, rows);
  }
  if (done !== rows)
    throw new AppError('conflict', `wave ${wave.code} lost rows while it was exported; export it again`);
  yield encoder.end();
}
