/**
 * Field submissions as ODK Central and KoboToolbox export them (one CSV or spreadsheet row per
 * submission, columns named by the XLSForm `name`, possibly behind group paths: `grp/Q` (Kobo),
 * `grp-Q` (ODK Central)), read against the instrument the form was exported from
 * (`barometer export xlsform`): each row's answers in the shape the web answers take, checked by
 * the same `validateAnswers` in submit mode, and its metadata (the submission's id, when it was
 * submitted, its interviewer). Pure: no database.
 *
 * - select_one, scale: the option code; select_multiple and rank: codes separated by spaces (or,
 *   without the combined column, Kobo's split `Q/option` 0/1 columns); grids: one `CODE_ITEM`
 *   column per item; integer, decimal, text: as written; acknowledge (consent): `OK`.
 * - `dont_know` / `refused` are choices of the question's list, as the export writes them.
 * - the form's hidden `instrument_fingerprint` must equal the wave instrument's: a row collected
 *   with another version of the form is refused.
 * - the submission's id: `instanceID` (`meta/instanceID`), else `KEY` (ODK Central), else `_uuid`
 *   (Kobo), its `uuid:` prefix dropped so that both exports of one submission name it alike.
 * - the interviewer: `SubmitterID` (ODK Central), `_submitted_by` (Kobo), `username`, `SubmitterName`.
 */
import {
  findQuestion,
  instrumentFingerprint,
  isMissingCode,
  validateAnswers,
  type Answers,
  type Instrument,
  type Question,
} from '../instrument/index.ts';
import { AppError } from '../errors.ts';

