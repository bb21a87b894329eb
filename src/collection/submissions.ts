/**
 * Importing field submissions (ODK Central / KoboToolbox exports, read by submissions-read.ts)
 * into an open wave, row by row: every row is validated as the web's answers are; the valid rows
 * are stored (one session and one immutable response each, with the mode and the interviewer),
 * in one transaction; the invalid rows are reported (row number, field, why) and nothing is
 * written for them. The submission's id is the idempotency key: a row whose submission the wave
 * already holds adds nothing, so importing a file again, after fixing some rows, adds only those.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { audit, schema, type Database } from '../../db/index.ts';
import { AppError, ConflictError } from '../errors.ts';
import { presentationOrder, type InterviewerMode } from '../instrument/index.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { readSubmission, submissionColumns, type RowProblem, type SubmissionRow } from './submissions-read.ts';
import { loadInstrument } from './waves.ts';

export interface ImportSubmissionsInput {
  readonly waveId: string;
  /**
   * The file's rows, the header first, each with its number in the file as a person finds it there
   * (a CSV's record number, a spreadsheet's row number; the header is usually row 1).
   */
  readonly rows: readonly { readonly row: number; readonly values: readonly string[] }[];
  readonly mode: InterviewerMode;
  /** The language the interviews were held in (default: the instrument's first). */
  readonly language?: string | undefined;
  readonly actor: string;
}

export interface ImportReport {
  /** Data rows read (blank lines aside). */
  readonly rows: number;
  /** Rows stored now. */
  readonly added: number;
  /** Valid rows whose submission the wave already held (an earlier import): nothing added. */
  readonly already: number;
  /** One line per refused field; a row with any is not stored. */
  readonly refused: readonly RowProblem[];
  /** Header names that name nothing of the form (ODK's and Kobo's other metadata), left unread. */
  readonly ignored: readonly string[];
}

/** Rows stored per statement. */
const CHUNK = 500;

export async function importSubmissions(db: Database, input: ImportSubmissionsInput): Promise<ImportReport> {
  const [wave] = await db
    .select({ status: schema.waves.status, instrumentId: schema.waves.instrumentId })
    .from(schema.waves)
    .where(eq(schema.waves.id, input.waveId));
  if (!wave) throw new AppError('not_found', `wave ${input.waveId} not found`);
  if (wave.status !== 'open')
    throw new ConflictError('wave_not_open', `the wave is ${wave.status}: submissions are imported into an open wave`);
  const wi = await loadInstrument(db, wave.instrumentId);
  const languages = wi.instrument.languages.map((l) => l.code);
  const language = input.language ?? languages[0] ?? 'en';
  if (!languages.includes(language))
    throw new AppError(
      'validation_failed',
      `language: the instrument has no language "${language}" (has ${languages.join(', ')})`,
    );
  const [header, ...data] = input.rows;
  if (!header) throw new AppError('validation_failed', 'file: it is empty (no header row)');
  const cols = submissionColumns(wi.instrument, header.values);
  const now = new Date();
  const refused: RowProblem[] = [];
  const valid: SubmissionRow[] = [];
  const firstRow = new Map<string, number>();
  for (const { row, values } of data) {
    const read = readSubmission(wi.instrument, cols, values, row, now);
    if (!read.ok) {
      refused.push(...read.problems);
      continue;
    }
    const prior = firstRow.get(read.value.externalId);
    if (prior !== undefined) {
      refused.push({ row, field: 'instanceID', message: `the same submission as row ${prior}` });
      continue;
    }
    firstRow.set(read.value.externalId, row);
    valid.push(read.value);
  }

  let added = 0;
  await db.transaction(async (tx) => {
    // The wave is still open when the rows are stored (a close waits for this import, or it fails).
    const [locked] = await tx
      .select({ status: schema.waves.status })
      .from(schema.waves)
      .where(eq(schema.waves.id, input.waveId))
      .for('share');
    if (locked?.status !== 'open') throw new ConflictError('wave_not_open', 'the wave closed during the import');
    for (let from = 0; from < valid.length; from += CHUNK) {
      const part = valid.slice(from, from + CHUNK);
      const sessions = part.map((r) => {
        const id = randomUUID();
        return {
          row: r,
          values: {
            id,
            waveId: input.waveId,
            secretHash: hashSecret(newSecret('s_')),
            status: 'submitted' as const,
            language,
            presentation: presentationOrder(wi.instrument, id),
            consentedAt: r.startedAt,
            answers: r.answers,
            paradata: { pages: [] },
            deviceClass: 'unknown',
            mode: input.mode,
            interviewerId: r.interviewerId,
            externalId: r.externalId,
            startedAt: r.startedAt,
            updatedAt: r.submittedAt,
            endedAt: r.submittedAt,
          },
        };
      });
      const inserted = await tx
        .insert(schema.sessions)
        .values(sessions.map((s) => s.values))
        .onConflictDoNothing({
          target: [schema.sessions.waveId, schema.sessions.externalId],
          where: sql`${schema.sessions.externalId} is not null`,
        })
        .returning({ id: schema.sessions.id });
      const stored = new Set(inserted.map((s) => s.id));
      const fresh = sessions.filter((s) => stored.has(s.values.id));
      if (fresh.length === 0) continue;
      await tx.insert(schema.responses).values(
        fresh.map(({ row, values }) => ({
          sessionId: values.id,
          waveId: input.waveId,
          instrumentId: wi.instrumentId,
          instrumentVersion: wi.version,
          fingerprint: wi.fingerprint,
          language,
          mode: input.mode,
          interviewerId: row.interviewerId,
          answers: row.answers,
          presentation: values.presentation,
          paradata: {
            pages: [],
            deviceClass: 'unknown',
            startedAt: row.startedAt.toISOString(),
            submittedAt: row.submittedAt.toISOString(),
          },
          startedAt: row.startedAt,
          submittedAt: row.submittedAt,
        })),
      );
      added += fresh.length;
    }
    await audit(tx, {
      actor: input.actor,
      action: 'submissions.import',
      targetType: 'wave',
      targetId: input.waveId,
      details: { rows: data.length, added, refusedRows: new Set(refused.map((p) => p.row)).size, mode: input.mode },
    });
  });
  return { rows: data.length, added, already: valid.length - added, refused, ignored: cols.ignored };
}
