/**
 * The choices of a select question: options with their codes, labels in every language,
 * `choice_filter` conditions (cascading selects) and the missing codes (`dont_know`, `refused`)
 * a list offers.
 */
import { ChosenMissingCode, type Condition, type Text } from '../instrument/index.ts';
import { barometerExtras, optionCode, unsupportedColumns, type Draft } from './cells.ts';
import { ExpressionError, parseExpression } from './expression.ts';
import { rowText, type FormChoice, type XlsForm } from './form.ts';
import type { QuestionLookup } from './to-condition.ts';

export interface Options {
  options: Draft[];
  codes: Map<string, string>;
  missing: Map<ChosenMissingCode, { text: Text; row: number }>;
}

export function readOptions(
  ctx: { readonly form: XlsForm },
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

export function parseFilter(
  source: string,
  lookup: QuestionLookup,
): { column: string; question: ReturnType<QuestionLookup> } {
  const expr = parseExpression(source);
  const inner = expr.type === 'paren' ? expr.inner : expr;
  if (inner.type === 'compare' && inner.op === '=') {
    const { left, right } = inner;
    if (left.type === 'name' && right.type === 'ref') return { column: left.name, question: lookup(right.name) };
    if (left.type === 'ref' && right.type === 'name') return { column: right.name, question: lookup(left.name) };
  }
  throw new ExpressionError('only "column = ${question}" can be expressed (options shown by an earlier answer)', 0);
}