/** One refused field of a row (row numbers count the header as row 1, as a spreadsheet shows them). */
export interface RowProblem {
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

/** A row read and validated: what is stored for it. */
export interface SubmissionRow {
  readonly row: number;
  readonly externalId: string;
  readonly answers: Answers;
  readonly startedAt: Date;
  readonly submittedAt: Date;
  readonly interviewerId: string | null;
}

export type ReadRow =
  | { readonly ok: true; readonly value: SubmissionRow }
  | { readonly ok: false; readonly problems: readonly RowProblem[] };

/** A file the reader cannot take at all (no id column, not this form): nothing is read from it. */
function fileError(message: string): AppError {
  return new AppError('validation_failed', `file: ${message}`, [{ path: 'file', message }]);
}

type Meta = 'fingerprint' | 'instanceID' | 'KEY' | '_uuid' | 'submitted' | 'start' | 'interviewer';

/** What a column holds. */
type Column =
  | { readonly kind: 'question'; readonly q: Question }
  | { readonly kind: 'item'; readonly q: Extract<Question, { kind: 'grid' }>; readonly item: string }
  | { readonly kind: 'split'; readonly q: Extract<Question, { kind: 'multiple' }>; readonly option: string }
  | { readonly kind: 'meta'; readonly meta: Meta; readonly rank: number };

const META: Readonly<Record<string, { meta: Meta; rank: number }>> = {
  instrument_fingerprint: { meta: 'fingerprint', rank: 0 },
  instanceID: { meta: 'instanceID', rank: 0 },
  KEY: { meta: 'KEY', rank: 0 },
  _uuid: { meta: '_uuid', rank: 0 },
  SubmissionDate: { meta: 'submitted', rank: 0 },
  _submission_time: { meta: 'submitted', rank: 1 },
  start: { meta: 'start', rank: 0 },
  SubmitterID: { meta: 'interviewer', rank: 0 },
  _submitted_by: { meta: 'interviewer', rank: 1 },
  username: { meta: 'interviewer', rank: 2 },
  SubmitterName: { meta: 'interviewer', rank: 3 },
};

/** The names a header may stand for: itself, and its last segment after a group path. */
function namesOf(header: string): string[] {
  const h = header.trim();
  return [...new Set([h, h.split('/').pop() ?? h, h.split('-').pop() ?? h])];
}

function columnOf(instrument: Instrument, header: string): Column | undefined {
  const grids = instrument.blocks.flatMap((b) => b.questions.filter((q) => q.kind === 'grid'));
  for (const name of namesOf(header)) {
    const meta = META[name];
    if (meta) return { kind: 'meta', ...meta };
    const q = findQuestion(instrument, name);
    if (q && q.kind !== 'info') return { kind: 'question', q };
    for (const g of grids)
      for (const item of g.items) if (`${g.code}_${item.code}` === name) return { kind: 'item', q: g, item: item.code };
  }
  // Kobo's split select_multiple columns: `grp/Q/option`.
  const parts = header.trim().split('/');
  const option = parts.at(-1);
  const parent = parts.at(-2);
  if (option !== undefined && parent !== undefined)
    for (const name of namesOf(parent)) {
      const q = findQuestion(instrument, name);
      if (q?.kind === 'multiple' && (q.options.some((o) => o.code === option) || isMissingCode(option)))
        return { kind: 'split', q, option };
    }
  return undefined;
}

/** The columns of a header, and the header names left unread (ODK's and Kobo's other metadata). */
export interface SubmissionColumns {
  readonly columns: readonly (Column | undefined)[];
  readonly headers: readonly string[];
  readonly ignored: readonly string[];
}

/** Reads a header against the instrument; a file Barometer cannot read as this form is refused whole. */
export function submissionColumns(instrument: Instrument, header: readonly string[]): SubmissionColumns {
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const prior = seen.get(h.trim());
    if (prior !== undefined) throw fileError(`columns ${prior + 1} and ${i + 1} are both named "${h.trim()}"`);
    seen.set(h.trim(), i);
  });
  const columns = header.map((h) => columnOf(instrument, h));
  const has = (m: Meta) => columns.some((c) => c?.kind === 'meta' && c.meta === m);
  if (!has('fingerprint'))
    throw fileError(
      'no instrument_fingerprint column: the file was not collected with a form made by `barometer export xlsform` (its hidden field names the instrument version)',
    );
  if (!has('instanceID') && !has('KEY') && !has('_uuid'))
    throw fileError(
      "no submission id column (meta/instanceID, ODK Central's KEY or Kobo's _uuid): re-importing could not be told from new submissions",
    );
  if (!columns.some((c) => c !== undefined && c.kind !== 'meta'))
    throw fileError('no column names a question of the instrument');
  return {
    columns,
    headers: header.map((h) => h.trim()),
    ignored: header.filter((_, i) => !columns[i]).map((h) => h.trim()),
  };
}

