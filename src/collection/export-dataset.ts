/**
 * A wave's responses as a labelled dataset for the SPSS and Stata writers (`src/formats`):
 * one variable per question code (grid items `CODE_ITEM`; multiple choice one 0/1 variable per
 * option `CODE_option`; ranking one rank variable per option), question texts as variable
 * labels and option labels as value labels in the chosen language, coded values (an option's
 * `value`, else its position), and the four missing codes as distinct missing kinds: SPSS
 * user-missing codes below every valid value, Stata's .a don't know, .b refused, .c not asked,
 * .d break-off. Paradata keep their types (date-times, seconds). Contacts are never part of it.
 */
import type { Cell, Dataset, MissingKind, ValueLabel, Variable } from '../formats/dataset.ts';
import type { Paradata } from './schemas.ts';
import { isSystemMissingCode, SYSTEM_MISSING_LABELS } from '../instrument/system-missing.ts';
import { metadataLabel } from '../instrument/export-metadata.ts';
import {
  exportColumns,
  exportValue,
  findQuestion,
  isMissingCode,
  MISSING_CODES,
  ownEntry,
  type Answers,
  type ExportColumn,
  type Instrument,
  type MissingCode,
  RESPONSE_MODES,
  type ResponseMode,
  type Text,
} from '../instrument/index.ts';

/** One exported row: the response's metadata and answers. */
export interface ExportRecord {
  readonly responseId: number | null;
  readonly sessionId: string;
  readonly status: 'submitted' | 'break_off';
  readonly language: string;
  /** The languages of the interview in order of use, space-separated: more than one when an interviewer switched (default: `language`). */
  readonly languages?: string;
  readonly instrumentVersion: string;
  readonly fingerprint: string;
  readonly startedAt: Date;
  readonly submittedAt: Date | null;
  readonly deviceClass: string | null;
  /** How the response was collected: web, phone or face_to_face (its interviewer is never exported). */
  readonly mode: ResponseMode;
  readonly answers: Answers;
  /** The case weight of the current weighting run, when the export carries one. */
  readonly weight?: number | null;
  /** The quality flags (`;`-separated checks) and exclusion of the response, when the wave was checked. */
  readonly quality?: { readonly flags: string | null; readonly excluded: boolean | null } | null;
}

/** Widths (UTF-8 bytes) of the text-valued fields, measured over the rows before writing. */
export interface TextWidths {
  readonly meta: Readonly<Record<'language' | 'instrument_version' | 'fingerprint' | 'device_class', number>>;
  /** By question code (text questions). */
  readonly answers: Readonly<Record<string, number>>;
}

/** Don't know and refused where an instrument does not label them itself (it offers neither). */
const OFFERED_MISSING_LABELS: Record<'dont_know' | 'refused', string> = { dont_know: "Don't know", refused: 'Refused' };
/** The width of the `mode` variable: its longest value. */
const MODE_WIDTH = Math.max(...RESPONSE_MODES.map((m) => m.length));
/** Codes below every valid value of a numeric question with no lower bound. */
const FAR_BELOW = -99999990;

type Numeric = Extract<Variable, { type: 'numeric' }>;
type Extract1 = (record: ExportRecord) => Cell;

export interface ExportDataset {
  readonly dataset: Dataset;
  readonly cells: (record: ExportRecord) => Cell[];
}

/** The options of `exportDataset`. */
interface ExportOptions {
  lang: string;
  label: string;
  documents: readonly string[];
  widths: TextWidths;
  created: Date;
  /** The label of the `weight` variable (the current weighting run), absent when unweighted. */
  weight?: string | null;
  /** The wave's responses were quality-checked: add `quality_flags` and `quality_excluded` (docs/quality.md). */
  quality?: boolean;
}

