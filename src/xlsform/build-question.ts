/**
 * One survey row of a question type → the DSL question it means (a plain object that
 * `defineInstrument` checks), or the lines saying what in the row cannot be expressed. A row with
 * any such line is not imported at all: half a question is never written.
 */
import type { ChosenMissingCode, Condition, QuestionKind, Text } from '../instrument/index.ts';
import { barometerExtras, questionCode, unsupportedColumns, type Draft } from './cells.ts';
import { parseFilter, readOptions, type Options } from './options.ts';
import { parseConstraint, type ConstrainedKind, type ConstraintFields } from './constraint.ts';
import { ExpressionError, parseExpression } from './expression.ts';
import { rowText, type Unsupported, type XlsForm } from './form.ts';
import type { SheetRow } from './sheet.ts';
import { toCondition, type QuestionLookup } from './to-condition.ts';
import type { RowType } from './types.ts';

export interface BuiltQuestion {
  readonly code: string;
  readonly kind: QuestionKind;
  readonly draft: Draft;
  /** Choice name → option code (select and rank questions). */
  readonly optionCodes: ReadonlyMap<string, string>;
  /** Every condition of the question (its own and its options'), to place it after what it reads. */
  readonly conditions: readonly Condition[];
  /** Missing codes its choices offer, with their labels (the instrument has one label per code). */
  readonly missingLabels: ReadonlyMap<ChosenMissingCode, { text: Text; row: number }>;
}

export interface BuildContext {
  readonly form: XlsForm;
  readonly lookup: QuestionLookup;
  /** Notes that do not stop the import (a date asked as text). */
  readonly note: (u: Unsupported) => void;
}

