/** Helpers of the export: a question's options as the export reads them, choice filters, tables. */
import type { Condition, Question, Text } from '../instrument/index.ts';

export type Cell = string | number;
export type Row = Record<string, Cell>;
export interface XlsFormSheets {
  readonly survey: Cell[][];
  readonly choices: Cell[][];
  readonly settings: Cell[][];
  readonly barometer: Cell[][];
}
export type ExportResult =
  | { readonly ok: true; readonly sheets: XlsFormSheets; readonly notes: readonly string[] }
  | { readonly ok: false; readonly refused: readonly string[] };

/** An option or a scale point, as far as the export reads them. */
export interface ExportOption {
  readonly code: string;
  readonly label: Text;
  readonly value?: number;
  readonly anchor?: boolean;
  readonly exclusive?: boolean;
  readonly showIf?: Condition;
}

export function optionsOf(q: Question): readonly ExportOption[] {
  if (q.kind === 'single' || q.kind === 'multiple' || q.kind === 'ranking') return q.options;
  if (q.kind === 'scale') return q.points;
  if (q.kind === 'grid') return q.scale;
  return [];
}

export function filterValues(c: Condition): (string | number)[] {
  if (c.op === 'equals' && typeof c.value === 'string') return [c.value];
  if (c.op === 'in' && c.values.length > 1) return c.values;
  return [];
}

/** `filter = ${Q}` when every option shows for answers of one single-choice question Q. */
export function choiceFilter(options: readonly ExportOption[]): string | undefined {
  let question: string | undefined;
  for (const o of options) {
    const c = o.showIf;
    if (!c || (c.op !== 'equals' && c.op !== 'in')) return undefined;
    if (filterValues(c).length === 0 || (question !== undefined && question !== c.question)) return undefined;
    question = c.question;
  }
  return question === undefined ? undefined : `filter = \${${question}}`;
}

export function table(rows: readonly Row[], first: readonly string[]): Cell[][] {
  const columns = [...first];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return [columns, ...rows.map((row) => columns.map((c) => row[c] ?? ''))];
}