/** The dataset of a wave's export and the function that turns a record into its row. */
export function exportDataset(instrument: Instrument, options: ExportOptions): ExportDataset {
  const lang = options.lang;
  const text = (t: Text | undefined): string => (t ? (ownEntry(t, lang) ?? Object.values(t)[0] ?? '') : '');
  const missing: MissingKind[] = MISSING_CODES.map((code) => {
    if (isSystemMissingCode(code)) return { name: code, label: text(SYSTEM_MISSING_LABELS[code]) };
    const own = instrument.missingLabels[code];
    return { name: code, label: own ? text(own) : OFFERED_MISSING_LABELS[code] };
  });
  const columns = datasetColumns();
  const weighted = addMetadataColumns(columns, options, languagesWidth(instrument));
  for (const column of exportColumns(instrument)) addAnswerColumn(columns, instrument, column, text, options.widths);
  return {
    dataset: {
      label: options.label,
      documents: options.documents,
      missing,
      variables: columns.variables,
      ...(weighted ? { weight: 'weight' } : {}),
      created: options.created,
    },
    cells: (record) => columns.extract.map((f) => f(record)),
  };
}

/** The variables of a dataset being built, each with the function that reads its cell from a record. */
interface DatasetColumns {
  readonly variables: Variable[];
  readonly extract: Extract1[];
  add(v: Variable, f: Extract1): void;
  str(name: string, label: string, width: number, f: (r: ExportRecord) => string | null): void;
  num(name: string, label: string, format: Numeric['format'], f: (r: ExportRecord) => number | null): void;
}

function datasetColumns(): DatasetColumns {
  const variables: Variable[] = [];
  const extract: Extract1[] = [];
  const add = (v: Variable, f: Extract1): void => {
    variables.push(v);
    extract.push(f);
  };
  return {
    variables,
    extract,
    add,
    str: (name, label, width, f) => add({ type: 'string', name, label, width: Math.max(1, width) }, f),
    num: (name, label, format, f) =>
      add({ type: 'numeric', name, label, measure: 'scale', format, valueLabels: [] }, f),
  };
}

/** The response's metadata (ids, status, language, instrument, times, device) and its weight; true when weighted. */
/** The width of the `languages` variable: every language of the instrument, once each. */
function languagesWidth(instrument: Instrument): number {
  return instrument.languages.reduce((n, l) => n + Buffer.byteLength(l.code) + 1, 0);
}

/** The languages of an interview in order of use: its language, or the languages an interviewer switched between. */
export function interviewLanguages(language: string, paradata: Pick<Paradata, 'languages'>): string {
  const switches = paradata.languages ?? [];
  const first = switches[0];
  if (first === undefined) return language;
  return [...new Set([first.from, ...switches.map((x) => x.to)])].join(' ');
}

function addMetadataColumns({ str, num }: DatasetColumns, options: ExportOptions, languages: number): boolean {
  const widths = options.widths.meta;
  num('response_id', metadataLabel('response_id'), 'integer', (r) => r.responseId);
  str('session_id', metadataLabel('session_id'), 36, (r) => r.sessionId);
  str('status', metadataLabel('status'), 9, (r) => r.status);
  str('language', metadataLabel('language'), widths.language, (r) => r.language);
  str('languages', metadataLabel('languages'), languages, (r) => r.languages ?? r.language);
  str('instrument_version', metadataLabel('instrument_version'), widths.instrument_version, (r) => r.instrumentVersion);
  str('fingerprint', metadataLabel('fingerprint'), widths.fingerprint, (r) => r.fingerprint);
  num('started_at', metadataLabel('started_at'), 'datetime', (r) => r.startedAt.getTime() / 1000);
  num('submitted_at', metadataLabel('submitted_at'), 'datetime', (r) =>
    r.submittedAt ? r.submittedAt.getTime() / 1000 : null,
  );
  num('duration_seconds', metadataLabel('duration_seconds'), 'integer', (r) =>
    r.submittedAt ? Math.round((r.submittedAt.getTime() - r.startedAt.getTime()) / 1000) : null,
  );
  str('device_class', metadataLabel('device_class'), widths.device_class, (r) => r.deviceClass);
  str('mode', metadataLabel('mode'), MODE_WIDTH, (r) => r.mode);
  const weighted = typeof options.weight === 'string';
  if (typeof options.weight === 'string') num('weight', options.weight, 'decimal', (r) => r.weight ?? null);
  if (options.quality) {
    str('quality_flags', 'Quality checks that flagged the response (;-separated)', 96, (r) => r.quality?.flags ?? null);
    num('quality_excluded', 'Excluded from weighting by a researcher (1)', 'integer', (r) =>
      r.quality?.excluded === undefined || r.quality.excluded === null ? null : Number(r.quality.excluded),
    );
  }
  return weighted;
}