/** The question of a survey row of a question type, or the lines of what cannot be expressed. */
export function buildQuestion(
  ctx: BuildContext,
  row: SheetRow,
  type: Extract<RowType, { row: 'question' }>,
): { built: BuiltQuestion } | { unsupported: Unsupported[] } {
  const problems: Unsupported[] = [];
  const fail = (sheet: string, at: number, column: string, reason: string) =>
    problems.push({ sheet, row: at, column, reason });
  const failHere = (column: string, reason: string) => fail('survey', row.row, column, reason);
  for (const u of unsupportedColumns(row.cells)) failHere(u.column, u.reason);
  const name = row.cells.get('name') ?? '';
  const code = questionCode(name);
  if (code === undefined) failHere('name', `"${name}" cannot be a question code (a letter, then letters, digits, _)`);
  const conditions: Condition[] = [];
  const piped = (column: string, text: Text): Text | undefined => {
    try {
      const result = pipedText(text, ctx.lookup);
      conditions.push(...result.reads.map((question): Condition => ({ op: 'answered', question })));
      return result.text;
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      failHere(column, err.message);
      return undefined;
    }
  };
  const labelText = rowText(ctx.form, row.cells, 'label');
  if ('absent' in labelText) failHere('label', 'a question needs a label');
  if ('missing' in labelText)
    failHere(labelText.column, `no label in "${labelText.missing}" (every text needs every language)`);
  const hintText = rowText(ctx.form, row.cells, 'hint');
  if ('missing' in hintText)
    failHere(hintText.column, `no hint in "${hintText.missing}" (every text needs every language)`);
  const guidance = rowText(ctx.form, row.cells, 'guidance_hint');
  if ('missing' in guidance)
    failHere(guidance.column, `no guidance_hint in "${guidance.missing}" (every text needs every language)`);
  const label = 'text' in labelText ? { text: piped('label', labelText.text) } : {};
  const hint = 'text' in hintText ? { text: piped('hint', hintText.text) } : {};
  const expression = <T>(column: string, read: (source: string) => T): T | undefined => {
    const source = row.cells.get(column);
    if (source === undefined) return undefined;
    try {
      return read(source);
    } catch (err) {
      if (err instanceof ExpressionError) failHere(column, `${err.message} in "${source}"`);
      else throw err;
      return undefined;
    }
  };
  const showIf = expression('relevant', (s) => toCondition(parseExpression(s), ctx.lookup));
  if (showIf) conditions.push(showIf);
  const requiredCell = row.cells.get('required')?.toLowerCase();
  const required =
    requiredCell === undefined ? false : YES.has(requiredCell) ? true : NO.has(requiredCell) ? false : undefined;
  if (required === undefined)
    failHere('required', `"${requiredCell ?? ''}" is not yes or no (conditional required is not supported)`);
  const constrained: ConstrainedKind | undefined =
    type.kind === 'integer' || type.kind === 'decimal' || type.kind === 'text' || type.kind === 'multiple'
      ? type.kind
      : type.kind === 'range'
        ? 'integer'
        : undefined;
  const limits = expression('constraint', (s) => {
    if (!constrained) throw new ExpressionError(`constraints on ${type.kind} questions are not supported`, 0);
    return parseConstraint(s, constrained);
  });
  const parameters = row.cells.get('parameters')?.replace(/\s+/g, '').toLowerCase();
  const randomize = parameters === 'randomize=true' || parameters === 'randomize=yes';
  const range = type.kind === 'range' ? rangeLimits(parameters ?? '') : undefined;
  if (range !== undefined && 'reason' in range) failHere('parameters', range.reason);
  if (parameters !== undefined && type.kind !== 'range' && (!randomize || !('list' in type)))
    failHere('parameters', `"${row.cells.get('parameters')}" is not supported (only randomize=true on a select)`);
  if (row.cells.has('choice_filter') && !('list' in type))
    failHere('choice_filter', 'only select questions filter choices');
  let options: Options | undefined;
  if ('list' in type) {
    const choices = ctx.form.choices.get(type.list);
    if (!choices) failHere('type', `no choice list "${type.list}" in the choices sheet`);
    const filter = expression('choice_filter', (s) => parseFilter(s, ctx.lookup));
    const before = problems.length;
    if (choices && (filter || !row.cells.has('choice_filter'))) options = readOptions(ctx, choices, filter, fail);
    if (options && problems.length === before && options.options.length + (type.orOther ? 1 : 0) < 2)
      failHere('type', `list "${type.list}" has fewer than two choices`);
  }
  const extras = barometerExtras(row.cells, (reason) => failHere('barometer', reason));
  if (problems.length > 0 || code === undefined || label.text === undefined || required === undefined)
    return { unsupported: problems };
  const common: Draft = {
    code,
    text: label.text,
    ...(hint.text ? { help: hint.text } : {}),
    ...('text' in guidance ? { interviewerInstruction: guidance.text } : {}),
    ...(showIf ? { showIf } : {}),
  };
  const bounds = { ...(range && !('reason' in range) ? range : {}), ...limits };
  const draft = kindDraft(ctx, row, type, common, required, bounds, options, randomize);
  const kind = draftKind(type.kind);
  Object.assign(draft, extras);
  if (draft.kind === 'scale' && 'options' in draft) {
    draft.points = draft.options;
    delete draft.options;
  }
  if (options) for (const o of options.options) if (isCondition(o.showIf)) conditions.push(o.showIf);
  return {
    built: {
      code,
      kind: draft.kind === 'scale' ? 'scale' : kind,
      draft,
      optionCodes: options?.codes ?? new Map(),
      conditions,
      missingLabels: options?.missing ?? new Map(),
    },
  };
}

/**
 * XLSForm piping (`${name}` in a label) → Barometer's (`{{CODE}}`): every language must pipe the
 * same questions, each an earlier question of the form (the `reads` place it on a later page).
 */
export function pipedText(text: Text, lookup: QuestionLookup): { text: Text; reads: string[] } {
  const reads = new Set<string>();
  let shape: string | undefined;
  const out: Record<string, string> = {};
  for (const [lang, wording] of Object.entries(text)) {
    const codes: string[] = [];
    out[lang] = wording.replace(/\$\{\s*([^}\s]+)\s*\}/g, (_all, name: string) => {
      const code = lookup(name).code;
      codes.push(code);
      reads.add(code);
      return `{{${code}}}`;
    });
    const key = [...codes].sort().join(',');
    if (shape !== undefined && shape !== key)
      throw new ExpressionError('every language must insert (${…}) the same answers', 0);
    shape = key;
  }
  return { text: out, reads: [...reads] };
}

