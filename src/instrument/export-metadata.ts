/**
 * The metadata columns every export of a wave starts with (CSV, SPSS, Stata), before the answers'
 * columns (export-columns.ts): their names, labels and formats in one place, read by the exports
 * (src/collection/export.ts, export-dataset.ts) and by the DDI codebook, which lists every column.
 * The interviewer of a response is never exported.
 */
import { RESPONSE_MODES } from './modes.ts';

export interface MetadataColumn {
  readonly name: string;
  /** The variable label (English, as the export writes it). */
  readonly label: string;
  readonly format: 'numeric' | 'character';
  /** The values a character column takes, when they are a fixed list. */
  readonly values?: readonly string[];
}

export const EXPORT_METADATA = [
  { name: 'response_id', label: 'Response id', format: 'numeric' },
  { name: 'session_id', label: 'Session id', format: 'character' },
  {
    name: 'status',
    label: 'Status (submitted or break_off)',
    format: 'character',
    values: ['submitted', 'break_off'],
  },
  {
    name: 'language',
    label: 'Language of the interview (the last, when an interviewer switched)',
    format: 'character',
  },
  { name: 'languages', label: 'Languages of the interview, in order of use', format: 'character' },
  { name: 'instrument_version', label: 'Instrument version', format: 'character' },
  { name: 'fingerprint', label: 'Instrument fingerprint', format: 'character' },
  { name: 'started_at', label: 'Started at (UTC)', format: 'numeric' },
  { name: 'submitted_at', label: 'Submitted at (UTC)', format: 'numeric' },
  { name: 'duration_seconds', label: 'Duration (seconds)', format: 'numeric' },
  { name: 'device_class', label: 'Device class', format: 'character' },
  {
    name: 'mode',
    label: 'Mode of collection (web, phone or face_to_face)',
    format: 'character',
    values: RESPONSE_MODES,
  },
] as const satisfies readonly MetadataColumn[];

export type MetadataName = (typeof EXPORT_METADATA)[number]['name'];

/** The label of the metadata column `name`. */
export function metadataLabel(name: MetadataName): string {
  const column = EXPORT_METADATA.find((c) => c.name === name);
  if (!column) throw new Error(`no metadata column ${name}`);
  return column.label;
}