/** The cell of a missing code (its kind's position), else an empty cell. */
function missingCell(value: unknown): Cell {
  return isMissingCode(value) ? { missing: MISSING_CODES.indexOf(value) } : null;
}

/** The variable(s) of one export column: coded, one 0/1 (or rank) per option, numeric, or text. */
function addAnswerColumn(
  columns: DatasetColumns,
  instrument: Instrument,
  column: ExportColumn,
  text: (t: Text | undefined) => string,
  widths: TextWidths,
): void {
  const label = column.item !== undefined ? `${text(column.questionText)} — ${text(column.label)}` : text(column.label);
  const value = (r: ExportRecord) => exportValue(column, r.answers);
  const choices = column.values.filter((v) => !v.missing);
  if (column.type === 'code' || column.type === 'boolean') {
    const labels: ValueLabel[] =
      column.type === 'boolean'
        ? [
            { value: 0, label: 'No' },
            { value: 1, label: 'Yes' },
          ]
        : choices.map((o, k) => ({
            value: choices.every((x) => x.value !== undefined) ? (o.value ?? k + 1) : k + 1,
            label: text(o.label) || o.code,
          }));
    const byCode = new Map(choices.map((o, k) => [o.code, labels[k]?.value ?? k + 1]));
    columns.add(
      coded(column, label, labels, column.kind === 'single' || column.type === 'boolean' ? 'nominal' : 'ordinal'),
      (r) => {
        const v = value(r);
        if (typeof v === 'boolean') return v ? 1 : 0;
        if (typeof v === 'string') return byCode.get(v) ?? missingCell(v);
        return null;
      },
    );
  } else if (column.type === 'codes') {
    choices.forEach((o) => {
      const ranking = column.kind === 'ranking';
      const v: Numeric = {
        ...coded(
          column,
          `${label}: ${text(o.label) || o.code}`,
          ranking
            ? []
            : [
                { value: 0, label: 'Not selected' },
                { value: 1, label: 'Selected' },
              ],
          ranking ? 'ordinal' : 'nominal',
        ),
        name: `${column.name}_${o.code}`,
      };
      columns.add(v, (r) => {
        const raw = value(r);
        if (typeof raw !== 'string') return null;
        if (isMissingCode(raw)) return missingCell(raw);
        const chosen = raw === '' ? [] : raw.split(';');
        const at = chosen.indexOf(o.code);
        return ranking ? (at < 0 ? null : at + 1) : at < 0 ? 0 : 1;
      });
    });
  } else if (column.type === 'number') {
    const q = findQuestion(instrument, column.question);
    const min = q?.kind === 'numeric' ? q.min : undefined;
    const integer = q?.kind === 'numeric' ? q.integer : false;
    const base = min === undefined ? FAR_BELOW : Math.min(0, Math.floor(min));
    columns.add(
      {
        type: 'numeric',
        name: column.name,
        label,
        measure: 'scale',
        format: integer ? 'integer' : 'decimal',
        valueLabels: [],
        missingCodes: [1, 2, 3, 4].map((k) => base - k),
      },
      (r) => {
        const v = value(r);
        return typeof v === 'number' ? v : missingCell(v);
      },
    );
  } else {
    columns.str(column.name, label, Math.max(9, widths.answers[column.question] ?? 1), (r) => {
      const v = value(r);
      return v === null ? null : String(v);
    });
  }
}

/** A coded numeric variable: value labels of the options, missing codes below the smallest value. */
function coded(
  column: ExportColumn,
  label: string,
  labels: readonly ValueLabel[],
  measure: Numeric['measure'],
): Numeric {
  const low = Math.min(0, ...labels.map((l) => Math.floor(l.value)));
  return {
    type: 'numeric',
    name: column.name,
    label,
    measure,
    format: 'integer',
    valueLabels: labels,
    missingCodes: [1, 2, 3, 4].map((k) => low - k),
  };
}