/**
 * A `range` question's bounds from its parameters (`start=1;end=10;step=1`, pyxform's defaults):
 * a whole-number range with step 1 is a numeric question from start to end; any other step is not.
 */
export function rangeLimits(parameters: string): { min: number; max: number } | { reason: string } {
  const values: Record<string, number> = { start: 1, end: 10, step: 1 };
  for (const part of parameters.split(/[;,]/).filter((p) => p !== '')) {
    const [key = '', value = ''] = part.split('=');
    const n = Number(value);
    if (!(key in values) || value === '' || !Number.isFinite(n))
      return { reason: `"${part}" is not a range parameter (start, end, step)` };
    values[key] = n;
  }
  const { start = 1, end = 10, step = 1 } = values;
  if (step !== 1 || !Number.isInteger(start) || !Number.isInteger(end))
    return { reason: `a range with step ${step} from ${start} to ${end} cannot be expressed (whole numbers, step 1)` };
  return start <= end ? { min: start, max: end } : { min: end, max: start };
}

function isCondition(value: unknown): value is Condition {
  return typeof value === 'object' && value !== null && 'op' in value;
}

function draftKind(kind: Extract<RowType, { row: 'question' }>['kind']): QuestionKind {
  switch (kind) {
    case 'integer':
    case 'decimal':
    case 'range':
      return 'numeric';
    case 'date':
      return 'text';
    case 'note':
      return 'info';
    case 'acknowledge':
      return 'consent';
    default:
      return kind;
  }
}

function kindDraft(
  ctx: BuildContext,
  row: SheetRow,
  type: Extract<RowType, { row: 'question' }>,
  common: Draft,
  required: boolean,
  limits: ConstraintFields,
  options: Options | undefined,
  randomize: boolean,
): Draft {
  const missing = options ? [...options.missing.keys()].sort() : [];
  const answerable = { ...common, required, ...(missing.length > 0 ? { missing } : {}) };
  const multiline = /\bmultiline\b/.test(row.cells.get('appearance') ?? '');
  switch (type.kind) {
    case 'integer':
    case 'decimal':
    case 'range':
      return { kind: 'numeric', ...answerable, integer: type.kind !== 'decimal', ...limits };
    case 'text':
      return { kind: 'text', ...answerable, ...limits, ...(multiline ? { multiline: true } : {}) };
    case 'date':
      ctx.note({
        sheet: 'survey',
        row: row.row,
        column: 'type',
        reason: 'date is asked as text of at most 10 characters (YYYY-MM-DD): Barometer has no date question',
      });
      return { kind: 'text', ...answerable, maxLength: 10 };
    case 'note':
      return { kind: 'info', ...common };
    case 'acknowledge':
      return { kind: 'consent', ...common, required };
    case 'single':
    case 'multiple':
    case 'ranking': {
      const list = options?.options ?? [];
      const withOther =
        'orOther' in type && type.orOther && !list.some((o) => o.code === 'other')
          ? [...list, { code: 'other', label: sameText(ctx, 'Other') }]
          : list;
      return {
        kind: type.kind,
        ...answerable,
        options: withOther,
        ...limits,
        ...(randomize ? { randomize: true } : {}),
      };
    }
  }
}

/** The same wording in every language of the form (what pyxform does for or_other's "Other"). */
export function sameText(ctx: Pick<BuildContext, 'form'>, wording: string): Text {
  return Object.fromEntries(ctx.form.languages.map((l) => [l.code, wording]));
}

export type { Draft };

const YES = new Set(['yes', 'true', 'true()', '1']);
const NO = new Set(['no', 'false', 'false()', '0']);
