/**
 * One survey row of a question type → the DSL question it means (a plain object that
 * `defineInstrument` checks), or the lines saying what in the row cannot be expressed. A row with
 * any such line is not imported at all: half a question is never written.
 */
import { ChosenMissingCode, OptionCode, type Condition, type QuestionKind, type Text } from '../instrument/index.ts';
import { parseConstraint, type ConstrainedKind, type ConstraintFields } from './constraint.ts';
import { ExpressionError, parseExpression } from './expression.ts';
import { rowText, type FormChoice, type Unsupported, type XlsForm } from './form.ts';
import type { SheetRow } from './sheet.ts';
import { toCondition, type QuestionLookup } from './to-condition.ts';
import type { RowType } from './types.ts';

export type Draft = Record<string, unknown>;

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

/** Columns whose meaning Barometer cannot express: a non-empty cell makes the row unsupported. */
const UNSUPPORTED_COLUMNS: Readonly<Record<string, string>> = {
  default: 'default values are not supported',
  read_only: 'read-only questions are not supported',
  calculation: 'calculations are not supported',
  repeat_count: 'repeat groups are not supported',
  trigger: 'triggers are not supported',
  image: 'media labels are not supported',
  audio: 'media labels are not supported',
  video: 'media labels are not supported',
  'big-image': 'media labels are not supported',
  media: 'media labels are not supported',
};

export function questionCode(name: string): string | undefined {
  const code = name.toUpperCase().replace(/[-.]/g, '_');
  return /^[A-Z][A-Z0-9_]*$/.test(code) ? code : undefined;
}

export function optionCode(name: string): string | undefined {
  const code = name.toLowerCase().replace(/[-. ]/g, '_');
  return OptionCode.safeParse(code).success ? code : undefined;
}

const YES = new Set(['yes', 'true', 'true()', '1']);
const NO = new Set(['no', 'false', 'false()', '0']);

/** The row's JSON `barometer` cell (what an export carries that XLSForm cannot), or undefined. */
export function barometerExtras(cells: SheetRow['cells'], at: (reason: string) => void): Draft | undefined {
  const cell = cells.get('barometer');
  if (cell === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(cell);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...value };
  } catch {
    // reported below
  }
  at('the barometer cell must be a JSON object');
  return undefined;
}

function unsupportedColumns(cells: SheetRow['cells']): { column: string; reason: string }[] {
  return [...cells.keys()].flatMap((key) => {
    const base = key.split('::')[0] ?? key;
    const reason = UNSUPPORTED_COLUMNS[base];
    return reason ? [{ column: key, reason }] : [];
  });
}

interface Options {
  options: Draft[];
  codes: Map<string, string>;
  missing: Map<ChosenMissingCode, { text: Text; row: number }>;
}

function readOptions(
  ctx: BuildContext,
  choices: readonly FormChoice[],
  filter: { column: string; question: ReturnType<QuestionLookup> } | undefined,
  fail: (sheet: string, row: number, column: string, reason: string) => void,
): Options {
  const result: Options = { options: [], codes: new Map(), missing: new Map() };
  const byCode = new Map<string, Draft>();
  for (const choice of choices) {
    const media = unsupportedColumns(choice.cells);
    for (const u of media) fail('choices', choice.row, u.column, u.reason);
    const missing = ChosenMissingCode.safeParse(choice.name.toLowerCase());
    const code = optionCode(choice.name);
    const label = rowText(ctx.form, choice.cells, 'label');
    if ('absent' in label) {
      fail('choices', choice.row, 'label', 'a choice needs a label');
      continue;
    }
    if ('missing' in label) {
      fail('choices', choice.row, label.column, `no label in "${label.missing}" (every text needs every language)`);
      continue;
    }
    if (media.length > 0) continue;
    if (missing.success) {
      result.missing.set(missing.data, { text: label.text, row: choice.row });
      continue;
    }
    if (code === undefined) {
      fail('choices', choice.row, 'name', `"${choice.name}" cannot be an option code (letters, digits, _)`);
      continue;
    }
    result.codes.set(choice.name, code);
    let showIf: Condition | undefined;
    if (filter) {
      const value = choice.cells.get(filter.column);
      const target = value === undefined ? undefined : filter.question.optionCode(value);
      if (target === undefined) {
        fail('choices', choice.row, filter.column, `"${value ?? ''}" is not a choice of ${filter.question.code}`);
        continue;
      }
      showIf = { op: 'equals', question: filter.question.code, value: target };
    }
    const existing = byCode.get(code);
    if (existing) {
      const same = JSON.stringify(existing.label) === JSON.stringify(label.text);
      const previous = existing.showIf;
      if (!filter || !same || typeof previous !== 'object' || previous === null || !showIf || showIf.op !== 'equals') {
        fail('choices', choice.row, 'name', `choice "${choice.name}" appears twice in its list`);
        continue;
      }
      const values = 'values' in previous && Array.isArray(previous.values) ? previous.values : [];
      const earlier = 'value' in previous ? [previous.value] : values;
      existing.showIf = { op: 'in', question: filter.question.code, values: [...earlier, showIf.value] };
      continue;
    }
    const option: Draft = { code, label: label.text, ...(showIf ? { showIf } : {}) };
    const extras = barometerExtras(choice.cells, (reason) => fail('choices', choice.row, 'barometer', reason));
    Object.assign(option, extras);
    byCode.set(code, option);
    result.options.push(option);
  }
  return result;
}

function parseFilter(source: string, lookup: QuestionLookup): { column: string; question: ReturnType<QuestionLookup> } {
  const expr = parseExpression(source);
  const inner = expr.type === 'paren' ? expr.inner : expr;
  if (inner.type === 'compare' && inner.op === '=') {
    const { left, right } = inner;
    if (left.type === 'name' && right.type === 'ref') return { column: left.name, question: lookup(right.name) };
    if (left.type === 'ref' && right.type === 'name') return { column: right.name, question: lookup(left.name) };
  }
  throw new ExpressionError('only "column = ${question}" can be expressed (options shown by an earlier answer)', 0);
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
      : undefined;
  const limits = expression('constraint', (s) => {
    if (!constrained) throw new ExpressionError(`constraints on ${type.kind} questions are not supported`, 0);
    return parseConstraint(s, constrained);
  });
  const parameters = row.cells.get('parameters')?.replace(/\s+/g, '').toLowerCase();
  const randomize = parameters === 'randomize=true' || parameters === 'randomize=yes';
  if (parameters !== undefined && (!randomize || !('list' in type)))
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
    ...(showIf ? { showIf } : {}),
  };
  const draft = kindDraft(ctx, row, type, common, required, limits ?? {}, options, randomize);
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

function isCondition(value: unknown): value is Condition {
  return typeof value === 'object' && value !== null && 'op' in value;
}

function draftKind(kind: Extract<RowType, { row: 'question' }>['kind']): QuestionKind {
  switch (kind) {
    case 'integer':
    case 'decimal':
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
      return { kind: 'numeric', ...answerable, integer: type.kind === 'integer', ...limits };
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
