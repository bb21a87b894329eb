/**
 * CSV export of a wave's responses: one row per response, one column per
 * question code (grid items as CODE_ITEM) with a labelled twin (`CODE_label`),
 * missing codes kept distinct (dont_know, refused, not_asked, break_off).
 * Rows are read in keyset-paginated batches and yielded as text chunks, so a
 * million responses export in constant memory. Contact details are never read.
 */
import { and, asc, count, eq, gt } from 'drizzle-orm';
import { schema, type Database } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { recordBreakOff } from '../instrument/answers.ts';
import { Answers } from '../instrument/codes.ts';
import { exportColumns, exportValue } from '../instrument/export-columns.ts';
import { Paradata } from './schemas.ts';
import { loadInstrument } from './waves.ts';

/** Quotes a CSV field when needed (RFC 4180); text answers starting like a formula are defused with a leading '. */
export function csvField(value: string | number | boolean | null, isFreeText = false): string {
  if (value === null) return '';
  let s = String(value);
  if (isFreeText && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
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

const META = ['response_id', 'session_id', 'status', 'language', 'instrument_version', 'fingerprint', 'started_at', 'submitted_at', 'duration_seconds', 'device_class'] as const;

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

export async function* exportResponsesCsv(db: Database, waveId: string, options: ExportOptions = {}): AsyncGenerator<string> {
  const [wave] = await db.select().from(schema.waves).where(eq(schema.waves.id, waveId));
  if (!wave) throw new AppError('not_found', `wave ${waveId} not found`);
  const wi = await loadInstrument(db, wave.instrumentId);
  const { instrument } = wi;
  const lang = options.lang ?? instrument.languages[0]?.code ?? 'en';
  const columns = exportColumns(instrument);
  const batch = options.batchSize ?? 1000;
  const total = options.onProgress ? await countExportRows(db, waveId, options.includeBreakOffs ?? false) : 0;
  let done = 0;

  yield [...META, ...columns.flatMap((c) => [c.name, c.labelledName])].join(',') + '\r\n';
  const row = (meta: (string | number | null)[], answers: Answers) =>
    [
      ...meta.map((m) => csvField(m)),
      ...columns.flatMap((c) => [csvField(exportValue(c, answers), c.type === 'text'), csvField(exportValue(c, answers, { labelled: true, lang }), c.type === 'text')]),
    ].join(',') + '\r\n';

  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(schema.responses)
      .where(and(eq(schema.responses.waveId, waveId), gt(schema.responses.id, after)))
      .orderBy(asc(schema.responses.id))
      .limit(batch);
    if (rows.length === 0) break;
    let chunk = '';
    for (const r of rows) {
      const paradata = Paradata.loose().parse(r.paradata);
      const device = typeof paradata.deviceClass === 'string' ? paradata.deviceClass : null;
      const seconds = Math.round((r.submittedAt.getTime() - r.startedAt.getTime()) / 1000);
      chunk += row([String(r.id), r.sessionId, 'submitted', r.language, r.instrumentVersion, r.fingerprint, r.startedAt.toISOString(), r.submittedAt.toISOString(), seconds, device], Answers.parse(r.answers));
    }
    done += rows.length;
    options.onProgress?.(done, total);
    yield chunk;
    after = rows.at(-1)?.id ?? after;
  }

  if (options.includeBreakOffs) {
    let afterId = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await db
        .select()
        .from(schema.sessions)
        .where(and(eq(schema.sessions.waveId, waveId), eq(schema.sessions.status, 'break_off'), gt(schema.sessions.id, afterId)))
        .orderBy(asc(schema.sessions.id))
        .limit(batch);
      if (rows.length === 0) break;
      let chunk = '';
      for (const s of rows) {
        const answers = recordBreakOff(instrument, Answers.parse(s.answers));
        chunk += row([null, s.id, 'break_off', s.language, wi.version, wi.fingerprint, s.startedAt.toISOString(), null, null, s.deviceClass], answers);
      }
      done += rows.length;
      options.onProgress?.(done, total);
      yield chunk;
      afterId = rows.at(-1)?.id ?? afterId;
    }
  }
}