/** A date-time as ODK Central (ISO with Z) and Kobo (ISO without zone, in UTC) write it. */
function parseTime(text: string): Date | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return parseTime(`${t}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`;
  const d = new Date(zoned.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A cell's value as the web would send it for that question (the validator then judges it). */
function rawAnswer(q: Question, cell: string): unknown {
  const v = cell.trim();
  if (v === '') return undefined;
  switch (q.kind) {
    case 'multiple':
    case 'ranking': {
      const codes = v.split(/\s+/);
      return codes.length === 1 && isMissingCode(codes[0]) ? codes[0] : codes;
    }
    case 'consent':
      return /^(ok|true|yes|1)$/i.test(v) ? true : /^(false|no|0)$/i.test(v) ? false : v;
    default:
      return v;
  }
}

/** The value of the first present column of a metadata kind (by rank). */
function metaValue(
  cols: SubmissionColumns,
  record: readonly string[],
  kinds: readonly Meta[],
): { value: string; header: string } | undefined {
  const found = cols.columns
    .map((c, i) => ({ c, i }))
    .flatMap(({ c, i }) =>
      c?.kind === 'meta' && kinds.includes(c.meta) ? [{ order: kinds.indexOf(c.meta) * 10 + c.rank, i }] : [],
    )
    .sort((a, b) => a.order - b.order);
  for (const { i } of found) {
    const value = record[i]?.trim() ?? '';
    if (value !== '') return { value, header: cols.headers[i] ?? '' };
  }
  return undefined;
}

/** Reads and validates one data row (`row`: its number in the file, the header being row 1). */
export function readSubmission(
  instrument: Instrument,
  cols: SubmissionColumns,
  record: readonly string[],
  row: number,
  now: Date,
): ReadRow {
  const problems: RowProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ row, field, message });
  if (record.length > cols.columns.length)
    problem(
      `column ${cols.columns.length + 1}`,
      `the row has ${record.length} fields, the header ${cols.columns.length}`,
    );
  const raw: Record<string, unknown> = {};
  const fieldOf = new Map<string, string>();
  const grids = new Map<string, Record<string, unknown>>();
  const splits = new Map<string, string[]>();
  cols.columns.forEach((c, i) => {
    const cell = record[i] ?? '';
    const header = cols.headers[i] ?? '';
    if (c?.kind === 'question') {
      fieldOf.set(c.q.code, header);
      const value = rawAnswer(c.q, cell);
      if (value !== undefined) raw[c.q.code] = value;
    } else if (c?.kind === 'item') {
      if (!fieldOf.has(c.q.code)) fieldOf.set(c.q.code, header);
      const v = cell.trim();
      if (v === '') return;
      const items = grids.get(c.q.code) ?? {};
      items[c.item] = isMissingCode(v) ? { missing: v } : v;
      grids.set(c.q.code, items);
    } else if (c?.kind === 'split') {
      if (!fieldOf.has(c.q.code)) fieldOf.set(c.q.code, header);
      const v = cell.trim();
      if (v !== '' && v !== '0' && v !== '1') problem(header, `expected 0 or 1, got "${v}"`);
      const chosen = splits.get(c.q.code) ?? [];
      if (v === '1') chosen.push(c.option);
      splits.set(c.q.code, chosen);
    }
  });
  for (const [code, items] of grids) raw[code] = items;
  // Split columns count only where the combined column is absent or empty.
  for (const [code, chosen] of splits)
    if (raw[code] === undefined && chosen.length > 0)
      raw[code] = chosen.length === 1 && isMissingCode(chosen[0]) ? chosen[0] : chosen;

  const fingerprint = metaValue(cols, record, ['fingerprint']);
  const expected = instrumentFingerprint(instrument);
  if (fingerprint?.value !== expected)
    problem(
      'instrument_fingerprint',
      fingerprint === undefined
        ? `empty: the row was not collected with the form of ${instrument.id} version ${instrument.version}`
        : `${fingerprint.value} is another version of the form than the wave's (${instrument.id} version ${instrument.version}, ${expected})`,
    );
  const id = metaValue(cols, record, ['instanceID', 'KEY', '_uuid']);
  if (id === undefined)
    problem('instanceID', 'empty: a submission without its id could not be told apart when imported again');
  const submittedText = metaValue(cols, record, ['submitted']);
  const submittedAt = submittedText === undefined ? now : parseTime(submittedText.value);
  if (submittedAt === undefined)
    problem(submittedText?.header ?? 'SubmissionDate', `"${submittedText?.value}" is not a date and time`);
  const startText = metaValue(cols, record, ['start']);
  const startedAt = startText === undefined ? submittedAt : parseTime(startText.value);
  if (startedAt === undefined) problem(startText?.header ?? 'start', `"${startText?.value}" is not a date and time`);

  const result = validateAnswers(instrument, raw, { mode: 'submit' });
  if (!result.ok)
    for (const [code, e] of Object.entries(result.errors))
      problem(fieldOf.get(code) ?? code, `${e.item ? `item ${e.item}: ` : ''}${e.message} (${e.code})`);
  if (problems.length > 0 || !result.ok || id === undefined || submittedAt === undefined || startedAt === undefined)
    return { ok: false, problems };
  return {
    ok: true,
    value: {
      row,
      externalId: id.value.replace(/^uuid:/, ''),
      answers: result.answers,
      startedAt,
      submittedAt,
      interviewerId: metaValue(cols, record, ['interviewer'])?.value ?? null,
    },
  };
}
